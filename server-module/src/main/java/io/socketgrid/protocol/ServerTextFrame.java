package io.socketgrid.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A text message as the complete WebSocket frame a server writes for it (RFC 6455, section 5.2: FIN set,
 * opcode 1, no mask, the payload length in its shortest form), so that a message delivered to many sockets is
 * encoded once and its bytes written to each. A character UTF-8 cannot encode (an unpaired surrogate) becomes
 * {@code '?'}, as {@link String#getBytes} makes it.
 */
public final class ServerTextFrame {

    private static final int FIN_TEXT = 0x81;
    private static final int LENGTH_16 = 126;
    private static final int LENGTH_64 = 127;

    private ServerTextFrame() {
    }

    /** The frame of {@code text}: a new array the caller owns. */
    public static byte[] encode(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        int n = payload.length;
        int head = n < LENGTH_16 ? 2 : n <= 0xFFFF ? 4 : 10;
        byte[] frame = new byte[head + n];
        frame[0] = (byte) FIN_TEXT;
        if (head == 2) {
            frame[1] = (byte) n;
        } else if (head == 4) {
            frame[1] = (byte) LENGTH_16;
            frame[2] = (byte) (n >>> 8);
            frame[3] = (byte) n;
        } else {
            frame[1] = (byte) LENGTH_64;
            for (int i = 0; i < 8; i++) {
                frame[2 + i] = (byte) ((long) n >>> (56 - 8 * i));
            }
        }
        System.arraycopy(payload, 0, frame, head, n);
        return frame;
    }
}
