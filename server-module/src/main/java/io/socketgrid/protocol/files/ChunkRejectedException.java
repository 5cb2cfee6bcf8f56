package io.socketgrid.protocol.files;

/** A well-formed chunk that does not fit its transfer (overlap, past the size or the credit). */
public final class ChunkRejectedException extends Exception {

    public ChunkRejectedException(String message) {
        super(message, null, false, false);
    }
}
