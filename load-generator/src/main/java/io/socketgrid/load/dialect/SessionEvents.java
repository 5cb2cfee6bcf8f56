package io.socketgrid.load.dialect;

import jakarta.json.JsonValue;

/**
 * What a {@link Session} reports to the workload that drives it, on the session's I/O thread (never two calls
 * for one session at once). Heartbeats and the dialect's opening steps are answered by the session itself.
 */
public interface SessionEvents {

    /** The session is open (SocketCluster: handshake answered; Socket.IO: namespace connected). */
    void ready(Session session);

    /** A channel message for a subscription of this session, with the data the publisher sent. */
    void delivered(Session session, String channel, JsonValue data);

    /** Any other event the server sent (a transmitted pong, a file-transfer event, …). */
    void event(Session session, String event, JsonValue data);

    /**
     * The session is over, once: {@code code} is the WebSocket close code (1006 when the connection broke or
     * never opened), {@code reason} says why; {@link Session#wasReady()} tells a failure to open from a drop.
     * Calls still unanswered are in {@link Session#unanswered()}.
     */
    void ended(Session session, int code, String reason);
}
