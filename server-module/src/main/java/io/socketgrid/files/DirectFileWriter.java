package io.socketgrid.files;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * Appends to a new file with direct I/O ({@code O_DIRECT}), around the page cache, through a lease of
 * {@link DirectWrites} cut in two halves: appended bytes fill one half while the other, full, is written by
 * the shared writer thread, so receiving and writing overlap. Every write is aligned; the last, partial block
 * is padded, then the file is cut to its length. Bytes appended but not yet written live only in the lease
 * until {@link #finish}. A failed write surfaces as the IOException of a later {@link #append} or of
 * {@link #finish}. Not thread-safe (one caller at a time, as its {@link FileSink}).
 */
final class DirectFileWriter {

    private static final int HALF = DirectWrites.LEASE_BYTES / 2;

    private final FileChannel channel;
    private final DirectWrites writes;
    /** The whole lease; null once given back. */
    private ByteBuffer lease;
    private ByteBuffer filling;
    private ByteBuffer spare;
    /** The write of {@link #spare}, while it runs. */
    private Future<Void> inFlight;
    /** File position of {@link #filling}'s first byte. */
    private long position;

    private DirectFileWriter(FileChannel channel, DirectWrites writes, ByteBuffer lease) {
        this.channel = channel;
        this.writes = writes;
        this.lease = lease;
        this.filling = lease.slice(0, HALF);
        this.spare = lease.slice(HALF, HALF);
    }

    /**
     * A writer of the new file {@code path}; null, with no file left behind, when {@code writes} has no lease free
     * (none at all where the block size does not fit: {@link DirectWrites#forFolder}) or the file system refuses
     * direct I/O.
     */
    static DirectFileWriter create(Path path, DirectWrites writes) throws IOException {
        ByteBuffer lease = writes.borrow();
        if (lease == null) {
            return null;
        }
        try {
            return new DirectFileWriter(FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    ExtendedOpenOption.DIRECT), OwnerOnly.file(path)), writes, lease);
        } catch (UnsupportedOperationException | IOException | LinkageError refused) {
            // LinkageError: a server whose module system hides jdk.unsupported's ExtendedOpenOption from applications.
            // Partial files are named by their unique transfer id: one that exists now was made by this attempt.
            writes.giveBack(lease);
            Files.deleteIfExists(path);
            return null;
        }
    }

    /** Takes all of {@code data}'s remaining bytes. */
    void append(ByteBuffer data) throws IOException {
        while (data.hasRemaining()) {
            int n = Math.min(data.remaining(), filling.remaining());
            filling.put(filling.position(), data, data.position(), n);
            filling.position(filling.position() + n);
            data.position(data.position() + n);
            if (!filling.hasRemaining()) {
                handOff();
            }
        }
    }

    /** Gives the full half to the writer thread (after the previous write is done) and goes on with the other. */
    private void handOff() throws IOException {
        awaitWrite();
        inFlight = writes.write(channel, filling.flip(), position);
        position += HALF;
        ByteBuffer next = spare;
        spare = filling;
        filling = next.clear();
    }

    private void awaitWrite() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("a direct write failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a direct write ran");
        } finally {
            inFlight = null;
        }
    }

    /** Writes what is left, cuts the file to {@code length} (every byte appended), closes it and gives the lease back. */
    void finish(long length) throws IOException {
        awaitWrite();
        int tail = filling.position();
        if (tail > 0) {
            filling.limit(-Math.floorDiv(-tail, DirectWrites.ALIGNMENT) * DirectWrites.ALIGNMENT).position(0);
            DirectWrites.writeFully(channel, filling, position);
            channel.truncate(length);
        }
        close();
    }

    /** Closes the file and gives the lease back, once no write uses it; never throws. */
    void close() {
        if (lease == null) {
            return;
        }
        try {
            awaitWrite();
        } catch (IOException ignored) {
            // abandoning the file: its write errors no longer matter
        }
        writes.giveBack(lease);
        lease = null;
        try {
            channel.close();
        } catch (IOException ignored) {
            // a file we only wrote, being abandoned or already complete
        }
    }
}
