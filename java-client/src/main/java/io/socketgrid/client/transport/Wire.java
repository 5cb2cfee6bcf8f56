package io.socketgrid.client.transport;

/**
 * One open WebSocket connection as the protocol engine sees it. Safe to call from any thread.
 */
public interface Wire {

    /**
     * Queues one text message. Messages go out in call order. Returns false, sending nothing, when the
     * connection is closing or closed, or when its outbound queue is over its bound (the wire is then
     * aborted and {@link WireListener#closed} follows).
     */
    boolean sendText(String text);

    /** Starts the closing handshake with {@code code}; {@link WireListener#closed} follows. */
    void close(int code, String reason);

    /** Drops the connection at once, without a closing handshake; no further callbacks are made. */
    void abort();
}
