package io.socketgrid.protocol.files;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The receiving side of one transfer's byte stream: turns chunks that may come out of order (within the
 * window) or twice into the file's bytes in order.
 *
 * <ul>
 *   <li>A chunk at the next expected offset is released at once, with every held chunk it makes contiguous.</li>
 *   <li>A chunk further on, within {@code window} bytes of the contiguous end, is held (so at most a window of
 *       bytes is ever held).</li>
 *   <li>A chunk that lies wholly before the contiguous end, or repeats a held chunk exactly, is a duplicate:
 *       ignored.</li>
 *   <li>A chunk that overlaps received bytes partly, or passes the declared size or the window, is rejected.</li>
 *   <li>At most {@code maxHeldChunks} chunks are held: each held chunk keeps its whole message and a few objects
 *       alive, so without a count a sender of 1-byte chunks at every other offset would make a window of 4 MiB
 *       hold two million of them (hundreds of MB of heap). One more is rejected.</li>
 * </ul>
 * Not thread-safe: the caller serialises access per transfer.
 */
public final class Reassembly {

    /** What {@link #accept} made of a chunk. */
    public record Accepted(List<ByteBuffer> inOrder, boolean duplicate) {
    }

    private static final Accepted DUPLICATE = new Accepted(List.of(), true);
    private static final Accepted HELD = new Accepted(List.of(), false);

    /** The cap on held chunks of {@link #Reassembly(long, long, long)}. */
    public static final int DEFAULT_MAX_HELD_CHUNKS = 1024;

    private final long size;
    private final long window;
    private final int maxHeldChunks;
    private final TreeMap<Long, ByteBuffer> held = new TreeMap<>();
    private long contiguous;
    private long heldBytes;

    /**
     * @param size   the file's declared size
     * @param start  bytes already received in order (0, or the resume point)
     * @param window how far past the contiguous end a chunk may reach
     */
    public Reassembly(long size, long start, long window) {
        this(size, start, window, DEFAULT_MAX_HELD_CHUNKS);
    }

    /**
     * @param maxHeldChunks how many chunks may be held out of order at once (see {@link #heldChunksFor})
     */
    public Reassembly(long size, long start, long window, int maxHeldChunks) {
        if (start < 0 || start > size) {
            throw new IllegalArgumentException("start " + start + " is outside 0.." + size);
        }
        if (maxHeldChunks < 1) {
            throw new IllegalArgumentException("maxHeldChunks " + maxHeldChunks);
        }
        this.size = size;
        this.contiguous = start;
        this.window = window;
        this.maxHeldChunks = maxHeldChunks;
    }

    /**
     * A cap on held chunks that no honest sender reaches: chunks come out of order only when several HTTP
     * carrier bodies are in flight, each cut into chunks of {@code chunkBytes} (the last one shorter), so
     * twice the window's worth of full chunks, plus 64 for the short ones, is room enough.
     */
    public static int heldChunksFor(long window, int chunkBytes) {
        long full = (window + chunkBytes - 1) / chunkBytes;
        return (int) Math.min(Integer.MAX_VALUE, 2 * full + 64);
    }

    /** Bytes received in order from the start of the file. */
    public long contiguous() {
        return contiguous;
    }

    /** Bytes held out of order. */
    public long heldBytes() {
        return heldBytes;
    }

    /** Chunks held out of order. */
    public int heldChunks() {
        return held.size();
    }

    public boolean complete() {
        return contiguous == size;
    }

    /**
     * Takes the chunk {@code payload} at {@code offset} (the buffer is kept while held).
     *
     * @return the buffers to write now, in order (empty when held or a duplicate)
     * @throws ChunkRejectedException when the chunk overlaps, passes the size or the window
     */
    public Accepted accept(long offset, ByteBuffer payload) throws ChunkRejectedException {
        if (offset < 0 || payload.remaining() > size - offset) { // not offset + length > size: that may overflow
            throw new ChunkRejectedException("bytes " + offset + "+" + payload.remaining() + " pass the declared size " + size);
        }
        long end = offset + payload.remaining();
        if (end > size) {
            throw new ChunkRejectedException("bytes " + offset + ".." + end + " pass the declared size " + size);
        }
        if (end <= contiguous) {
            return DUPLICATE;
        }
        if (offset < contiguous) {
            throw new ChunkRejectedException("bytes " + offset + ".." + end + " overlap the " + contiguous
                    + " bytes already received");
        }
        if (end > contiguous + window) {
            throw new ChunkRejectedException("bytes " + offset + ".." + end + " pass the window: at most "
                    + window + " bytes after " + contiguous);
        }
        if (offset > contiguous) {
            return hold(offset, end, payload);
        }
        Map.Entry<Long, ByteBuffer> firstHeld = held.firstEntry();
        if (firstHeld != null && firstHeld.getKey() < end) {
            // taking it would leave that chunk behind the contiguous end, never released, blocking those after it
            throw new ChunkRejectedException("bytes " + offset + ".." + end + " overlap a chunk already held");
        }
        List<ByteBuffer> inOrder = new ArrayList<>(1 + held.size());
        inOrder.add(payload);
        contiguous = end;
        Map.Entry<Long, ByteBuffer> next;
        while ((next = held.firstEntry()) != null && next.getKey() == contiguous) {
            held.pollFirstEntry();
            heldBytes -= next.getValue().remaining();
            contiguous += next.getValue().remaining();
            inOrder.add(next.getValue());
        }
        return new Accepted(inOrder, false);
    }

    private Accepted hold(long offset, long end, ByteBuffer payload) throws ChunkRejectedException {
        ByteBuffer same = held.get(offset);
        if (same != null && same.remaining() == payload.remaining()) {
            return DUPLICATE;
        }
        Map.Entry<Long, ByteBuffer> before = held.floorEntry(offset);
        Map.Entry<Long, ByteBuffer> after = held.ceilingEntry(offset);
        if ((before != null && before.getKey() + before.getValue().remaining() > offset)
                || (after != null && after.getKey() < end)) {
            throw new ChunkRejectedException("bytes " + offset + ".." + end + " overlap a chunk already held");
        }
        if (held.size() >= maxHeldChunks) {
            throw new ChunkRejectedException("bytes " + offset + ".." + end + " would be held out of order after "
                    + held.size() + " other chunks; at most " + maxHeldChunks + " are held");
        }
        held.put(offset, payload);
        heldBytes += payload.remaining();
        return HELD;
    }
}
