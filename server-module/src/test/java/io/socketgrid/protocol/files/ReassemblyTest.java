package io.socketgrid.protocol.files;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReassemblyTest {

    private static ByteBuffer chunk(byte[] file, int offset, int length) {
        return ByteBuffer.wrap(file, offset, length).slice();
    }

    @Test
    void chunksInAnyOrderWithinTheWindowComeOutInOrder() throws Exception {
        byte[] file = new byte[10_000];
        new Random(1).nextBytes(file);
        List<Integer> offsets = new ArrayList<>();
        for (int o = 0; o < file.length; o += 100) {
            offsets.add(o);
        }
        // shuffle within groups of 10 chunks (1,000 bytes), inside a 1,000-byte window
        for (int g = 0; g < offsets.size(); g += 10) {
            Collections.shuffle(offsets.subList(g, Math.min(offsets.size(), g + 10)), new Random(g));
        }
        Reassembly reassembly = new Reassembly(file.length, 0, 1000);
        ByteBuffer out = ByteBuffer.allocate(file.length);
        for (int offset : offsets) {
            reassembly.accept(offset, chunk(file, offset, 100)).inOrder().forEach(out::put);
            assertTrue(reassembly.heldBytes() <= 1000);
        }
        assertTrue(reassembly.complete());
        assertEquals(0, reassembly.heldBytes());
        assertArrayEquals(file, out.array());
    }

    @Test
    void duplicatesAreIgnoredAndSaySo() throws Exception {
        byte[] file = new byte[300];
        Reassembly reassembly = new Reassembly(300, 0, 300);
        assertEquals(1, reassembly.accept(0, chunk(file, 0, 100)).inOrder().size());
        assertTrue(reassembly.accept(0, chunk(file, 0, 100)).duplicate(), "a repeat of received bytes");
        assertTrue(reassembly.accept(50, chunk(file, 50, 50)).duplicate(), "inside received bytes");
        assertFalse(reassembly.accept(200, chunk(file, 200, 100)).duplicate());
        assertTrue(reassembly.accept(200, chunk(file, 200, 100)).duplicate(), "a repeat of a held chunk");
        assertEquals(2, reassembly.accept(100, chunk(file, 100, 100)).inOrder().size());
        assertTrue(reassembly.complete());
    }

    @Test
    void overlapsSizeAndWindowAreRejected() throws Exception {
        byte[] file = new byte[1000];
        Reassembly reassembly = new Reassembly(1000, 0, 300);
        reassembly.accept(0, chunk(file, 0, 100));
        assertThrows(ChunkRejectedException.class, () -> reassembly.accept(50, chunk(file, 50, 100)), "partly received");
        reassembly.accept(200, chunk(file, 200, 100));
        assertThrows(ChunkRejectedException.class, () -> reassembly.accept(150, chunk(file, 150, 100)), "overlaps a held chunk's start");
        assertThrows(ChunkRejectedException.class, () -> reassembly.accept(250, chunk(file, 250, 50)), "inside a held chunk");
        assertThrows(ChunkRejectedException.class, () -> reassembly.accept(350, chunk(file, 350, 100)), "past the window (100 + 300)");
        Reassembly small = new Reassembly(120, 0, 1000);
        assertThrows(ChunkRejectedException.class, () -> small.accept(100, chunk(file, 100, 100)), "past the size");
        assertEquals(100, reassembly.contiguous(), "rejections change nothing");
    }

    @Test
    void aResumedTransferStartsWhereItStopped() throws Exception {
        byte[] file = new byte[400];
        Reassembly reassembly = new Reassembly(400, 200, 400);
        assertTrue(reassembly.accept(0, chunk(file, 0, 200)).duplicate());
        assertEquals(1, reassembly.accept(200, chunk(file, 200, 200)).inOrder().size());
        assertTrue(reassembly.complete());
        assertThrows(IllegalArgumentException.class, () -> new Reassembly(100, 101, 10));
    }

    @Test
    void anEmptyFileIsCompleteAtOnce() {
        assertTrue(new Reassembly(0, 0, 100).complete());
    }
}
