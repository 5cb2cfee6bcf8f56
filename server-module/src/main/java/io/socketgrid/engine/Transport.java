package io.socketgrid.engine;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine's view of one WebSocket: what a container adapter implements.
 *
 * <p>The engine never has more than one send ({@link #sendText} or {@link #sendBinary}) outstanding per
 * transport.
 */
public interface Transport {

    /**
     * Starts writing one text message. {@code completion} is called exactly once, with null on success or
     * the failure, on any thread, possibly before this method returns.
     */
    void sendText(String text, Consumer<Throwable> completion);

    /**
     * Starts writing one text message, as {@link #sendText(String, Consumer)}, where {@code frame} supplies the
     * message's complete WebSocket frame as a server writes it (shared with other transports: read it, never
     * change it). A transport that can write prepared frames writes those bytes; the default sends {@code text}.
     */
    default void sendText(String text, Supplier<byte[]> frame, Consumer<Throwable> completion) {
        sendText(text, completion);
    }

    /**
     * Starts writing one binary message of {@code data}'s remaining bytes; the transport may consume the
     * buffer. {@code completion} as for {@link #sendText}.
     */
    void sendBinary(ByteBuffer data, Consumer<Throwable> completion);

    /** Closes the WebSocket with {@code code}; may be called more than once. Must not throw. */
    void close(int code, String reason);

    /** The peer, for log lines ("127.0.0.1:50412"). */
    String describe();
}
