package io.socketgrid.files;

import io.socketgrid.protocol.files.ChunkFrame;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One request body of the HTTP carrier, cut into chunk messages as its bytes arrive: bytes
 * {@code [offset, offset + length)} of transfer {@code transferId}'s file, each chunk of at most
 * {@code chunkBytes} handed to {@code deliver} as soon as it is full. Not thread-safe: one per request, fed by
 * one reader at a time.
 */
final class HttpChunkStream {

    private final String transferId;
    private final long offset;
    private final long length;
    private final int chunkBytes;
    private final Consumer<ByteBuffer> deliver;
    private ByteBuffer message;
    private long taken;

    HttpChunkStream(String transferId, long offset, long length, int chunkBytes, Consumer<ByteBuffer> deliver) {
        this.transferId = transferId;
        this.offset = offset;
        this.length = length;
        this.chunkBytes = chunkBytes;
        this.deliver = deliver;
    }

    /**
     * Takes {@code count} bytes of {@code data} from {@code from}; delivers every chunk they complete.
     *
     * @return false when the body is longer than announced (nothing more is taken)
     */
    boolean write(byte[] data, int from, int count) {
        if (taken + count > length) {
            return false;
        }
        int at = from;
        int left = count;
        while (left > 0) {
            if (message == null) {
                int piece = (int) Math.min(chunkBytes, length - taken);
                message = ByteBuffer.allocate(ChunkFrame.headerSize(transferId) + piece);
                ChunkFrame.writeHeader(message, transferId, offset + taken, piece);
            }
            int n = Math.min(left, message.remaining());
            message.put(data, at, n);
            at += n;
            left -= n;
            taken += n;
            if (!message.hasRemaining()) {
                ByteBuffer full = message.flip();
                message = null;
                deliver.accept(full);
            }
        }
        return true;
    }

    /** True when exactly the announced length was taken (every chunk delivered). */
    boolean complete() {
        return taken == length;
    }
}
