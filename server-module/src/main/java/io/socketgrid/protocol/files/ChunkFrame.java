package io.socketgrid.protocol.files;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One chunk of a file transfer as a binary WebSocket message (docs/PROTOCOL.md, "File transfer"):
 * <pre>
 *   kind (1 byte) = 1 | id length L (1 byte, 1..64) | id (L ASCII bytes) | offset (8) | length N (4) | payload (N)
 * </pre>
 * all big-endian. {@link #decode} checks everything a hostile client can get wrong and never throws anything
 * but {@link ChunkFormatException}; a decoded chunk's {@code offset + length()} never overflows a long.
 *
 * @param transferId the transfer's id
 * @param offset     position of the payload's first byte in the file
 * @param payload    the chunk's bytes (a view of the message: position 0 is the first payload byte)
 */
public record ChunkFrame(String transferId, long offset, ByteBuffer payload) {

    /** A view of the payload of its own: reading it never changes this frame (or {@link #length()}). */
    @Override
    public ByteBuffer payload() {
        return payload.duplicate();
    }

    public static final byte KIND_CHUNK = 1;
    public static final int MAX_ID_LENGTH = 64;
    /** Bytes before the id, and after it (offset and length). */
    private static final int FIXED_HEADER = 2 + 8 + 4;

    /** The size of a chunk message with {@code idLength} id bytes and {@code payload} payload bytes. */
    public static int messageSize(int idLength, int payload) {
        return FIXED_HEADER + idLength + payload;
    }

    /** Header length for a transfer id. */
    public static int headerSize(String transferId) {
        return FIXED_HEADER + transferId.length();
    }

    public int length() {
        return payload.remaining();
    }

    /** The whole message for this chunk, ready to send (position 0, limit at its end). */
    public ByteBuffer encode() {
        ByteBuffer message = ByteBuffer.allocate(headerSize(transferId) + payload.remaining());
        writeHeader(message, transferId, offset, payload.remaining());
        message.put(payload());
        return message.flip();
    }

    /**
     * Writes the header of a chunk of {@code length} bytes into {@code message} at its position; the caller
     * then puts the payload. Lets a sender read the payload straight into the message buffer.
     */
    public static void writeHeader(ByteBuffer message, String transferId, long offset, int length) {
        checkId(transferId);
        message.put(KIND_CHUNK).put((byte) transferId.length())
                .put(transferId.getBytes(StandardCharsets.US_ASCII))
                .putLong(offset).putInt(length);
    }

    /**
     * Reads a chunk message.
     *
     * @param maxPayload the largest payload accepted
     * @throws ChunkFormatException naming what is wrong; {@link ChunkFormatException#transferId()} is set when
     *                              the id could be read
     */
    public static ChunkFrame decode(ByteBuffer message, int maxPayload) throws ChunkFormatException {
        ByteBuffer in = message.slice();
        if (in.remaining() < FIXED_HEADER + 1) {
            throw new ChunkFormatException(null, "a chunk message of " + in.remaining() + " bytes is shorter than any header");
        }
        byte kind = in.get();
        if (kind != KIND_CHUNK) {
            throw new ChunkFormatException(null, "unknown binary message kind " + (kind & 0xff));
        }
        int idLength = in.get() & 0xff;
        if (idLength == 0 || idLength > MAX_ID_LENGTH || in.remaining() < idLength + 12) {
            throw new ChunkFormatException(null, "bad transfer id length " + idLength);
        }
        byte[] id = new byte[idLength];
        in.get(id);
        String transferId = idText(id);
        long offset = in.getLong();
        int length = in.getInt();
        if (offset < 0) {
            throw new ChunkFormatException(transferId, "negative offset " + offset);
        }
        if (length <= 0 || length > maxPayload) {
            throw new ChunkFormatException(transferId, "payload length " + Integer.toUnsignedString(length)
                    + " is not between 1 and " + maxPayload);
        }
        if (offset > Long.MAX_VALUE - length) {
            // else offset + length wraps around and the chunk would look like one before every other
            throw new ChunkFormatException(transferId, "bytes " + offset + "+" + length + " end past 2^63 - 1");
        }
        if (length != in.remaining()) {
            throw new ChunkFormatException(transferId, "the header announces " + length + " payload bytes but "
                    + in.remaining() + " follow");
        }
        return new ChunkFrame(transferId, offset, in.slice());
    }

    /** True when {@code id} may name a transfer: 1 to 64 printable ASCII characters. */
    public static boolean isValidId(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static void checkId(String transferId) {
        if (!isValidId(transferId)) {
            throw new IllegalArgumentException("not a transfer id: " + transferId);
        }
    }

    private static String idText(byte[] id) throws ChunkFormatException {
        String text = new String(id, StandardCharsets.US_ASCII);
        if (!isValidId(text)) {
            throw new ChunkFormatException(null, "the transfer id is not printable ASCII");
        }
        return text;
    }
}
