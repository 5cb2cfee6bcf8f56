package io.socketgrid.jakarta;

import java.nio.ByteBuffer;

/**
 * Joins the parts of one binary message as the container delivers them, up to a limit, so that a message over
 * the limit is noticed here (and the socket closed with 1009) instead of inside the container, where Tyrus
 * drops it without telling the client. One per socket, used on its inbound thread only.
 */
final class BinaryMessageJoiner {

    /** What {@link #add} returns for a message over the limit; the rest of that message is then dropped. */
    static final ByteBuffer TOO_BIG = ByteBuffer.allocate(0).asReadOnlyBuffer();

    private final int limit;
    private ByteBuffer joined;       // the parts so far; null between messages
    private boolean dropping;        // the current message went over the limit: drop its remaining parts

    BinaryMessageJoiner(int limit) {
        this.limit = limit;
    }

    /**
     * Adds {@code part} (read, not kept). Returns the whole message when {@code last} (a buffer the caller owns),
     * null while parts are missing or a message over the limit is being dropped, and {@link #TOO_BIG} once,
     * for the part that passes the limit.
     */
    ByteBuffer add(ByteBuffer part, boolean last) {
        if (dropping) {
            dropping = !last;
            return null;
        }
        long size = (joined == null ? 0L : joined.position()) + part.remaining();
        if (size > limit) {
            joined = null;
            dropping = !last;
            return TOO_BIG;
        }
        if (joined == null) {
            joined = ByteBuffer.allocate(last ? part.remaining() : limit);
        }
        joined.put(part);
        if (!last) {
            return null;
        }
        ByteBuffer whole = joined.flip();
        joined = null;
        return whole;
    }
}
