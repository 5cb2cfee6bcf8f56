package io.socketgrid.engine;

import java.nio.ByteBuffer;

/**
 * One WebSocket message waiting to be sent: text or binary, with its size in bytes on the wire (text counted
 * by its UTF-8 encoding).
 */
sealed interface OutboundFrame {

    /** Bytes this frame holds while it waits. */
    int bytes();

    /**
     * True when the frame's bytes are already bounded by flow control (a file chunk sent within the credit
     * its receiver granted): it is counted but never refused for passing the queue's limit.
     */
    boolean flowControlled();

    /** Writes this frame to {@code transport}. */
    void writeTo(Transport transport, java.util.function.Consumer<Throwable> completion);

    static OutboundFrame text(String text) {
        return new Text(text, Utf8.length(text));
    }

    /** A binary frame of the remaining bytes of {@code data}, which the queue owns from now on. */
    static OutboundFrame binary(ByteBuffer data, boolean flowControlled) {
        return new Binary(data, data.remaining(), flowControlled);
    }

    record Text(String text, int bytes) implements OutboundFrame {
        @Override
        public boolean flowControlled() {
            return false;
        }

        @Override
        public void writeTo(Transport transport, java.util.function.Consumer<Throwable> completion) {
            transport.sendText(text, completion);
        }
    }

    record Binary(ByteBuffer data, int bytes, boolean flowControlled) implements OutboundFrame {
        @Override
        public void writeTo(Transport transport, java.util.function.Consumer<Throwable> completion) {
            transport.sendBinary(data, completion);
        }
    }
}
