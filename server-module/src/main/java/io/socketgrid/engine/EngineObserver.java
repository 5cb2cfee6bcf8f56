package io.socketgrid.engine;

import io.socketgrid.protocol.InvalidFrameKind;

/**
 * The metrics hook: told of every connection event and every message in and out. Called on the hot path
 * from many threads at once, so implementations must be cheap and thread-safe (counters, not logging).
 */
public interface EngineObserver {

    EngineObserver NONE = new EngineObserver() { };

    default void connectionOpened() {
    }

    /** A connection ended; {@code code} is the close code it ended with. */
    default void connectionClosed(int code) {
    }

    /** A text message of {@code chars} characters arrived (before decoding). */
    default void messageIn(int chars) {
    }

    /** A text message of {@code chars} characters was written to a socket. */
    default void messageOut(int chars) {
    }

    /** A binary message of {@code bytes} bytes arrived. */
    default void binaryIn(int bytes) {
    }

    /** A binary message of {@code bytes} bytes was written to a socket. */
    default void binaryOut(int bytes) {
    }

    /** A frame was refused as not part of the protocol. */
    default void invalidFrame(InvalidFrameKind kind) {
    }

    /** A transmit nobody handles, or an invoke no procedure answers. */
    default void unhandledEvent(boolean invoke) {
    }

    /** A reserved event was refused (a bad channel name, a second handshake, publish not allowed, …). */
    default void refused() {
    }

    /** A response frame whose {@code rid} matches no call of ours. */
    default void unknownResponse() {
    }

    /** An application handler or procedure threw. */
    default void handlerFailed() {
    }

    /** A targeted send reached this node for a socket that is not (or no longer) here. */
    default void undeliverable() {
    }

    /** The broker failed a subscribe or a publish. */
    default void brokerFailed() {
    }

    /** A socket was closed because its outbound queue overflowed. */
    default void slowConsumerClosed() {
    }

    /** A security check counted {@code event}. */
    default void security(SecurityEvent event) {
    }

    /** A socket's {@code #handshake} was accepted (its id and status were sent). */
    default void handshakeAccepted() {
    }

    /** This node handed a channel message (of a client or the application) to the broker to publish. */
    default void published() {
    }

    /** {@code count} messages of a channel never reached this node (its broker subscription fell too far behind). */
    default void channelMessagesSkipped(long count) {
    }

    /** {@code count} channel messages were written to one local subscriber (a batch of them counts each). */
    default void delivered(int count) {
    }

    /** An invoke was answered (success or error) {@code nanos} after it arrived. */
    default void invokeAnswered(long nanos) {
    }
}
