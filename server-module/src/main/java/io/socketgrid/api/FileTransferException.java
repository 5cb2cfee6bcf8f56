package io.socketgrid.api;

/** A file transfer that did not complete: {@link #name()} is the protocol's error name (FileRejectedError, …). */
public final class FileTransferException extends RuntimeException {

    private final String name;

    public FileTransferException(String name, String message) {
        super(message);
        this.name = name;
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + ": " + getMessage();
    }
}
