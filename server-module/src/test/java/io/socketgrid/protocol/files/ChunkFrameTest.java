package io.socketgrid.protocol.files;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkFrameTest {

    private static final int MAX = 1024;

    private static ByteBuffer bytes(int n) {
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) i);
        }
        return b.flip();
    }

    @Test
    void roundTrip() throws Exception {
        ChunkFrame frame = new ChunkFrame("node1234.abcDEF_-9", 1L << 33, bytes(300));
        ByteBuffer message = frame.encode();
        assertEquals(ChunkFrame.messageSize(18, 300), message.remaining());
        ChunkFrame back = ChunkFrame.decode(message, MAX);
        assertEquals("node1234.abcDEF_-9", back.transferId());
        assertEquals(1L << 33, back.offset());
        assertEquals(bytes(300), back.payload());
        assertEquals(0, message.position(), "decoding leaves the message as it was");
        back.payload().position(300);
        assertEquals(300, back.length(), "reading the payload does not consume the frame");
    }

    @Test
    void aHeaderThatLiesAboutItsLengthIsRefusedNamingTheTransfer() {
        ByteBuffer message = new ChunkFrame("t1", 0, bytes(100)).encode();
        ByteBuffer shortened = message.duplicate().limit(message.limit() - 1);
        ChunkFormatException e = assertThrows(ChunkFormatException.class, () -> ChunkFrame.decode(shortened, MAX));
        assertEquals("t1", e.transferId());
        assertTrue(e.getMessage().contains("announces 100"), e.getMessage());
        ByteBuffer longer = ByteBuffer.allocate(message.remaining() + 5).put(message.duplicate()).put(new byte[5]).flip();
        assertThrows(ChunkFormatException.class, () -> ChunkFrame.decode(longer, MAX));
    }

    @Test
    void malformedHeadersAreRefused() {
        assertNull(refused(ByteBuffer.wrap(new byte[]{1, 2, 'a'})).transferId(), "too short");
        ByteBuffer message = new ChunkFrame("t1", 0, bytes(10)).encode();
        message.put(0, (byte) 2);
        assertTrue(refused(message).getMessage().contains("kind 2"));
        message = new ChunkFrame("t1", 0, bytes(10)).encode();
        message.put(1, (byte) 0);
        assertTrue(refused(message).getMessage().contains("id length 0"));
        message = new ChunkFrame("t1", 0, bytes(10)).encode();
        message.put(1, (byte) 200);
        assertTrue(refused(message).getMessage().contains("id length 200"));
        message = new ChunkFrame("t1", 0, bytes(10)).encode();
        message.put(2, (byte) 0);
        assertTrue(refused(message).getMessage().contains("printable"));
        message = new ChunkFrame("t1", 0, bytes(10)).encode();
        message.putLong(4, -5);
        assertEquals("t1", refused(message).transferId());
    }

    @Test
    void payloadsOverTheMaximumOrEmptyAreRefused() {
        assertThrows(ChunkFormatException.class, () -> ChunkFrame.decode(new ChunkFrame("t", 0, bytes(MAX + 1)).encode(), MAX));
        ByteBuffer empty = ByteBuffer.allocate(ChunkFrame.messageSize(1, 0));
        ChunkFrame.writeHeader(empty, "t", 0, 0);
        assertThrows(ChunkFormatException.class, () -> ChunkFrame.decode(empty.flip(), MAX));
    }

    @Test
    void idsAreShortPrintableAscii() {
        assertTrue(ChunkFrame.isValidId("abc.DEF-123_x"));
        assertEquals(false, ChunkFrame.isValidId(""));
        assertEquals(false, ChunkFrame.isValidId("a b"));
        assertEquals(false, ChunkFrame.isValidId("é"));
        assertEquals(false, ChunkFrame.isValidId("x".repeat(65)));
        assertThrows(IllegalArgumentException.class, () -> new ChunkFrame("a b", 0, bytes(1)).encode());
    }

    private static ChunkFormatException refused(ByteBuffer message) {
        return assertThrows(ChunkFormatException.class, () -> ChunkFrame.decode(message, MAX));
    }
}
