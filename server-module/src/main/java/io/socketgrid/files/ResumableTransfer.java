package io.socketgrid.files;

import io.socketgrid.protocol.files.FileOffer;

/**
 * A transfer between this node and one client (an upload, a push), which survives the client's departure:
 * while the client is away the transfer waits {@code fileResumeTimeout} for it to come back (from any socket,
 * on any node), then expires; while it is there, a lack of progress ends it.
 */
abstract class ResumableTransfer extends Transfer {

    private long detachedAt;

    ResumableTransfer(String id, FileOffer file, TransferContext context) {
        super(id, file, context);
    }

    /** The client's party now, or null while it is away. */
    abstract Party client();

    /** Forgets the client's party (it left). */
    abstract void detach();

    /** The client stayed away longer than {@code fileResumeTimeout}. */
    abstract void expire();

    /** The client is here: ends the transfer if it made no progress for too long. */
    abstract void checkIdle(long now);

    @Override
    final boolean involves(String socketId) {
        Party client = client();
        return client != null && client.socketId().equals(socketId);
    }

    @Override
    final void partyGone(String socketId) {
        detach();
        detachedAt = context.now();
    }

    @Override
    final void tick(long now) {
        if (client() != null) {
            checkIdle(now);
        } else if (now - detachedAt > context.config().fileResumeTimeout().toNanos()) {
            expire();
        }
    }
}
