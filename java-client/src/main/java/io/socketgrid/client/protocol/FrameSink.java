package io.socketgrid.client.protocol;

import jakarta.json.JsonValue;

/**
 * Receives the frames {@link ClientCodec#decode} finds in one text message, in order, on the decoding thread.
 * A visitor rather than a list of frame objects, so that decoding a message allocates no list and no frame
 * records beyond the JSON values themselves.
 */
public interface FrameSink {

    /** The empty message {@code ""}: the server's heartbeat, to be answered with {@code ""}. */
    void heartbeat();

    /**
     * {@code {"event":…,"data":…}} ({@code cid} is {@link ClientCodec#NO_CID}) or an invoke of the client
     * ({@code cid} ≥ 0). {@code data} is {@link JsonValue#NULL} when absent.
     */
    void event(String event, JsonValue data, long cid);

    /** {@code {"rid":…,"data":…}}; {@code data} is {@link JsonValue#NULL} when absent. */
    void response(long rid, JsonValue data);

    /** {@code {"rid":…,"error":{"name":…,"message":…}}}. */
    void errorResponse(long rid, String name, String message);

    /** Something that is not a frame of the protocol; {@code detail} says what and quotes its start. */
    void invalid(String detail);
}
