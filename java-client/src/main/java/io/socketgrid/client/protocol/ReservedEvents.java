package io.socketgrid.client.protocol;

/** The reserved event names a client sends or receives; application events never start with {@code #}. */
public final class ReservedEvents {
    public static final String HANDSHAKE = "#handshake";
    public static final String SUBSCRIBE = "#subscribe";
    public static final String UNSUBSCRIBE = "#unsubscribe";
    public static final String PUBLISH = "#publish";
    public static final String AUTHENTICATE = "#authenticate";
    public static final String REMOVE_AUTH_TOKEN = "#removeAuthToken";
    public static final String SET_AUTH_TOKEN = "#setAuthToken";
    public static final String KICK_OUT = "#kickOut";
    /** Server → client (SocketGrid): offsets {@code from}..{@code to} of a channel's stream will never arrive. */
    public static final String GAP = "#gap";

    private ReservedEvents() {
    }

    public static boolean isReserved(String event) {
        return event.startsWith("#");
    }
}
