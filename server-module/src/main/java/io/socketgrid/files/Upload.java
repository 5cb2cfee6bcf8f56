package io.socketgrid.files;

import io.socketgrid.api.StoredFile;
import io.socketgrid.protocol.files.ChunkFrame;
import io.socketgrid.protocol.files.ChunkRejectedException;
import io.socketgrid.protocol.files.FileErrors;
import io.socketgrid.protocol.files.FileOffer;
import io.socketgrid.protocol.files.Reassembly;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A client sends, this node stores. Chunks are reassembled in order and appended to a partial file, hashed
 * on the way; the sender is acknowledged at least every quarter window. When every byte is in, the digest
 * decides: the file is stored under a unique sanitised name and the sender told where ({@code #file.verified}),
 * or it is deleted ({@code FileChecksumError}). When the sender's socket goes, the upload waits
 * {@code fileResumeTimeout} for a resume from any socket (on any node) with the same offer.
 */
final class Upload extends ResumableTransfer {

    private final String uploader;
    private final FileSink sink;
    private final long window;
    private Party sender;
    private Reassembly reassembly;
    private long acked;
    private StoredFile stored;

    Upload(String id, FileOffer file, TransferContext context, Party sender, FileSink sink) {
        super(id, file, context);
        this.uploader = sender.socketId();
        this.sender = sender;
        this.sink = sink;
        this.window = context.config().fileWindowBytes();
        this.reassembly = new Reassembly(file.size(), 0, window, heldChunks());
    }

    /** How many chunks the reassembly may hold out of order (bounds the heap a hostile sender can pin). */
    private int heldChunks() {
        return Reassembly.heldChunksFor(window, context.config().fileChunkBytes());
    }

    /** Answers the sender's offer; an empty file is complete at once. */
    void start(long cid) {
        sender.sendText(messages.accepted(cid, id, 0, window, context.config().fileChunkBytes()));
        if (reassembly.complete()) {
            complete();
        }
    }

    @Override
    Party client() {
        return sender;
    }

    @Override
    void detach() {
        sender = null;
    }

    @Override
    long quotaBytes(String socketId) {
        return uploader.equals(socketId) ? file.size() : 0;
    }

    @Override
    void chunk(Party from, ChunkFrame chunk, ByteBuffer message) {
        if (!from.is(sender)) {
            super.chunk(from, chunk, message);
            return;
        }
        Reassembly.Accepted accepted;
        try {
            accepted = reassembly.accept(chunk.offset(), chunk.payload());
        } catch (ChunkRejectedException e) {
            fail(FileErrors.CHUNK, e.getMessage());
            return;
        }
        if (accepted.duplicate()) {
            context.counters().duplicate();
            return;
        }
        try {
            for (ByteBuffer data : accepted.inOrder()) {
                context.counters().received(data.remaining());
                sink.append(data);
            }
        } catch (IOException e) {
            context.problems().report("file-storage", "writing upload " + id + " to " + sink.path() + " failed", e);
            fail(FileErrors.STORAGE, "the server could not write the file");
            return;
        }
        progress();
        if (reassembly.complete()) {
            complete();
        } else if (reassembly.contiguous() - acked >= window / 4) {
            acknowledge();
        }
    }

    private void acknowledge() {
        acked = reassembly.contiguous();
        sender.sendText(messages.ack(id, acked));
    }

    private void complete() {
        acknowledge();
        String digest;
        try {
            digest = sink.finish();
        } catch (IOException e) {
            fail(FileErrors.STORAGE, "the server could not finish the file");
            return;
        }
        if (!digest.equals(file.sha256())) {
            fail(FileErrors.CHECKSUM, "the received bytes hash to " + digest + ", not to the offered " + file.sha256());
            return;
        }
        try {
            stored = context.store().commit(sink, file.name(), file.type(), digest, uploader);
        } catch (IOException e) {
            context.problems().report("file-storage", "storing upload " + id + " failed", e);
            fail(FileErrors.STORAGE, "the server could not store the file");
            return;
        }
        finish(null);
        sender.sendText(messages.stored(id, stored));
        // a stored upload is kept for resumes while fileResumeTimeout runs (TransferDesk) and answers them from
        // `stored` alone: it must not keep the sender's socket reachable, whose connection and frame buffers
        // (about 1 MB after an upload in 256 KiB chunks) would otherwise outlive the socket's close
        sender = null;
        reassembly = null;
        context.onStored().accept(stored);
    }

    @Override
    void resume(Party from, long cid, FileOffer offer) {
        if (offer.size() != file.size() || !offer.sha256().equals(file.sha256())) {
            from.sendText(messages.error(cid, FileErrors.RESUME, "the offer does not match transfer " + id + " (size or sha256 differ)"));
            context.counters().failed(FileErrors.RESUME);
            return;
        }
        // a resume may overtake the old socket's departure: the newest socket wins; held chunks are dropped
        sender = from;
        reassembly = new Reassembly(file.size(), reassembly.contiguous(), window, heldChunks());
        acked = reassembly.contiguous();
        progress();
        sender.sendText(messages.accepted(cid, id, acked, window, context.config().fileChunkBytes()));
    }

    @Override
    boolean answersResumesWhenFinished() {
        return stored != null;
    }

    /** The verdict was lost with the connection: the client resumes with nothing left to send and hears it again. */
    @Override
    void resumeFinished(Party from, long cid, FileOffer offer) {
        if (stored == null || offer.size() != file.size() || !offer.sha256().equals(file.sha256())) {
            super.resumeFinished(from, cid, offer);
            return;
        }
        from.sendText(messages.accepted(cid, id, file.size(), window, context.config().fileChunkBytes()));
        from.sendText(messages.stored(id, stored));
    }

    @Override
    void cancelledBy(Party from, String reason) {
        if (from.is(sender)) {
            discard(FileErrors.CANCELLED);
        }
    }

    @Override
    void expire() {
        discard(FileErrors.RESUME);
    }

    @Override
    void checkIdle(long now) {
        if (idle(now, context.config().fileIdleTimeout())) {
            fail(FileErrors.TIMEOUT, "no chunk arrived for " + context.config().fileIdleTimeout().toSeconds() + " s");
        }
    }

    /** Deletes the partial file first: when the sender hears of the failure nothing of it is left. */
    @Override
    void fail(String name, String message) {
        discard(name);
        if (sender != null) {
            sender.sendText(messages.failed(id, name, message));
        }
    }

    private void discard(String failure) {
        sink.discard();
        finish(failure);
    }
}
