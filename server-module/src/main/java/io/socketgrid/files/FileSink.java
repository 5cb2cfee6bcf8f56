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

/**
 * A partial upload on disk: bytes are appended in file order and hashed as they go. Not thread-safe (its
 * transfer serialises access).
 */
final class FileSink implements AutoCloseable {

    private final Path path;
    private final FileChannel channel;
    private final MessageDigest digest;
    private long written;

    FileSink(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.digest = sha256();
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
        while (data.hasRemaining()) {
            written += channel.write(data);
        }
    }

    long written() {
        return written;
    }

    Path path() {
        return path;
    }

    /** Closes the file and returns the SHA-256 (hex) of every byte appended. */
    String finish() throws IOException {
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

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a file we only wrote: nothing left to lose
        }
    }
}
