package io.socketgrid.jakarta;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class BinaryMessageJoinerTest {

    private static ByteBuffer bytes(int n, int value) {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        while (buffer.hasRemaining()) {
            buffer.put((byte) value);
        }
        return buffer.flip();
    }

    @Test
    void aWholeMessageIsCopiedSoTheContainerMayReuseItsBuffer() {
        BinaryMessageJoiner joiner = new BinaryMessageJoiner(10);
        ByteBuffer part = bytes(10, 7);
        ByteBuffer message = joiner.add(part, true);
        part.clear().put((byte) 1);
        assertEquals(10, message.remaining());
        assertEquals(7, message.get(0));
    }

    @Test
    void partsAreJoinedInOrder() {
        BinaryMessageJoiner joiner = new BinaryMessageJoiner(10);
        assertNull(joiner.add(bytes(4, 1), false));
        assertNull(joiner.add(bytes(3, 2), false));
        ByteBuffer message = joiner.add(bytes(3, 3), true);
        assertEquals(10, message.remaining());
        assertEquals(1, message.get(0));
        assertEquals(2, message.get(4));
        assertEquals(3, message.get(9));
    }

    @Test
    void aMessageOverTheLimitIsReportedOnceAndItsRestDroppedThenTheNextOneIsWhole() {
        BinaryMessageJoiner joiner = new BinaryMessageJoiner(10);
        assertNull(joiner.add(bytes(8, 1), false));
        assertSame(BinaryMessageJoiner.TOO_BIG, joiner.add(bytes(3, 1), false));
        assertNull(joiner.add(bytes(100, 1), false));
        assertNull(joiner.add(bytes(1, 1), true));
        assertEquals(5, joiner.add(bytes(5, 9), true).remaining());
        assertSame(BinaryMessageJoiner.TOO_BIG, joiner.add(bytes(11, 1), true));
        assertEquals(1, joiner.add(bytes(1, 9), true).remaining());
    }
}
