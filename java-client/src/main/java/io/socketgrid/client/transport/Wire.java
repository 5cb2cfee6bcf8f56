package io.socketgrid.client.transport;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

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

    /**
     * Queues one binary message: the buffer's remaining bytes, which the caller must not change afterwards.
     * Sent in call order with the text messages; returns false as {@link #sendText} does.
     *
     * @throws UnsupportedOperationException when the transport sends no binary messages (the JDK transport, so
     *                                       far: the client protocol has no use for them yet)
     */
    default boolean sendBinary(ByteBuffer data) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " sends no binary messages");
    }

    /** Starts the closing handshake with {@code code}; {@link WireListener#closed} follows. */
    void close(int code, String reason);

    /** Drops the connection at once, without a closing handshake; no further callbacks are made. */
    void abort();

    /** {@code reason} cut to what a close frame may carry: at most 123 bytes of UTF-8 (null becomes empty). */
    static String shortenReason(String reason) {
        String text = reason == null ? "" : reason;
        while (text.getBytes(StandardCharsets.UTF_8).length > 123) {
            text = text.substring(0, text.length() - 1);
        }
        return text;
    }
}
