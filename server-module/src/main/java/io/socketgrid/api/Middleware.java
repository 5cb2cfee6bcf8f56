package io.socketgrid.api;

import jakarta.json.JsonValue;

/**
 * Application code that allows or blocks what clients do, registered with {@link Handlers#use(Middleware)}
 * (the SocketCluster middleware stages, in Java). Each hook has an allow-all default: override the ones
 * you need; hooks you do not override cost nothing. Middlewares run in registration order and the first
 * block wins.
 *
 * <p>Contract: hooks are called on the socket's inbound thread (publish-out: on the thread delivering the
 * channel message) and must not block; {@code socket} already carries its identity
 * ({@link ClientSocket#authToken()}, {@link ClientSocket#principal()}). A hook that throws blocks the action
 * with {@code MiddlewareError} and is counted as a handler failure.
 */
public interface Middleware {

    /**
     * A client's {@code #handshake}, after its token (if any) was checked. A block answers the handshake with
     * the error and closes the socket with 4008.
     */
    default Verdict onHandshake(ClientSocket socket) {
        return Verdict.ALLOW;
    }

    /** An application event without a call id; a block drops it. */
    default Verdict onTransmit(ClientSocket socket, String event, JsonValue data) {
        return Verdict.ALLOW;
    }

    /** An application event that expects an answer; a block answers it with the error. */
    default Verdict onInvoke(ClientSocket socket, String event, JsonValue data) {
        return Verdict.ALLOW;
    }

    /** {@code #subscribe} to {@code channel}; a block fails the subscription with the error. */
    default Verdict onSubscribe(ClientSocket socket, String channel) {
        return Verdict.ALLOW;
    }

    /** A client's {@code #publish} to {@code channel}; a block fails the publish, nothing is published. */
    default Verdict onPublishIn(ClientSocket socket, String channel, JsonValue data) {
        return Verdict.ALLOW;
    }

    /**
     * A channel message about to be sent to one subscriber; false drops it for that subscriber only. Called
     * once per local subscriber and message: keep it cheap.
     */
    default boolean onPublishOut(ClientSocket socket, String channel, JsonValue data) {
        return true;
    }
}
