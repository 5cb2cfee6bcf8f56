package io.socketgrid.files;

import java.nio.ByteBuffer;

/**
 * A client taking part in a transfer, as its owner node reaches it: a socket of this node, or a socket of
 * another node that relays. Sends never block; what a closed socket is sent is dropped (its departure reaches
 * the transfer separately).
 */
interface Party {

    String socketId();

    /** Sends a frame encoded already. */
    void sendText(String frame);

    /** Sends a chunk message as a binary WebSocket message, within the credit the client granted. */
    void sendChunk(ByteBuffer message);

    default boolean is(Party other) {
        return other != null && socketId().equals(other.socketId());
    }
}
