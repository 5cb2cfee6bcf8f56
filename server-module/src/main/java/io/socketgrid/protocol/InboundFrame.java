package io.socketgrid.protocol;

import jakarta.json.JsonValue;

/**
 * One decoded unit of a text message. A batch (JSON array) decodes into several of these, in order.
 * Decoding never throws: what cannot be understood becomes an {@link Invalid} frame that says why.
 */
public sealed interface InboundFrame {

    /** Marks a frame without a call id. */
    long NO_CID = -1;

    /**
     * {@code {"event":…,"data":…}} (a transmit) or {@code {"event":…,"data":…,"cid":n}} (an invoke).
     * {@code data} is {@link JsonValue#NULL} when absent.
     */
    record Event(String event, JsonValue data, long cid) implements InboundFrame {
        public boolean isInvoke() {
            return cid != NO_CID;
        }
    }

    /** {@code {"rid":n,"data":…}} or {@code {"rid":n,"error":{…}}}; {@code error} is null on success. */
    record Response(long rid, JsonValue data, ProtocolError error) implements InboundFrame {
    }

    /** The empty message: a heartbeat answer (and, from a server, a heartbeat). */
    record Heartbeat() implements InboundFrame {
    }

    /** A frame that is not part of the protocol; {@code cid} is known when the frame carried a usable one. */
    record Invalid(InvalidFrameKind kind, String detail, long cid) implements InboundFrame {
        public boolean canBeAnswered() {
            return cid != NO_CID;
        }
    }
}
