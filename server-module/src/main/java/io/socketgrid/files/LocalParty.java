package io.socketgrid.files;

import io.socketgrid.engine.Connection;
import io.socketgrid.engine.ConnectionWriter;

import java.nio.ByteBuffer;

/** A party connected to this node. */
record LocalParty(Connection connection, ConnectionWriter writer) implements Party {

    @Override
    public String socketId() {
        return connection.id();
    }

    @Override
    public void sendText(String frame) {
        writer.send(connection, frame);
    }

    @Override
    public void sendChunk(ByteBuffer message) {
        writer.sendFlowControlled(connection, message);
    }
}
