package io.socketgrid.files;

import io.socketgrid.protocol.files.ChunkFrame;
import io.socketgrid.protocol.files.ChunkRejectedException;
import io.socketgrid.protocol.files.CreditWindow;
import io.socketgrid.protocol.files.FileErrors;
import io.socketgrid.protocol.files.FileOffer;

import java.nio.ByteBuffer;

/**
 * One client sends to another, through this node (the sender's). The receiver is offered the file; its
 * accept answers the sender's offer with the receiver's window; chunks and acknowledgements are passed on
 * one by one, the receiver's credit checked on the way, so this node (and a relay node) holds at most a
 * window of the file per transfer. The receiver's verdict goes back to the sender. Either client leaving
 * ends the transfer for the other ({@code FileCancelledError}); peer transfers do not resume. A transfer
 * leaves the node's table before its parties hear that it ended.
 */
final class PeerTransfer extends Transfer {

    private final Party sender;
    private final Party receiver;
    private final long offerCid;
    private CreditWindow credit;
    private boolean base64;

    PeerTransfer(String id, FileOffer file, TransferContext context, Party sender, long offerCid, Party receiver) {
        super(id, file, context);
        this.sender = sender;
        this.offerCid = offerCid;
        this.receiver = receiver;
    }

    void start() {
        receiver.sendText(messages.offer(id, file, sender.socketId()));
    }

    @Override
    boolean involves(String socketId) {
        return sender.socketId().equals(socketId) || receiver.socketId().equals(socketId);
    }

    @Override
    void accept(Party from, long cid, long offset, long window, boolean base64) {
        if (!from.is(receiver) || credit != null) {
            unknown(from, cid);
            return;
        }
        if (offset != 0 || window <= 0) {
            from.sendText(messages.error(cid, "InvalidArgumentsError", "a peer transfer starts at offset 0 with a window > 0"));
            return;
        }
        this.base64 = base64;
        credit = new CreditWindow(file.size(), 0, window);
        progress();
        receiver.sendText(messages.acceptAcknowledged(cid, id));
        sender.sendText(messages.accepted(offerCid, id, 0, window, context.config().fileChunkBytes()));
    }

    @Override
    void reject(Party from, String reason) {
        if (from.is(receiver) && credit == null) {
            finish(FileErrors.REJECTED);
            sender.sendText(messages.error(offerCid, FileErrors.REJECTED, "the receiver rejected the file: " + reason));
        }
    }

    @Override
    void chunk(Party from, ChunkFrame chunk, ByteBuffer message) {
        if (!from.is(sender) || credit == null) {
            super.chunk(from, chunk, message);
            return;
        }
        try {
            credit.sent(chunk.offset() + chunk.length());
        } catch (ChunkRejectedException e) {
            fail(FileErrors.CHUNK, e.getMessage());
            return;
        }
        progress();
        context.counters().received(chunk.length());
        if (base64) {
            receiver.sendText(messages.chunkAsText(id, chunk.offset(), chunk.payload()));
        } else {
            receiver.sendChunk(message);
        }
    }

    @Override
    void ack(Party from, long offset) {
        if (from.is(receiver) && credit != null) {
            acknowledged(credit, offset, () -> sender.sendText(messages.ack(id, offset)));
        }
    }

    @Override
    void verified(Party from, String sha256) {
        if (from.is(receiver) && credit != null) {
            if (sha256.equals(file.sha256())) {
                finish(null);
                sender.sendText(messages.verified(id, sha256));
            } else {
                fail(FileErrors.CHECKSUM, "the receiver verified " + sha256 + ", not the offered " + file.sha256());
            }
        }
    }

    @Override
    void failedBy(Party from, String name, String message) {
        if (from.is(receiver)) {
            finish(name);
            tellSender(name, "the receiver failed the transfer: " + message);
        } else if (from.is(sender)) {
            finish(name);
            receiver.sendText(messages.failed(id, name, "the sender failed the transfer: " + message));
        }
    }

    @Override
    void cancelledBy(Party from, String reason) {
        if (from.is(sender)) {
            finish(FileErrors.CANCELLED);
            receiver.sendText(messages.failed(id, FileErrors.CANCELLED, "the sender cancelled: " + reason));
        } else if (from.is(receiver)) {
            finish(FileErrors.CANCELLED);
            tellSender(FileErrors.CANCELLED, "the receiver cancelled: " + reason);
        }
    }

    @Override
    void partyGone(String socketId) {
        finish(FileErrors.CANCELLED);
        if (sender.socketId().equals(socketId)) {
            receiver.sendText(messages.failed(id, FileErrors.CANCELLED, "the sender disconnected"));
        } else {
            tellSender(credit == null ? FileErrors.REJECTED : FileErrors.CANCELLED, "the receiver disconnected");
        }
    }

    @Override
    void tick(long now) {
        if (credit == null && idle(now, context.config().fileOfferTimeout())) {
            fail(FileErrors.TIMEOUT, "the receiver did not answer the offer within "
                    + context.config().fileOfferTimeout().toSeconds() + " s");
        } else if (credit != null && idle(now, context.config().fileIdleTimeout())) {
            fail(FileErrors.TIMEOUT, "no progress for " + context.config().fileIdleTimeout().toSeconds() + " s");
        }
    }

    @Override
    void fail(String name, String message) {
        finish(name);
        tellSender(name, message);
        receiver.sendText(messages.failed(id, name, message));
    }

    /** Before the receiver accepted, the sender's offer is still unanswered: the error is its answer. */
    private void tellSender(String name, String message) {
        sender.sendText(credit == null ? messages.error(offerCid, name, message) : messages.failed(id, name, message));
    }
}
