package io.socketgrid.files;

import io.socketgrid.api.FileTransferException;
import io.socketgrid.protocol.files.ChunkFrame;
import io.socketgrid.protocol.files.ChunkRejectedException;
import io.socketgrid.protocol.files.CreditWindow;
import io.socketgrid.protocol.files.FileErrors;
import io.socketgrid.protocol.files.FileOffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;

/**
 * This node sends a file of the application's to a client. The client is offered the file, accepts with a
 * window, and gets chunks read from disk as its acknowledgements open the credit; its verdict completes
 * {@link #result()}. When its socket goes the push waits {@code fileResumeTimeout} for an accept of the same
 * id (from any socket, on any node) that says how many bytes it already has.
 */
final class Push extends ResumableTransfer {

    private final Path path;
    private final CompletableFuture<String> result = new CompletableFuture<>();
    private Party receiver;
    private boolean base64;
    private FileChannel source;
    private CreditWindow credit;

    Push(String id, FileOffer file, TransferContext context, Party receiver, Path path) {
        super(id, file, context);
        this.receiver = receiver;
        this.path = path;
    }

    CompletableFuture<String> result() {
        return result;
    }

    void start() {
        receiver.sendText(messages.offer(id, file, null));
    }

    @Override
    Party client() {
        return receiver;
    }

    @Override
    void detach() {
        receiver = null;
    }

    @Override
    void accept(Party from, long cid, long offset, long window, boolean base64) {
        boolean resumed = credit != null;
        // a resume may come from a new socket before the old one's departure is known: the newest wins
        if (!from.is(receiver) && !resumed) {
            unknown(from, cid);
            return;
        }
        if (offset < 0 || offset > file.size() || window <= 0) {
            from.sendText(messages.error(cid, "InvalidArgumentsError", "accept needs 0 <= offset <= " + file.size() + " and window > 0"));
            return;
        }
        try {
            if (source == null) {
                source = FileChannel.open(path, StandardOpenOption.READ);
            }
        } catch (IOException e) {
            from.sendText(messages.error(cid, FileErrors.STORAGE, "the server could not read the file"));
            fail(FileErrors.STORAGE, "the server could not read " + path + ": " + e);
            return;
        }
        receiver = from;
        this.base64 = base64;
        credit = new CreditWindow(file.size(), offset, window);
        progress();
        receiver.sendText(messages.acceptAcknowledged(cid, id));
        pump();
    }

    @Override
    void reject(Party from, String reason) {
        if (from.is(receiver) && credit == null) {
            end(FileErrors.REJECTED, "the client rejected the file: " + reason);
        }
    }

    @Override
    void ack(Party from, long offset) {
        if (from.is(receiver) && credit != null) {
            acknowledged(credit, offset, this::pump);
        }
    }

    /** Sends every chunk the credit allows, read straight into the message buffer. */
    private void pump() {
        int chunkSize = context.config().fileChunkBytes();
        int length;
        while ((length = credit.next(chunkSize)) > 0) {
            long offset = credit.sent();
            ByteBuffer message = ByteBuffer.allocate(ChunkFrame.headerSize(id) + length);
            ChunkFrame.writeHeader(message, id, offset, length);
            try {
                while (message.hasRemaining()) {
                    if (source.read(message, offset + message.position() - ChunkFrame.headerSize(id)) < 0) {
                        throw new IOException("the file is shorter than the " + file.size() + " bytes offered");
                    }
                }
                credit.sent(offset + length);
            } catch (IOException | ChunkRejectedException e) {
                fail(FileErrors.STORAGE, "the server could not read the file: " + e.getMessage());
                return;
            }
            message.flip();
            if (base64) {
                message.position(ChunkFrame.headerSize(id));
                receiver.sendText(messages.chunkAsText(id, offset, message));
            } else {
                receiver.sendChunk(message);
            }
            context.counters().sent(length);
        }
    }

    @Override
    void verified(Party from, String sha256) {
        if (!from.is(receiver)) {
            return;
        }
        if (sha256.equals(file.sha256()) && credit != null && credit.sent() == file.size()) {
            closeSource();
            finish(null);
            result.complete(sha256);
        } else {
            end(FileErrors.CHECKSUM, "the client verified " + sha256 + ", not " + file.sha256());
        }
    }

    @Override
    void failedBy(Party from, String name, String message) {
        if (from.is(receiver)) {
            end(name, "the client failed the transfer: " + message);
        }
    }

    @Override
    void cancelledBy(Party from, String reason) {
        if (from.is(receiver)) {
            end(FileErrors.CANCELLED, "the client cancelled: " + reason);
        }
    }

    @Override
    void expire() {
        end(FileErrors.RESUME, "the client left and did not resume within " + context.config().fileResumeTimeout().toSeconds() + " s");
    }

    @Override
    void checkIdle(long now) {
        if (credit == null ? idle(now, context.config().fileOfferTimeout()) : idle(now, context.config().fileIdleTimeout())) {
            fail(FileErrors.TIMEOUT, credit == null ? "the client did not answer the offer" : "the client stopped acknowledging");
        }
    }

    @Override
    void fail(String name, String message) {
        end(name, message);
        if (receiver != null) {
            receiver.sendText(messages.failed(id, name, message));
        }
    }

    private void end(String name, String message) {
        closeSource();
        finish(name);
        result.completeExceptionally(new FileTransferException(name, message));
    }

    private void closeSource() {
        try {
            if (source != null) {
                source.close();
            }
        } catch (IOException ignored) {
            // a file we only read
        }
    }
}
