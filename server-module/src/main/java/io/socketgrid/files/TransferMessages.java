package io.socketgrid.files;

import io.socketgrid.api.StoredFile;
import io.socketgrid.protocol.FrameCodec;
import io.socketgrid.protocol.ProtocolError;
import io.socketgrid.protocol.files.FileEvents;
import io.socketgrid.protocol.files.FileOffer;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

import java.nio.ByteBuffer;
import java.util.Base64;

/** Encodes the text frames of file transfers (docs/PROTOCOL.md, "File transfer"). */
final class TransferMessages {

    /** Where a sender may PUT the bytes of a transfer instead of sending chunk frames, below the application. */
    static final String HTTP_CHUNKS = "socketgrid/files/chunks/";

    private final FrameCodec codec;
    private final JsonProvider json;

    TransferMessages(FrameCodec codec) {
        this.codec = codec;
        this.json = codec.json();
    }

    /** The offer a receiving client gets; {@code from} is null when the server sends. */
    String offer(String id, FileOffer file, String from) {
        JsonObjectBuilder data = json.createObjectBuilder().add("id", id).add("name", file.name())
                .add("size", file.size()).add("type", file.type()).add("sha256", file.sha256());
        data = from == null ? data.addNull("from") : data.add("from", from);
        return codec.encodeTransmit(FileEvents.OFFER, data.build());
    }

    /**
     * The answer to a sender's offer: send from {@code offset} within {@code window}, in chunk frames of at
     * most {@code chunkSize}, or in HTTP request bodies to {@code httpChunks} (relative to the application).
     */
    String accepted(long cid, String id, long offset, long window, int chunkSize) {
        return codec.encodeResponse(cid, json.createObjectBuilder().add("id", id).add("offset", offset)
                .add("window", window).add("chunkSize", chunkSize).add("httpChunks", HTTP_CHUNKS + id).build());
    }

    /** The answer to a receiver's accept. */
    String acceptAcknowledged(long cid, String id) {
        return codec.encodeResponse(cid, json.createObjectBuilder().add("id", id).build());
    }

    String ack(String id, long offset) {
        return codec.encodeTransmit(FileEvents.ACK, json.createObjectBuilder().add("id", id).add("offset", offset).build());
    }

    String verified(String id, String sha256) {
        return codec.encodeTransmit(FileEvents.VERIFIED, json.createObjectBuilder().add("id", id).add("sha256", sha256).build());
    }

    /** An upload's verdict: the digest and where the file is now. */
    String stored(String id, StoredFile file) {
        return codec.encodeTransmit(FileEvents.VERIFIED, json.createObjectBuilder().add("id", id)
                .add("sha256", file.sha256()).add("name", file.name()).add("size", file.size())
                .add("type", file.type()).add("url", file.url()).build());
    }

    /** {@code #file.failed}: the transfer is over; {@code id} may be null when no transfer could be named. */
    String failed(String id, String name, String message) {
        JsonObjectBuilder data = json.createObjectBuilder();
        data = id == null ? data.addNull("id") : data.add("id", id);
        data.add("error", json.createObjectBuilder().add("name", name).add("message", message));
        return codec.encodeTransmit(FileEvents.FAILED, data.build());
    }

    /** The error answer to the invoke {@code cid}. */
    String error(long cid, String name, String message) {
        return codec.encodeError(cid, new ProtocolError(name, message));
    }

    /** A chunk as a text event, for clients without binary frames. */
    String chunkAsText(String id, long offset, ByteBuffer payload) {
        byte[] bytes = new byte[payload.remaining()];
        payload.duplicate().get(bytes);
        return codec.encodeTransmit(FileEvents.CHUNK, json.createObjectBuilder().add("id", id).add("offset", offset)
                .add("data", Base64.getEncoder().encodeToString(bytes)).build());
    }
}
