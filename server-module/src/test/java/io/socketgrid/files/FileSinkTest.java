package io.socketgrid.files;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileSinkTest {

    @TempDir
    Path folder;

    private DirectWrites writes;

    @BeforeEach
    void oneLeaseForThisFolder() throws IOException {
        writes = DirectWrites.forFolder(folder, 1);
    }

    @AfterEach
    void stopTheWriterThread() {
        writes.close();
    }

    /**
     * Sizes around the alignment and the lease's halves (1 MiB each): empty, below a block, block edges, half and
     * lease edges, several hand-offs to the writer thread.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, (2 << 20) - 1, 2 << 20,
            (2 << 20) + 1, 7 * (1 << 20) + 12345})
    void directAndBufferedSinksStoreTheSameBytesAndHash(int size) throws IOException {
        byte[] content = randomBytes(size, size);
        FileSink direct = FileSink.create(folder.resolve("direct"), writes);
        FileSink buffered = FileSink.create(folder.resolve("buffered"), new DirectWrites(0));
        assertTrue(direct.direct(), "this test's folder takes direct writes (ext4, xfs, tmpfs since Linux 6.6)");
        assertFalse(buffered.direct());
        appendInPieces(direct, content);
        appendInPieces(buffered, content);

        String expected = HexFormat.of().formatHex(FileSink.sha256().digest(content));
        assertEquals(expected, direct.finish());
        assertEquals(expected, buffered.finish());
        assertEquals(size, direct.written());
        assertArrayEquals(content, Files.readAllBytes(folder.resolve("direct")));
        assertArrayEquals(content, Files.readAllBytes(folder.resolve("buffered")));
        assertEquals(0, writes.lent(), "the finished sink gave its lease back");
    }

    @Test
    void whenEveryBufferIsLentTheNextUploadGoesThroughThePageCacheAndStillStoresEveryByte() throws IOException {
        FileSink first = FileSink.create(folder.resolve("first"), writes);
        FileSink second = FileSink.create(folder.resolve("second"), writes);
        assertTrue(first.direct());
        assertFalse(second.direct());
        byte[] content = randomBytes(70_000, 7);
        appendInPieces(second, content);
        second.finish();
        assertArrayEquals(content, Files.readAllBytes(folder.resolve("second")));

        appendInPieces(first, randomBytes(3 << 20, 3));
        first.discard();
        assertEquals(0, writes.lent());
        assertFalse(Files.exists(folder.resolve("first")));
        FileSink third = FileSink.create(folder.resolve("third"), writes);
        assertTrue(third.direct(), "a discarded sink's lease is lent again");
        third.close();
        assertEquals(0, writes.lent(), "closing gives the lease back once");
        third.close();
        assertEquals(0, writes.lent());
    }

    @Test
    void aLeaseIsAlignedAndTwoMegabytes() {
        DirectWrites buffers = new DirectWrites(2);
        ByteBuffer one = buffers.borrow();
        ByteBuffer two = buffers.borrow();
        assertNull(buffers.borrow(), "never more than the capacity");
        for (ByteBuffer buffer : new ByteBuffer[] {one, two}) {
            assertTrue(buffer.isDirect());
            assertEquals(DirectWrites.LEASE_BYTES, buffer.capacity());
            assertEquals(0, buffer.alignmentOffset(0, DirectWrites.ALIGNMENT));
        }
        buffers.giveBack(one);
        assertEquals(1, buffers.lent());
        one.put((byte) 1);
        assertEquals(0, buffers.borrow().position(), "a lease is lent empty");
        buffers.close();
    }

    /** Appends {@code content} in pieces of varying sizes, as chunks arrive. */
    private static void appendInPieces(FileSink sink, byte[] content) throws IOException {
        Random sizes = new Random(content.length);
        for (int at = 0; at < content.length; ) {
            int piece = Math.min(content.length - at, 1 + sizes.nextInt(300_000));
            ByteBuffer data = ByteBuffer.wrap(content, at, piece);
            sink.append(data);
            assertFalse(data.hasRemaining(), "append consumes what it is given");
            at += piece;
        }
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
