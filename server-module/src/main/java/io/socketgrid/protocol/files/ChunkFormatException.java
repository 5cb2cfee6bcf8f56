package io.socketgrid.protocol.files;

/** A chunk message that does not follow the chunk format; answered with {@code FileChunkError}. */
public final class ChunkFormatException extends Exception {

    private final String transferId;

    public ChunkFormatException(String transferId, String message) {
        super(message, null, false, false);
        this.transferId = transferId;
    }

    /** The transfer the message named, or null when not even that could be read. */
    public String transferId() {
        return transferId;
    }
}
