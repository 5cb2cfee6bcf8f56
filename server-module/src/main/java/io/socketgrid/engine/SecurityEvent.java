package io.socketgrid.engine;

/** What the security checks count, each in {@code security} of {@code GET /socketgrid/stats}. */
public enum SecurityEvent {
    /** An HTTP upgrade from an origin {@code allowedOrigins} does not allow: HTTP 403. */
    ORIGIN_REFUSED,
    /** A socket over {@code maxConnections}: closed with 1013. */
    INSTANCE_FULL,
    /** A socket over {@code maxConnectionsPerAddress}: closed with 1013. */
    ADDRESS_FULL,
    /** An action over the socket's {@code inboundRate}: refused with RateLimitError. */
    RATE_LIMITED,
    /** A batch longer than {@code maxBatchLength}: closed with 1009. */
    BATCH_TOO_LONG,
    /** A token that did not verify (forged, malformed, expired, not yet valid). */
    TOKEN_REJECTED,
    /** A socket's token expired while it was connected: it was deauthenticated. */
    TOKEN_EXPIRED,
    /** A socket authenticated (token accepted, token set by the server, or container principal). */
    AUTHENTICATED,
    /** An action refused by a built-in rule: a channel that needs authentication, publish switched off, the subscription cap. */
    POLICY_BLOCKED,
    /** An action an application middleware blocked. */
    MIDDLEWARE_BLOCKED,
    /** A channel message a publish-out middleware dropped for one subscriber. */
    PUBLISH_OUT_DROPPED,
    /** A middleware threw (the action was blocked with MiddlewareError). */
    MIDDLEWARE_FAILED,
    /** A request for an operations document from a host or user that may not read it: HTTP 403. */
    OPS_REFUSED
}
