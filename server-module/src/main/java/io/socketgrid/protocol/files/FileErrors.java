package io.socketgrid.protocol.files;

/** Error names of file transfers (docs/PROTOCOL.md, "File transfer"), as clients receive them. */
public final class FileErrors {
    public static final String TOO_LARGE = "FileTooLargeError";
    public static final String QUOTA = "FileQuotaError";
    public static final String REJECTED = "FileRejectedError";
    public static final String UNKNOWN = "FileUnknownError";
    public static final String CHUNK = "FileChunkError";
    public static final String CHECKSUM = "FileChecksumError";
    public static final String TIMEOUT = "FileTimeoutError";
    public static final String CANCELLED = "FileCancelledError";
    public static final String RESUME = "FileResumeError";
    public static final String STORAGE = "FileStorageError";

    private FileErrors() {
    }
}
