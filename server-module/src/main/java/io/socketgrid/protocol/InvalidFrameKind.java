package io.socketgrid.protocol;

/** Why a frame was refused; each kind is counted separately. */
public enum InvalidFrameKind {
    /** Not parseable as JSON. */
    MALFORMED_JSON,
    /** Valid JSON but neither an event nor a response (a number, an object without event or rid, …). */
    NOT_A_FRAME,
    /** {@code event} present but not a non-empty string. */
    BAD_EVENT_NAME,
    /** {@code cid} or {@code rid} present but not a non-negative integer. */
    BAD_CALL_ID,
    /** An empty batch, or a batch nested inside a batch. */
    BAD_BATCH,
    /** Arrays and objects nested deeper than {@link FrameCodec#MAX_DEPTH}. */
    TOO_DEEP,
    /** A binary message where this server expects none (no extension takes binary messages). */
    UNEXPECTED_BINARY
}
