package io.socketgrid.engine;

import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.protocol.ProtocolError;
import jakarta.json.JsonValue;

import java.nio.ByteBuffer;

/**
 * The outbound side of the protocol, for the router and for extensions: every frame goes through the
 * connection's bounded queue. Each method returns false when the socket is closed or its queue refused the
 * frame (it is then being closed as a slow consumer).
 */
public final class ConnectionWriter {

    private final FrameCodec codec;

    ConnectionWriter(FrameCodec codec) {
        this.codec = codec;
    }

    /** A frame encoded already (by this node, or by another node that relays through this one). */
    public boolean send(Connection connection, String encodedFrame) {
        return connection.send(encodedFrame);
    }

    /** The successful answer to the invoke {@code cid}; {@code data} may be null. */
    public boolean answer(Connection connection, long cid, JsonValue data) {
        return connection.send(codec.encodeResponse(cid, data));
    }

    /** The error answer {@code {name, message}} to the invoke {@code cid}. */
    public boolean fail(Connection connection, long cid, String name, String message) {
        return connection.send(codec.encodeError(cid, new ProtocolError(name, message)));
    }

    /**
     * A binary message whose size is already bounded by flow control (a file chunk within its receiver's
     * credit): counted in the queue's bytes, never refused for its size.
     */
    public boolean sendFlowControlled(Connection connection, ByteBuffer message) {
        return connection.send(OutboundFrame.binary(message, true));
    }
}
