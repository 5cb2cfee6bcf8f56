package io.socketgrid.client.transport;

/** What a {@link Transport} reports about one connection; see {@link Transport}'s contract for the order. */
public interface WireListener {

    /** The WebSocket is open; {@code wire} sends on it. */
    void opened(Wire wire);

    /** One whole text message (fragments are joined before this call). */
    void text(String message);

    /** One whole binary message; the client protocol has no use for it (file chunks are not supported yet). */
    void binary(int length);

    /**
     * The connection is over (or never opened): {@code code} is the close code received, or 1006 when the
     * connection broke or could not be opened, in which case {@code reason} says why.
     */
    void closed(int code, String reason);
}
