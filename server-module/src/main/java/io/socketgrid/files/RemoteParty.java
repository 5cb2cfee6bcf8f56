package io.socketgrid.files;

import io.socketgrid.protocol.files.RouteMessage;

import java.nio.ByteBuffer;

/** A party connected to another node, reached through that node (its relay). */
record RemoteParty(String node, String socketId, TransferRelay relay) implements Party {

    @Override
    public void sendText(String frame) {
        relay.send(node, RouteMessage.text(RouteMessage.Kind.TO_CLIENT_TEXT, relay.localNode(), socketId, frame));
    }

    @Override
    public void sendChunk(ByteBuffer message) {
        relay.send(node, new RouteMessage(RouteMessage.Kind.TO_CLIENT_CHUNK, relay.localNode(), socketId, message));
    }
}
