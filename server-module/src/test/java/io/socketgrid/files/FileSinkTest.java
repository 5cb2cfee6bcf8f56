package io.socketgrid.files;

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

    /** Sizes around the alignment and the buffer: empty, below a block, block edges, buffer edges, several buffers. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 4095, 4096, 4097, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3 * (1 << 20) + 12345})
    void directAndBufferedSinksStoreTheSameBytesAndHash(int size) throws IOException {
        byte[] content = randomBytes(size, size);
        DirectWriteBuffers buffers = new DirectWriteBuffers(1);

        FileSink direct = FileSink.create(folder.resolve("direct"), buffers);
        FileSink buffered = FileSink.create(folder.resolve("buffered"), new DirectWriteBuffers(0));
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
        assertEquals(0, buffers.lent(), "the finished sink gave its buffer back");
    }

    @Test
    void whenEveryBufferIsLentTheNextUploadGoesThroughThePageCacheAndStillStoresEveryByte() throws IOException {
        DirectWriteBuffers buffers = new DirectWriteBuffers(1);
        FileSink first = FileSink.create(folder.resolve("first"), buffers);
        FileSink second = FileSink.create(folder.resolve("second"), buffers);
        assertTrue(first.direct());
        assertFalse(second.direct());
        byte[] content = randomBytes(70_000, 7);
        appendInPieces(second, content);
        second.finish();
        assertArrayEquals(content, Files.readAllBytes(folder.resolve("second")));

        first.discard();
        assertEquals(0, buffers.lent());
        assertFalse(Files.exists(folder.resolve("first")));
        FileSink third = FileSink.create(folder.resolve("third"), buffers);
        assertTrue(third.direct(), "a discarded sink's buffer is lent again");
        third.close();
        assertEquals(0, buffers.lent(), "closing gives the buffer back once");
        third.close();
        assertEquals(0, buffers.lent());
    }

    @Test
    void theBufferIsAlignedAndAMegabyte() {
        DirectWriteBuffers buffers = new DirectWriteBuffers(2);
        ByteBuffer one = buffers.borrow();
        ByteBuffer two = buffers.borrow();
        assertNull(buffers.borrow(), "never more than the capacity");
        for (ByteBuffer buffer : new ByteBuffer[] {one, two}) {
            assertTrue(buffer.isDirect());
            assertEquals(DirectWriteBuffers.BUFFER_BYTES, buffer.capacity());
            assertEquals(0, buffer.alignmentOffset(0, DirectWriteBuffers.ALIGNMENT));
        }
        buffers.giveBack(one);
        assertEquals(1, buffers.lent());
        one.put((byte) 1);
        assertEquals(0, buffers.borrow().position(), "a buffer is lent empty");
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
