package io.socketgrid.protocol;

/** Event names the protocol reserves; application events never start with {@code #}. */
public final class ReservedEvents {
    public static final String HANDSHAKE = "#handshake";
    public static final String SUBSCRIBE = "#subscribe";
    public static final String UNSUBSCRIBE = "#unsubscribe";
    public static final String PUBLISH = "#publish";
    /** Client → server: authenticate with a signed token (an invoke). */
    public static final String AUTHENTICATE = "#authenticate";
    /** Client → server: log out; server → client: forget the token. */
    public static final String REMOVE_AUTH_TOKEN = "#removeAuthToken";
    /** Server → client: store this signed token. */
    public static final String SET_AUTH_TOKEN = "#setAuthToken";
    /** Server → client: you were removed from a channel ({@code {channel, message}}). */
    public static final String KICK_OUT = "#kickOut";
    /**
     * Server → client (a SocketGrid extension): messages {@code from}..{@code to} of a channel's stream were lost
     * before they reached this socket ({@code {channel, epoch, from, to}}); the official client ignores it.
     */
    public static final String GAP = "#gap";
    public static final String PREFIX = "#";

    private ReservedEvents() {
    }

    public static boolean isReserved(String event) {
        return event.startsWith(PREFIX);
    }
}
