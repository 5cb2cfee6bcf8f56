package io.socketgrid.protocol;

/** Event names the protocol reserves; application events never start with {@code #}. */
public final class ReservedEvents {
    public static final String HANDSHAKE = "#handshake";
    public static final String SUBSCRIBE = "#subscribe";
    public static final String UNSUBSCRIBE = "#unsubscribe";
    public static final String PUBLISH = "#publish";
    public static final String PREFIX = "#";

    private ReservedEvents() {
    }

    public static boolean isReserved(String event) {
        return event.startsWith(PREFIX);
    }
}
