package io.socketgrid.files;

import io.socketgrid.protocol.files.ChunkFrame;
import io.socketgrid.protocol.files.ChunkRejectedException;
import io.socketgrid.protocol.files.CreditWindow;
import io.socketgrid.protocol.files.FileErrors;
import io.socketgrid.protocol.files.FileEvents;
import io.socketgrid.protocol.files.FileOffer;
import io.socketgrid.protocol.InboundFrame;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One transfer, on the node that owns it. Every input (a party's event or chunk, a party leaving, the
 * periodic tick) is handled under the transfer's lock, so a subclass sees one input at a time; nothing here
 * blocks except short local disk reads and writes. Once {@link #finish} ran, later inputs are answered as
 * for an unknown transfer. Subclasses finish before they tell a party that the transfer ended, so whoever hears
 * it finds the transfer gone (and its partial file deleted).
 */
abstract class Transfer {

    protected final String id;
    protected final FileOffer file;
    protected final TransferContext context;
    protected final TransferMessages messages;
    private long lastProgress;
    private boolean finished;

    Transfer(String id, FileOffer file, TransferContext context) {
        this.id = id;
        this.file = file;
        this.context = context;
        this.messages = context.messages();
        this.lastProgress = context.now();
        context.counters().started();
    }

    String id() {
        return id;
    }

    /** Whether the socket takes part (a departure of it concerns this transfer). */
    abstract boolean involves(String socketId);

    /** Bytes this transfer will store for {@code socketId} (the quota of uploads); 0 for others. */
    long quotaBytes(String socketId) {
        return 0;
    }

    final synchronized void onEvent(Party from, InboundFrame.Event event) {
        if (finished) {
            unknown(from, event.cid());
            return;
        }
        JsonObject data = (JsonObject) event.data();
        switch (event.event()) {
            case FileEvents.ACCEPT -> accept(from, event.cid(), number(data, "offset", 0), number(data, "window", -1),
                    data.getBoolean("base64", false));
            case FileEvents.REJECT -> reject(from, text(data, "reason", "rejected"));
            case FileEvents.ACK -> ack(from, number(data, "offset", -1));
            case FileEvents.VERIFIED -> verified(from, text(data, "sha256", ""));
            case FileEvents.FAILED -> failedBy(from, errorName(data), errorMessage(data));
            case FileEvents.CANCEL -> cancelledBy(from, text(data, "reason", "cancelled"));
            default -> unexpected(from, event);
        }
    }

    final synchronized void onChunk(Party from, ChunkFrame chunk, ByteBuffer message) {
        if (finished) {
            unknown(from, InboundFrame.NO_CID);
            return;
        }
        chunk(from, chunk, message);
    }

    final synchronized void onResume(Party from, long cid, FileOffer offer) {
        if (finished) {
            resumeFinished(from, cid, offer);
            return;
        }
        resume(from, cid, offer);
    }

    /**
     * Whether the finished transfer should still answer resumes for {@code fileResumeTimeout} (a completed
     * upload: its client may have lost the verdict in a disconnect).
     */
    boolean answersResumesWhenFinished() {
        return false;
    }

    final synchronized void onPartyGone(String socketId) {
        if (!finished && involves(socketId)) {
            partyGone(socketId);
        }
    }

    final synchronized void onTick(long now) {
        if (!finished) {
            tick(now);
        }
    }

    /** Ends the transfer from the server's side (shutdown): each party is told why. */
    final synchronized void abort(String name, String message) {
        if (!finished) {
            fail(name, message);
        }
    }

    // ---- what subclasses handle; the defaults refuse the input as not expected in this kind of transfer

    void accept(Party from, long cid, long offset, long window, boolean base64) {
        from.sendText(messages.error(cid, FileErrors.UNKNOWN, "transfer " + id + " offers nothing to accept"));
    }

    void reject(Party from, String reason) {
        ignored(from, FileEvents.REJECT);
    }

    void ack(Party from, long offset) {
        ignored(from, FileEvents.ACK);
    }

    void verified(Party from, String sha256) {
        ignored(from, FileEvents.VERIFIED);
    }

    void failedBy(Party from, String name, String message) {
        ignored(from, FileEvents.FAILED);
    }

    abstract void cancelledBy(Party from, String reason);

    void chunk(Party from, ChunkFrame chunk, ByteBuffer message) {
        from.sendText(messages.failed(id, FileErrors.CHUNK, "transfer " + id + " takes no chunks from this socket"));
        context.counters().failed(FileErrors.CHUNK);
    }

    void resume(Party from, long cid, FileOffer offer) {
        from.sendText(messages.error(cid, FileErrors.RESUME, "transfer " + id + " cannot be resumed"));
        context.counters().failed(FileErrors.RESUME);
    }

    /** A resume of this transfer after it finished. */
    void resumeFinished(Party from, long cid, FileOffer offer) {
        from.sendText(messages.error(cid, FileErrors.RESUME, "transfer " + id + " is over"));
        context.counters().failed(FileErrors.RESUME);
    }

    abstract void partyGone(String socketId);

    abstract void tick(long now);

    /** Ends the transfer with an error: tells every attached party and releases what it holds. */
    abstract void fail(String name, String message);

    // ---- helpers for subclasses

    protected final void progress() {
        lastProgress = context.now();
    }

    /**
     * Takes the receiver's acknowledgement of every byte before {@code offset} into {@code credit}: runs
     * {@code raised} when it raised the credit; an ack of bytes never sent fails the transfer.
     */
    protected final void acknowledged(CreditWindow credit, long offset, Runnable raised) {
        try {
            if (credit.ack(offset)) {
                progress();
                raised.run();
            }
        } catch (ChunkRejectedException e) {
            fail(FileErrors.CHUNK, e.getMessage());
        }
    }

    protected final boolean idle(long now, Duration limit) {
        return now - lastProgress > limit.toNanos();
    }

    /** The transfer is over (completed when {@code failure} is null); it leaves the service's table. */
    protected final void finish(String failure) {
        finished = true;
        if (failure == null) {
            context.counters().completed();
        } else {
            context.counters().failed(failure);
        }
        context.onFinished().accept(this);
    }

    protected final void unknown(Party from, long cid) {
        context.counters().failed(FileErrors.UNKNOWN);
        String message = "no open transfer " + id + " for this socket";
        from.sendText(cid >= 0 ? messages.error(cid, FileErrors.UNKNOWN, message) : messages.failed(id, FileErrors.UNKNOWN, message));
    }

    private void unexpected(Party from, InboundFrame.Event event) {
        ignored(from, event.event());
        if (event.isInvoke()) {
            from.sendText(messages.error(event.cid(), FileErrors.UNKNOWN, event.event() + " is not expected in transfer " + id));
        }
    }

    private void ignored(Party from, String event) {
        context.problems().report("file-unexpected:" + event, "socket " + from.socketId() + " sent " + event
                + ", which transfer " + id + " does not expect: ignored");
    }

    private static long number(JsonObject data, String field, long fallback) {
        return data.get(field) instanceof JsonNumber n && n.isIntegral() ? n.longValue() : fallback;
    }

    private static String text(JsonObject data, String field, String fallback) {
        return data.get(field) instanceof JsonString s ? s.getString() : fallback;
    }

    private static String errorName(JsonObject data) {
        JsonValue error = data.get("error");
        return error instanceof JsonObject e ? text(e, "name", FileErrors.CANCELLED) : FileErrors.CANCELLED;
    }

    private static String errorMessage(JsonObject data) {
        JsonValue error = data.get("error");
        return error instanceof JsonObject e ? text(e, "message", "") : "";
    }
}
