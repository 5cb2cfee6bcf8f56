package io.socketgrid.protocol;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ServerTextFrameTest {

    /** The payload of a server's unmasked, final text frame, read as RFC 6455 says; fails on anything else. */
    private static String payloadOf(byte[] frame) {
        assertEquals(0x81, frame[0] & 0xFF, "FIN and opcode 1");
        int code = frame[1] & 0xFF;
        assertEquals(0, code & 0x80, "a server's frame is not masked");
        long length;
        int head;
        if (code < 126) {
            length = code;
            head = 2;
        } else if (code == 126) {
            length = ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
            head = 4;
            assertEquals(true, length >= 126, "the 16-bit form only for lengths it is needed for");
        } else {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | (frame[2 + i] & 0xFF);
            }
            head = 10;
            assertEquals(true, length > 0xFFFF, "the 64-bit form only for lengths it is needed for");
        }
        assertEquals(head + length, frame.length, "the frame holds exactly its payload");
        return new String(frame, head, (int) length, StandardCharsets.UTF_8);
    }

    @Test
    void everyLengthFormAroundItsBoundariesCarriesTheText() {
        for (int n : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 200_000}) {
            String text = "x".repeat(n);
            assertEquals(text, payloadOf(ServerTextFrame.encode(text)), "length " + n);
        }
    }

    @Test
    void theLengthIsOfTheUtf8BytesNotOfTheCharacters() {
        String text = "é€😀".repeat(20); // 2 + 3 + 4 bytes in 1 + 1 + 2 chars: 180 bytes, 80 chars
        byte[] frame = ServerTextFrame.encode(text);
        assertArrayEquals(new byte[] {(byte) 0x81, 126, 0, (byte) 180}, Arrays.copyOf(frame, 4));
        assertEquals(text, payloadOf(frame));
    }

    @Test
    void headersAreTheShortestForm() {
        assertArrayEquals(new byte[] {(byte) 0x81, 125}, Arrays.copyOf(ServerTextFrame.encode("y".repeat(125)), 2));
        assertArrayEquals(new byte[] {(byte) 0x81, 126, 0, 126}, Arrays.copyOf(ServerTextFrame.encode("y".repeat(126)), 4));
        assertArrayEquals(new byte[] {(byte) 0x81, 126, (byte) 0xFF, (byte) 0xFF},
                Arrays.copyOf(ServerTextFrame.encode("y".repeat(65_535)), 4));
        assertArrayEquals(new byte[] {(byte) 0x81, 127, 0, 0, 0, 0, 0, 1, 0, 0},
                Arrays.copyOf(ServerTextFrame.encode("y".repeat(65_536)), 10));
    }

    @Test
    void anUnpairedSurrogateBecomesAQuestionMark() {
        assertEquals("a?b", payloadOf(ServerTextFrame.encode("a\uD800b")));
    }
}
