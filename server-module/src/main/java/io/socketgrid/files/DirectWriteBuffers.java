package io.socketgrid.files;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The page-aligned native buffers that let uploads be written with direct I/O, around the page cache
 * (docs/PERFORMANCE.md, "Uploads and the page cache"): one per upload while it is open, at most
 * {@code capacity} in all, so the native memory this takes is bounded ({@value #BUFFER_BYTES} bytes each). A
 * buffer is made on first need and reused after; when all are lent, {@link #borrow} answers null and the
 * upload is written through the page cache instead. Thread-safe.
 */
final class DirectWriteBuffers {

    /** Alignment of every buffer, and of every direct write's length: a multiple of the usual block sizes. */
    static final int ALIGNMENT = 4096;
    /** Size of each buffer: what one direct write carries at most. */
    static final int BUFFER_BYTES = 1 << 20;

    private final int capacity;
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    private int made;
    private int lent;

    /** @param capacity buffers that may exist at once; 0 never lends one (every upload goes through the page cache) */
    DirectWriteBuffers(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more, was " + capacity);
        }
        this.capacity = capacity;
    }

    /** An empty buffer of {@link #BUFFER_BYTES}, aligned to {@link #ALIGNMENT}; null when none is free. */
    synchronized ByteBuffer borrow() {
        ByteBuffer buffer = idle.poll();
        if (buffer == null) {
            if (made == capacity) {
                return null;
            }
            try {
                buffer = ByteBuffer.allocateDirect(BUFFER_BYTES + ALIGNMENT).alignedSlice(ALIGNMENT).slice(0, BUFFER_BYTES);
            } catch (OutOfMemoryError noNativeMemory) {
                return null;
            }
            made++;
        }
        lent++;
        return buffer.clear();
    }

    /** Takes back a buffer {@link #borrow} gave; its contents are dropped. */
    synchronized void giveBack(ByteBuffer buffer) {
        lent--;
        idle.push(buffer);
    }

    /** Buffers lent and not given back. */
    synchronized int lent() {
        return lent;
    }
}
