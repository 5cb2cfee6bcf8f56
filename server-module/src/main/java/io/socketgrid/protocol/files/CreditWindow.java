package io.socketgrid.protocol.files;

/**
 * The sending side's credit for one transfer: it may send bytes {@code [sent, acked + window)}. Acks only ever
 * raise {@code acked}; an ack past what was sent is a protocol error. Not thread-safe.
 */
public final class CreditWindow {

    private final long size;
    private final long window;
    private long acked;
    private long sent;

    /** Sending starts at {@code start} (0, or where the receiver said to resume). */
    public CreditWindow(long size, long start, long window) {
        if (start < 0 || start > size || window <= 0) {
            throw new IllegalArgumentException("start " + start + ", size " + size + ", window " + window);
        }
        this.size = size;
        this.window = window;
        this.acked = start;
        this.sent = start;
    }

    /** Bytes that may be sent now, at most {@code chunk}: 0 when the credit is used up or all is sent. */
    public int next(int chunk) {
        long allowed = Math.min(acked + window, size) - sent;
        return (int) Math.max(0, Math.min(chunk, allowed));
    }

    /**
     * Records a chunk that ends at {@code end} as sent (by this side, or relayed for a client sender, whose
     * chunks may come out of order within the credit).
     *
     * @throws ChunkRejectedException when the chunk passes the credit or the size
     */
    public void sent(long end) throws ChunkRejectedException {
        if (end > size || end > acked + window) {
            throw new ChunkRejectedException("a chunk ending at " + end + " passes the credit (acknowledged "
                    + acked + ", window " + window + ", size " + size + ")");
        }
        sent = Math.max(sent, end);
    }

    /**
     * Takes the receiver's ack of every byte before {@code offset}.
     *
     * @return false when the ack is older than one already seen (ignored)
     * @throws ChunkRejectedException when it acknowledges bytes never sent
     */
    public boolean ack(long offset) throws ChunkRejectedException {
        if (offset > sent) {
            throw new ChunkRejectedException("ack of " + offset + " bytes, but only " + sent + " were sent");
        }
        if (offset <= acked) {
            return false;
        }
        acked = offset;
        return true;
    }

    public long sent() {
        return sent;
    }

    /** Everything was sent and acknowledged. */
    public boolean done() {
        return acked == size;
    }
}
