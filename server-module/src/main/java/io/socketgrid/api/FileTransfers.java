package io.socketgrid.api;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * File transfer for applications ({@code @Inject FileTransfers}): push a file to a socket wherever it is
 * connected, list what is stored. Clients upload with {@code #file.offer} (docs/PROTOCOL.md, "File
 * transfer"); every upload is checked against the SHA-256 the client offered before it is stored, and each
 * stored upload is fired as an asynchronous CDI event: observe it with
 * {@code void stored(@ObservesAsync StoredFile file)}. All methods are thread-safe and never block.
 */
public interface FileTransfers {

    /**
     * Offers the file at {@code file} to socket {@code socketId} (on any node) as {@code name} of media type
     * {@code type}, and sends it once the client accepts. Completes with the SHA-256 (hex) the client verified,
     * or exceptionally with a {@link FileTransferException} naming why not (FileRejectedError when the client
     * rejected it or is not connected, FileTimeoutError, FileChecksumError, FileCancelledError, …).
     */
    CompletionStage<String> push(String socketId, Path file, String name, String type);

    /**
     * Offers a file stored on this node (one of {@link #storedFiles()}) to socket {@code socketId} under its
     * stored name and type, like {@link #push(String, Path, String, String)}. The offer carries the SHA-256 the
     * store verified when the file was uploaded, so nothing is read before the offer: the other form hashes its
     * file first (about a second per GB). Completes exceptionally with FileUnknownError when this node stores
     * no such file.
     */
    CompletionStage<String> push(String socketId, StoredFile file);

    /** The files stored on this node, oldest first. */
    List<StoredFile> storedFiles();

    /** Where a stored file of this node lies on disk. */
    Path pathOf(StoredFile file);
}
