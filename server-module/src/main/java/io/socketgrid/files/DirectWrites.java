package io.socketgrid.files;

import io.socketgrid.concurrent.DaemonThreads;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What uploads written with direct I/O share (docs/PERFORMANCE.md, "Uploads and the page cache"): page-aligned
 * native buffers, one lease of {@value #LEASE_BYTES} bytes per upload while it is open and at most
 * {@code capacity} leases in all, so the native memory this takes is bounded; and the one thread that writes
 * full buffers to disk while the uploads' own threads go on receiving. A lease is made on first need and reused
 * after; when all are lent, {@link #borrow} answers null and the upload is written through the page cache
 * instead. Thread-safe; {@link #close} stops the writer thread.
 */
final class DirectWrites implements AutoCloseable {

    /** Alignment of every buffer, and of every direct write's position and length: a multiple of the usual block sizes. */
    static final int ALIGNMENT = 4096;
    /** Size of one lease: two halves, one filling while the other is written. */
    static final int LEASE_BYTES = 2 << 20;

    private final int capacity;
    private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
    /** Null when nothing may be written direct (capacity 0). */
    private final ExecutorService writer;
    private int made;
    private int lent;

    /**
     * Direct writes into new files of {@code folder}: {@code capacity} leases when its file system's block size
     * divides {@link #ALIGNMENT}, else none. Asked once, here: the file store lookup reads the mount table.
     */
    static DirectWrites forFolder(Path folder, int capacity) throws IOException {
        long block = Files.getFileStore(folder).getBlockSize();
        return new DirectWrites(block > 0 && ALIGNMENT % block == 0 ? capacity : 0);
    }

    /** @param capacity leases that may exist at once; 0 never lends one (every upload goes through the page cache) */
    DirectWrites(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be 0 or more, was " + capacity);
        }
        this.capacity = capacity;
        this.writer = capacity == 0 ? null : Executors.newSingleThreadExecutor(DaemonThreads.named("socketgrid-direct-writes"));
    }

    /** An empty buffer of {@link #LEASE_BYTES}, aligned to {@link #ALIGNMENT}; null when none is free. */
    synchronized ByteBuffer borrow() {
        ByteBuffer lease = idle.poll();
        if (lease == null) {
            if (made == capacity) {
                return null;
            }
            try {
                lease = ByteBuffer.allocateDirect(LEASE_BYTES + ALIGNMENT).alignedSlice(ALIGNMENT).slice(0, LEASE_BYTES);
            } catch (OutOfMemoryError noNativeMemory) {
                return null;
            }
            made++;
        }
        lent++;
        return lease.clear();
    }

    /** Takes back a lease {@link #borrow} gave, once nothing writes from it any more; its contents are dropped. */
    synchronized void giveBack(ByteBuffer lease) {
        lent--;
        idle.push(lease);
    }

    /** Leases lent and not given back. */
    synchronized int lent() {
        return lent;
    }

    /**
     * Writes {@code data}'s remaining bytes to {@code channel} from file position {@code position}, on the writer
     * thread; the future fails with the write's IOException. {@code data} must not be touched until it is done.
     */
    Future<Void> write(FileChannel channel, ByteBuffer data, long position) {
        return writer.submit(() -> {
            writeFully(channel, data, position);
            return null;
        });
    }

    /** Writes all of {@code data}'s remaining bytes to {@code channel} from file position {@code position}, here. */
    static void writeFully(FileChannel channel, ByteBuffer data, long position) throws IOException {
        for (long at = position; data.hasRemaining(); ) {
            at += channel.write(data, at);
        }
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.shutdown();
        }
    }
}
