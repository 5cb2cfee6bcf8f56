package io.socketgrid.files;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A partial upload on disk: bytes are appended in file order and hashed as they go. Not thread-safe (its
 * transfer serialises access).
 *
 * <p>Written one of two ways, the same bytes either way. <b>Direct</b> when it holds a buffer of
 * {@link DirectWriteBuffers}: appended bytes gather in that aligned buffer and go to the disk a megabyte at a
 * time with {@code O_DIRECT}, around the page cache (the last, partial block is padded, then the file cut to
 * its length); bytes appended but not yet written live only in that buffer until {@link #finish}.
 * <b>Buffered</b> otherwise (no buffer free, direct writes turned off, or a file system that refuses them):
 * through the page cache. Either way the buffer goes back when the sink is finished, discarded or closed.
 */
final class FileSink implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final MessageDigest digest;
    private final DirectWriteBuffers buffers;
    /** The direct write buffer; null when buffered, and once given back. */
    private ByteBuffer staging;
    private long written;

    private FileSink(Path path, FileChannel channel, DirectWriteBuffers buffers, ByteBuffer staging) {
        this.path = path;
        this.channel = channel;
        this.buffers = buffers;
        this.staging = staging;
        this.digest = sha256();
    }

    /** A new partial file at {@code path}, written direct when {@code buffers} lends a buffer and the file system allows it. */
    static FileSink create(Path path, DirectWriteBuffers buffers) throws IOException {
        ByteBuffer staging = buffers.borrow();
        if (staging != null) {
            FileChannel direct = openDirect(path);
            if (direct != null) {
                return new FileSink(path, direct, buffers, staging);
            }
            buffers.giveBack(staging);
        }
        return new FileSink(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                buffers, null);
    }

    /** The new file opened for direct writes, or null (nothing left behind) when its file system does not allow them. */
    private static FileChannel openDirect(Path path) throws IOException {
        long block = Files.getFileStore(path.getParent()).getBlockSize();
        if (block <= 0 || DirectWriteBuffers.ALIGNMENT % block != 0) {
            return null;
        }
        try {
            return FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (UnsupportedOperationException | IOException refused) {
            // partial files are named by their unique transfer id: one that exists now was made by this attempt
            Files.deleteIfExists(path);
            return null;
        }
    }

    /** Whether this sink writes around the page cache. */
    boolean direct() {
        return staging != null;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Appends {@code data}'s remaining bytes (consuming them). */
    void append(ByteBuffer data) throws IOException {
        digest.update(data.duplicate());
        if (staging == null) {
            while (data.hasRemaining()) {
                written += channel.write(data);
            }
            return;
        }
        while (data.hasRemaining()) {
            int n = Math.min(data.remaining(), staging.remaining());
            staging.put(staging.position(), data, data.position(), n);
            staging.position(staging.position() + n);
            data.position(data.position() + n);
            written += n;
            if (!staging.hasRemaining()) {
                writeStaged();
            }
        }
    }

    /** Writes the staged bytes, padded to the alignment with whatever the buffer held, and empties the buffer. */
    private void writeStaged() throws IOException {
        int padded = -Math.floorDiv(-staging.position(), DirectWriteBuffers.ALIGNMENT) * DirectWriteBuffers.ALIGNMENT;
        staging.limit(padded).position(0);
        while (staging.hasRemaining()) {
            channel.write(staging);
        }
        staging.clear();
    }

    long written() {
        return written;
    }

    Path path() {
        return path;
    }

    /** Closes the file and returns the SHA-256 (hex) of every byte appended. */
    String finish() throws IOException {
        if (staging != null) {
            if (staging.position() > 0) {
                writeStaged();
                channel.truncate(written);
            }
            releaseStaging();
        }
        channel.close();
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Closes and deletes the partial file; never throws. */
    void discard() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.getLogger(FileSink.class.getName()).log(System.Logger.Level.WARNING,
                    "could not delete the partial file " + path + ": " + e);
        }
    }

    private void releaseStaging() {
        if (staging != null) {
            buffers.giveBack(staging);
            staging = null;
        }
    }

    @Override
    public void close() {
        releaseStaging();
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file we only wrote: nothing left to lose
        }
    }
}
