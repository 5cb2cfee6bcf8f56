package io.socketgrid.it;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A file's bytes made on demand from a seed, so a test can send 100 MB without holding them: the bytes at
 * any offset are a function of the seed and the offset (blocks of 64 KiB).
 */
final class GeneratedFile {

    private static final int BLOCK = 1 << 16;

    final long size;
    private final long seed;

    GeneratedFile(long size, long seed) {
        this.size = size;
        this.seed = seed;
    }

    /** {@code length} bytes from {@code offset}. */
    byte[] read(long offset, int length) {
        byte[] out = new byte[length];
        int written = 0;
        while (written < length) {
            long position = offset + written;
            long block = position / BLOCK;
            byte[] bytes = block(block);
            int from = (int) (position - block * BLOCK);
            int n = Math.min(length - written, BLOCK - from);
            System.arraycopy(bytes, from, out, written, n);
            written += n;
        }
        return out;
    }

    private byte[] block(long index) {
        byte[] bytes = new byte[BLOCK];
        SplittableRandom random = new SplittableRandom(seed * 1_000_003 + index);
        for (int i = 0; i < BLOCK; i += 8) {
            long value = random.nextLong();
            for (int j = 0; j < 8; j++) {
                bytes[i + j] = (byte) (value >>> (8 * j));
            }
        }
        return bytes;
    }

    String sha256() throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        for (long offset = 0; offset < size; offset += BLOCK) {
            digest.update(read(offset, (int) Math.min(BLOCK, size - offset)));
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
