package io.socketgrid.protocol.files;

import io.socketgrid.testing.Fuzz;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Property-based fuzzing of the two halves of a transfer's flow control: {@link Reassembly} (receiver) fed
 * random chunk sequences (out of order, duplicates, overlaps, lies about the length, past the size or the
 * window, absurd offsets) and {@link CreditWindow} (sender) fed random sends and acks. The invariants are those
 * their Javadoc and docs/PROTOCOL.md ("Flow control", "Order, duplicates, overlaps") promise. See
 * {@link io.socketgrid.testing.Fuzz} for seeds and longer runs.
 */
class TransferWindowFuzzTest {

    /** The file's byte at {@code position}: payloads are cut from this, so delivered bytes can be checked. */
    private static byte at(long position) {
        return (byte) (position * 131 + 17);
    }

    private record Chunk(long offset, int length) {
        ByteBuffer payload() {
            ByteBuffer payload = ByteBuffer.allocate(length);
            for (int i = 0; i < length; i++) {
                payload.put(at(offset + i));
            }
            return payload.flip();
        }
    }

    private record Scenario(long size, long start, long window, int maxHeld, List<Chunk> chunks) {
    }

    // ---- Reassembly

    @Test
    void reassemblyKeepsItsInvariantsWhateverArrives() {
        Fuzz.forAll("reassembly under hostile chunks", 1_500, random -> scenario(random, true),
                scenario -> run(scenario, false));
    }

    @Test
    void reassemblyCompletesAnHonestOutOfOrderStream() {
        Fuzz.forAll("reassembly of an honest stream", 800, random -> scenario(random, false),
                scenario -> run(scenario, true));
    }

    @Test
    void aChunkEndingPastTheLargestLongIsRejectedNotIgnoredAsADuplicate() {
        Reassembly reassembly = new Reassembly(100, 0, 50);
        assertThrows(ChunkRejectedException.class,
                () -> reassembly.accept(Long.MAX_VALUE - 2, ByteBuffer.allocate(10)));
        assertThrows(ChunkRejectedException.class, () -> reassembly.accept(-5, ByteBuffer.allocate(10)));
        assertEquals(0, reassembly.contiguous());
    }

    @Test
    void tinyChunksCannotPinMoreThanTheCapOfHeldChunks() throws Exception {
        long window = 4 << 20;
        int cap = Reassembly.heldChunksFor(window, 256 << 10);
        Reassembly reassembly = new Reassembly(1L << 30, 0, window, cap);
        for (int i = 0; i < cap; i++) {
            reassembly.accept(1 + 2L * i, ByteBuffer.allocate(1));
        }
        assertThrows(ChunkRejectedException.class, () -> reassembly.accept(1 + 2L * cap, ByteBuffer.allocate(1)));
        assertEquals(cap, reassembly.heldChunks());
        assertEquals(96, cap, "2 x 16 full chunks of the default window, plus 64");
    }

    private static void run(Scenario scenario, boolean honest) throws Exception {
        Reassembly reassembly = new Reassembly(scenario.size(), scenario.start(), scenario.window(), scenario.maxHeld());
        TreeMap<Long, Integer> held = new TreeMap<>(); // the model of what is held
        for (Chunk chunk : scenario.chunks()) {
            long before = reassembly.contiguous();
            long heldBefore = reassembly.heldBytes();
            int chunksBefore = reassembly.heldChunks();
            BigInteger end = BigInteger.valueOf(chunk.offset()).add(BigInteger.valueOf(chunk.length()));
            Reassembly.Accepted accepted;
            try {
                accepted = reassembly.accept(chunk.offset(), chunk.payload());
            } catch (ChunkRejectedException rejected) {
                assertFalse(honest, "an honest chunk " + chunk + " was rejected: " + rejected.getMessage());
                assertEquals(before, reassembly.contiguous(), "a rejected chunk moved the contiguous end");
                assertEquals(heldBefore, reassembly.heldBytes(), "a rejected chunk changed what is held");
                assertEquals(chunksBefore, reassembly.heldChunks(), "a rejected chunk changed what is held");
                continue;
            }
            // never a byte past the declared size, never an absurd offset
            assertTrue(chunk.offset() >= 0 && end.compareTo(BigInteger.valueOf(scenario.size())) <= 0,
                    chunk + " passes the size " + scenario.size() + " but was taken");
            long chunkEnd = end.longValueExact();
            if (accepted.duplicate()) {
                assertTrue(accepted.inOrder().isEmpty());
                boolean received = chunkEnd <= before
                        || Integer.valueOf(chunk.length()).equals(held.get(chunk.offset()));
                assertTrue(received, chunk + " was called a duplicate but brings bytes not received");
            } else if (accepted.inOrder().isEmpty()) {
                assertTrue(chunk.offset() > before, "held " + chunk + " although it starts the gap at " + before);
                assertTrue(chunkEnd <= before + scenario.window(), "held " + chunk + " past the window");
                Map.Entry<Long, Integer> lower = held.floorEntry(chunk.offset());
                Map.Entry<Long, Integer> higher = held.ceilingEntry(chunk.offset());
                assertFalse(lower != null && lower.getKey() + lower.getValue() > chunk.offset(), "overlaps " + lower);
                assertFalse(higher != null && higher.getKey() < chunkEnd, "overlaps " + higher);
                held.put(chunk.offset(), chunk.length());
                assertEquals(before, reassembly.contiguous());
            } else {
                assertEquals(before, chunk.offset(), "released " + chunk + " which does not start at " + before);
                long position = before;
                for (ByteBuffer data : accepted.inOrder()) {
                    ByteBuffer bytes = data.duplicate();
                    while (bytes.hasRemaining()) {
                        assertEquals(at(position), bytes.get(), "delivered a wrong byte at " + position);
                        position++;
                    }
                }
                assertEquals(reassembly.contiguous(), position, "delivered bytes are not exactly the new prefix");
                held.headMap(position, false).clear(); // released
            }
            assertTrue(reassembly.contiguous() >= before, "the contiguous end went back");
            assertTrue(reassembly.contiguous() <= scenario.size());
            assertTrue(reassembly.heldBytes() <= scenario.window(), "holds more than a window");
            assertTrue(reassembly.heldChunks() <= scenario.maxHeld(), "holds more chunks than its cap");
            assertEquals(held.values().stream().mapToLong(Integer::longValue).sum(), reassembly.heldBytes());
            assertEquals(held.size(), reassembly.heldChunks());
            assertTrue(held.isEmpty() || held.firstKey() > reassembly.contiguous(), "holds a chunk it could release");
        }
        if (honest) {
            assertTrue(reassembly.complete(), "an honest stream did not complete: " + reassembly.contiguous());
            assertEquals(0, reassembly.heldBytes());
        }
    }

    /**
     * The file from {@code start} cut into pieces, sent out of order within the window (as parallel HTTP carrier
     * bodies do); when {@code hostile}, with duplicates, overlaps, lies and absurd offsets mixed in.
     */
    private static Scenario scenario(SplittableRandom random, boolean hostile) {
        long size = Fuzz.oneOf(random, 0L, 1L, 7L, 100L, 1_000L, 5_000L) + random.nextInt(3);
        long start = random.nextInt(4) == 0 ? random.nextLong(size + 1) : 0;
        long window = 1 + random.nextInt(600);
        int maxLength = (int) Math.max(1, Math.min(window, 1 + random.nextInt(200)));
        List<Chunk> pieces = new ArrayList<>();
        for (long at = start; at < size; ) {
            int length = (int) Math.min(size - at, 1 + random.nextInt(maxLength));
            pieces.add(new Chunk(at, length));
            at += length;
        }
        // out of order, but each piece within the window of the pieces before it: shuffle small groups
        List<Chunk> chunks = new ArrayList<>();
        for (int i = 0; i < pieces.size(); ) {
            int group = 1;
            long span = pieces.get(i).length();
            while (i + group < pieces.size() && span + pieces.get(i + group).length() <= window && random.nextInt(3) > 0) {
                span += pieces.get(i + group).length();
                group++;
            }
            List<Chunk> shuffled = new ArrayList<>(pieces.subList(i, i + group));
            Collections.shuffle(shuffled, new java.util.Random(random.nextLong()));
            chunks.addAll(shuffled);
            i += group;
        }
        int maxHeld = pieces.size() + 1;
        if (hostile) {
            maxHeld = 1 + random.nextInt(Math.max(1, pieces.size() + 2));
            int noise = 1 + random.nextInt(Math.max(1, chunks.size()));
            for (int n = 0; n < noise; n++) {
                int where = random.nextInt(chunks.size() + 1);
                Chunk near = chunks.isEmpty() ? new Chunk(0, 1) : chunks.get(Math.min(where, chunks.size() - 1));
                Chunk lie = switch (random.nextInt(9)) {
                    case 0 -> near; // a duplicate
                    case 1 -> new Chunk(near.offset() + 1, near.length()); // overlaps
                    case 2 -> new Chunk(Math.max(0, near.offset() - 1), near.length() + 2); // overlaps both sides
                    case 3 -> new Chunk(near.offset(), near.length() + 1 + random.nextInt(50)); // lies about its length
                    case 4 -> new Chunk(size - random.nextInt(3), 1 + random.nextInt(5)); // past the size
                    case 5 -> new Chunk(near.offset() + window + random.nextInt(10), 1); // past the window
                    case 6 -> new Chunk(Long.MAX_VALUE - random.nextInt(5), 1 + random.nextInt(10)); // overflows
                    case 7 -> new Chunk(-1 - random.nextInt(10), 1 + random.nextInt(10)); // negative
                    default -> new Chunk(random.nextLong(Math.max(1, size + 10)), 1 + random.nextInt(20)); // anywhere
                };
                chunks.add(where, lie);
            }
        }
        return new Scenario(size, start, window, maxHeld, chunks);
    }

    // ---- CreditWindow

    @Test
    void creditWindowKeepsTheSenderInsideTheCredit() {
        Fuzz.forAll("credit window under random sends and acks", 2_000, random -> random.nextLong(), seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            long size = Fuzz.oneOf(random, 0L, 1L, 10L, 1_000L, 100_000L);
            long start = random.nextInt(4) == 0 ? random.nextLong(size + 1) : 0;
            long window = 1 + random.nextInt(2_000);
            CreditWindow credit = new CreditWindow(size, start, window);
            long acked = start;
            long sent = start;
            for (int step = 0; step < 200; step++) {
                switch (random.nextInt(3)) {
                    case 0 -> {
                        int chunk = 1 + random.nextInt(700);
                        int next = credit.next(chunk);
                        assertTrue(next >= 0 && next <= chunk, "next " + next + " of " + chunk);
                        assertTrue(sent + next <= Math.min(size, acked + window), "next passes the credit");
                        assertEquals(next == 0, sent == Math.min(size, acked + window) || chunk == 0);
                        if (next > 0 && random.nextInt(4) > 0) {
                            credit.sent(sent + next);
                            sent += next;
                        }
                    }
                    case 1 -> {
                        long end = switch (random.nextInt(4)) {
                            case 0 -> acked + window + random.nextInt(3) - 1;
                            case 1 -> size + random.nextInt(3) - 1;
                            case 2 -> Fuzz.oneOf(random, Long.MAX_VALUE, Long.MIN_VALUE, -1L, 0L);
                            default -> random.nextLong(Math.max(1, size + 2));
                        };
                        boolean passes = end > size || end > acked + window;
                        try {
                            credit.sent(end);
                            assertFalse(passes, "sent(" + end + ") passes the credit but was taken");
                            sent = Math.max(sent, end);
                        } catch (ChunkRejectedException e) {
                            assertTrue(passes, "sent(" + end + ") is within the credit but was refused");
                        }
                    }
                    default -> {
                        long offset = random.nextInt(3) == 0 ? sent : random.nextLong(Math.max(1, sent + 3)) - 1;
                        try {
                            boolean raised = credit.ack(offset);
                            assertTrue(offset <= sent, "an ack of unsent bytes was taken");
                            assertEquals(offset > acked, raised);
                            acked = Math.max(acked, offset);
                        } catch (ChunkRejectedException e) {
                            assertTrue(offset > sent, "an ack of sent bytes was refused");
                        }
                    }
                }
                assertEquals(sent, credit.sent());
                assertTrue(sent <= size && acked <= sent, "sent " + sent + ", acked " + acked + ", size " + size);
                assertEquals(acked == size, credit.done());
            }
        });
    }

    @Test
    void honestSenderAndReceiverFinishWithinTheCredit() {
        Fuzz.forAll("credit window and reassembly together", 500, random -> random.nextLong(), seed -> {
            SplittableRandom random = new SplittableRandom(seed);
            long size = random.nextInt(20_000);
            long window = 1 + random.nextInt(3_000);
            int chunkSize = 1 + random.nextInt((int) window);
            CreditWindow credit = new CreditWindow(size, 0, window);
            Reassembly reassembly = new Reassembly(size, 0, window);
            for (int steps = 0; !credit.done(); steps++) {
                assertTrue(steps < 10 * (size + 1), "no progress");
                int next = credit.next(chunkSize);
                if (next > 0) {
                    long offset = credit.sent();
                    credit.sent(offset + next);
                    reassembly.accept(offset, new Chunk(offset, next).payload());
                } else {
                    assertTrue(credit.ack(reassembly.contiguous()) || reassembly.contiguous() == credit.sent(),
                            "stuck: nothing to send and nothing to acknowledge");
                    if (reassembly.contiguous() == size) {
                        credit.ack(size);
                    }
                }
                if (credit.sent() > reassembly.contiguous() + window) {
                    fail("the sender ran past the receiver's window");
                }
            }
            assertTrue(reassembly.complete());
        });
    }
}
