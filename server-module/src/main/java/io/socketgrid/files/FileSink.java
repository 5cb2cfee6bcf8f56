package io.socketgrid.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * A partial upload on disk: bytes are appended in file order and hashed as they go. Not thread-safe (its
 * transfer serialises access).
 *
 * <p>Written <b>direct</b>, around the page cache, by a {@link DirectFileWriter} when {@link DirectWrites} lends a
 * buffer and the file system allows it; else <b>buffered</b>, through the page cache (no lease free, direct
 * writes turned off, or a file system that refuses them). The same bytes either way.
 */
final class FileSink implements AutoCloseable {

    private final Path path;
    /** Null when written direct. */
    private final FileChannel buffered;
    /** Null when buffered. */
    private final DirectFileWriter direct;
    private final MessageDigest digest;
    private long written;

    private FileSink(Path path, FileChannel buffered, DirectFileWriter direct) {
        this.path = path;
        this.buffered = buffered;
        this.direct = direct;
        this.digest = sha256();
    }

    /** A new partial file at {@code path}: written direct when {@code writes} can, else through the page cache. */
    static FileSink create(Path path, DirectWrites writes) throws IOException {
        DirectFileWriter direct = DirectFileWriter.create(path, writes);
        return direct != null ? new FileSink(path, null, direct)
                : new FileSink(path, FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        OwnerOnly.file(path)), null);
    }

    /** Whether this sink writes around the page cache. */
    boolean direct() {
        return direct != null;
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
        int length = data.remaining();
        if (direct != null) {
            direct.append(data);
        } else {
            while (data.hasRemaining()) {
                buffered.write(data);
            }
        }
        written += length;
    }

    long written() {
        return written;
    }

    Path path() {
        return path;
    }

    /** Closes the file and returns the SHA-256 (hex) of every byte appended. */
    String finish() throws IOException {
        if (direct != null) {
            direct.finish(written);
        } else {
            buffered.close();
        }
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

    @Override
    public void close() {
        if (direct != null) {
            direct.close();
            return;
        }
        try {
            buffered.close();
        } catch (IOException ignored) {
            // closing a file we only wrote: nothing left to lose
        }
    }
}
