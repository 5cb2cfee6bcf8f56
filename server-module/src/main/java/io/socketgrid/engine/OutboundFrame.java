package io.socketgrid.engine;

import io.socketgrid.protocol.ServerTextFrame;

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

    /**
     * A text message. One instance may be queued for many sockets (a channel's delivery): its WebSocket frame is
     * then encoded once, by the first transport that asks, and shared by all of them.
     */
    final class Text implements OutboundFrame {
        private final String text;
        private final int bytes;
        private volatile byte[] wireFrame; // made on first use; two threads racing make equal arrays

        Text(String text, int bytes) {
            this.text = text;
            this.bytes = bytes;
        }

        public String text() {
            return text;
        }

        @Override
        public int bytes() {
            return bytes;
        }

        @Override
        public boolean flowControlled() {
            return false;
        }

        /** The message's complete frame as a server writes it ({@link ServerTextFrame}); shared, never to be written to. */
        byte[] wireFrame() {
            byte[] frame = wireFrame;
            if (frame == null) {
                frame = ServerTextFrame.encode(text);
                wireFrame = frame;
            }
            return frame;
        }

        @Override
        public void writeTo(Transport transport, java.util.function.Consumer<Throwable> completion) {
            transport.sendText(text, this::wireFrame, completion);
        }

        @Override
        public String toString() {
            return "Text[" + bytes + " bytes]";
        }
    }

    record Binary(ByteBuffer data, int bytes, boolean flowControlled) implements OutboundFrame {
        @Override
        public void writeTo(Transport transport, java.util.function.Consumer<Throwable> completion) {
            transport.sendBinary(data, completion);
        }
    }
}
