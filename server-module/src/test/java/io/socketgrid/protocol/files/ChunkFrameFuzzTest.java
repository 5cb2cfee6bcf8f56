package io.socketgrid.protocol.files;

import io.socketgrid.testing.Fuzz;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Property-based fuzzing of {@link ChunkFrame#decode}: for any bytes, and for valid chunk messages with random
 * edits, decoding gives a valid chunk or a {@link ChunkFormatException} and nothing else, reads nothing outside
 * the message's {@code [position, limit)}, and leaves the buffer's position, limit and content as they were.
 * See {@link io.socketgrid.testing.Fuzz} for seeds and longer runs.
 */
class ChunkFrameFuzzTest {

    private static final int MAX_PAYLOAD = 64;

    /** A message placed somewhere inside a larger buffer, with garbage around it. */
    private record Placed(byte[] message, int before, int after, boolean direct, boolean readOnly) {
        ByteBuffer buffer(SplittableRandom garbage) {
            ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(before + message.length + after)
                    : ByteBuffer.allocate(before + message.length + after);
            buffer.put(Fuzz.bytes(garbage, before)).put(message).put(Fuzz.bytes(garbage, after));
            buffer.position(before).limit(before + message.length);
            return readOnly ? buffer.asReadOnlyBuffer() : buffer;
        }

        @Override
        public String toString() {
            return Fuzz.hex(message) + " (at " + before + ", " + after + " after, direct " + direct + ", read-only "
                    + readOnly + ")";
        }
    }

    @Test
    void arbitraryBytesDecodeIntoAValidChunkOrAFormatException() {
        Fuzz.forAll("arbitrary bytes", 5_000,
                random -> place(random, Fuzz.bytes(random, Fuzz.size(random, 120))), this::checkDecode);
    }

    @Test
    void mutatedChunksDecodeIntoAValidChunkOrAFormatException() {
        Fuzz.forAll("mutated chunks", 5_000, random -> place(random, mutate(random, validMessage(random))),
                this::checkDecode);
    }

    @Test
    void validChunksRoundTrip() {
        Fuzz.forAll("valid chunks", 2_000, random -> place(random, validMessage(random)), placed -> {
            ChunkFrame chunk = decodeOrNull(placed, new SplittableRandom(1));
            assertTrue(chunk != null, "a valid chunk was refused");
        });
    }

    private void checkDecode(Placed placed) throws Exception {
        ChunkFrame first = decodeOrNull(placed, new SplittableRandom(1));
        // whatever lies outside [position, limit) must not matter: other garbage, same outcome
        ChunkFrame second = decodeOrNull(placed, new SplittableRandom(2));
        assertEquals(first == null, second == null, "the outcome depends on bytes outside the message");
        if (first != null) {
            assertEquals(first.transferId(), second.transferId());
            assertEquals(first.offset(), second.offset());
            assertEquals(first.payload(), second.payload());
        }
    }

    /** Decodes, checks what decode promises, and returns the chunk or null for a ChunkFormatException. */
    private static ChunkFrame decodeOrNull(Placed placed, SplittableRandom garbage) throws Exception {
        ByteBuffer buffer = placed.buffer(garbage);
        int position = buffer.position();
        int limit = buffer.limit();
        byte[] whole = new byte[buffer.capacity()];
        buffer.duplicate().clear().get(whole);
        ChunkFrame chunk;
        try {
            chunk = ChunkFrame.decode(buffer, MAX_PAYLOAD);
        } catch (ChunkFormatException refused) {
            chunk = null;
            assertTrue(refused.transferId() == null || ChunkFrame.isValidId(refused.transferId()),
                    "an exception naming an invalid id: " + refused.transferId());
        }
        assertEquals(position, buffer.position(), "decode moved the position");
        assertEquals(limit, buffer.limit(), "decode moved the limit");
        byte[] after = new byte[buffer.capacity()];
        buffer.duplicate().clear().get(after);
        assertArrayEquals(whole, after, "decode changed the buffer");
        if (chunk != null) {
            checkChunk(placed.message(), chunk);
        }
        return chunk;
    }

    /** A decoded chunk is what the message says, ends where it ends, and its offset + length cannot overflow. */
    private static void checkChunk(byte[] message, ChunkFrame chunk) {
        assertTrue(ChunkFrame.isValidId(chunk.transferId()), "id " + chunk.transferId());
        assertTrue(chunk.offset() >= 0, "offset " + chunk.offset());
        assertTrue(chunk.length() >= 1 && chunk.length() <= MAX_PAYLOAD, "length " + chunk.length());
        Math.addExact(chunk.offset(), chunk.length());
        assertEquals(message.length, ChunkFrame.messageSize(chunk.transferId().length(), chunk.length()),
                "the payload does not end where the message ends");
        ByteBuffer encoded = chunk.encode();
        byte[] again = new byte[encoded.remaining()];
        encoded.get(again);
        assertArrayEquals(message, again, "the chunk does not re-encode into its message");
        ByteBuffer payload = chunk.payload();
        payload.get(new byte[payload.remaining()]);
        assertEquals(chunk.length(), chunk.payload().remaining(), "reading the payload changed the chunk");
    }

    // ---- generators

    private static Placed place(SplittableRandom random, byte[] message) {
        return new Placed(message, Fuzz.oneOf(random, 0, 0, 1, 7), Fuzz.oneOf(random, 0, 0, 1, 9),
                random.nextInt(4) == 0, random.nextInt(4) == 0);
    }

    private static byte[] validMessage(SplittableRandom random) {
        StringBuilder id = new StringBuilder();
        for (int n = 1 + Fuzz.size(random, ChunkFrame.MAX_ID_LENGTH); n > 0; n--) {
            id.append((char) (0x21 + random.nextInt(0x7f - 0x21)));
        }
        long offset = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> Long.MAX_VALUE - random.nextInt(2 * MAX_PAYLOAD);
            default -> random.nextLong(1L << 40);
        };
        int length = 1 + Fuzz.size(random, MAX_PAYLOAD);
        if (offset > Long.MAX_VALUE - length) {
            offset = Long.MAX_VALUE - length;
        }
        ByteBuffer message = ByteBuffer.allocate(ChunkFrame.messageSize(id.length(), length));
        ChunkFrame.writeHeader(message, id.toString(), offset, length);
        message.put(Fuzz.bytes(random, length));
        assertEquals(id.toString(), new String(message.array(), 2, id.length(), StandardCharsets.US_ASCII));
        return message.array();
    }

    /** Flips, cuts, extends, or rewrites a header field (kind, id length, offset, payload length). */
    private static byte[] mutate(SplittableRandom random, byte[] message) {
        ByteBuffer m = ByteBuffer.wrap(message.clone());
        int idLength = message[1] & 0xff;
        int offsetAt = 2 + idLength;
        int lengthAt = offsetAt + 8;
        for (int edits = 1 + random.nextInt(2); edits > 0; edits--) {
            switch (random.nextInt(8)) {
                case 0 -> m.put(random.nextInt(m.capacity()), (byte) random.nextInt(256));
                case 1 -> m.put(0, (byte) (int) Fuzz.oneOf(random, 0, 2, 0x81, 0xff));
                case 2 -> m.put(1, (byte) (int) Fuzz.oneOf(random, 0, idLength - 1, idLength + 1, 65, 255));
                case 3 -> m.putLong(offsetAt, Fuzz.oneOf(random, -1L, Long.MIN_VALUE, Long.MAX_VALUE,
                        Long.MAX_VALUE - 1, 1L << 62));
                case 4 -> m.putInt(lengthAt, Fuzz.oneOf(random, 0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE,
                        MAX_PAYLOAD + 1, m.getInt(lengthAt) + 1, m.getInt(lengthAt) - 1));
                case 5 -> m.put(2 + random.nextInt(idLength), (byte) (int) Fuzz.oneOf(random, 0, 0x20, 0x7f, 0x80, 0xff));
                case 6 -> {
                    byte[] cut = new byte[random.nextInt(m.capacity())];
                    m.get(0, cut);
                    m = ByteBuffer.wrap(cut);
                    return cut;
                }
                default -> {
                    byte[] longer = new byte[m.capacity() + 1 + random.nextInt(8)];
                    m.get(0, longer, 0, m.capacity());
                    m = ByteBuffer.wrap(longer);
                }
            }
        }
        return m.array();
    }
}
