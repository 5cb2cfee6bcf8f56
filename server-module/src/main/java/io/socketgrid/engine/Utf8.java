package io.socketgrid.engine;

/** UTF-8 sizes without encoding. */
final class Utf8 {

    private Utf8() {
    }

    /** The number of bytes {@code text} takes in UTF-8 (an unpaired surrogate counts as the 3 bytes of U+FFFD, its replacement). */
    static int length(String text) {
        int n = text.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    bytes += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    bytes += 2; // a pair: 4 bytes for 2 chars
                    i++;
                } else {
                    bytes += 2;
                }
            }
        }
        return bytes;
    }
}
