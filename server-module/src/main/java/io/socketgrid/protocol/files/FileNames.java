package io.socketgrid.protocol.files;

import java.text.Normalizer;

/**
 * Turns an offered file name (hostile input) into a safe file name: only its last path segment, NFC
 * normalised, without control characters, leading dots or characters outside letters, digits, space and
 * {@code ._-()+,@}; at most {@value #MAX_STORED_LENGTH} characters, the extension kept; {@code file} when
 * nothing is left. The result never names a directory, a hidden file or anything outside the folder it is
 * resolved in.
 */
public final class FileNames {

    /** The longest name an offer may carry. */
    public static final int MAX_OFFERED_LENGTH = 1024;
    public static final int MAX_STORED_LENGTH = 120;
    private static final String FALLBACK = "file";

    private FileNames() {
    }

    /** Why {@code offered} cannot be taken at all, or null when it can be sanitised. */
    public static String problem(String offered) {
        if (offered == null || offered.isBlank()) {
            return "the file name is missing";
        }
        if (offered.length() > MAX_OFFERED_LENGTH) {
            return "the file name is " + offered.length() + " characters long, over " + MAX_OFFERED_LENGTH;
        }
        if (offered.indexOf('\0') >= 0) {
            return "the file name contains a NUL character";
        }
        return null;
    }

    public static String sanitise(String offered) {
        String name = Normalizer.normalize(offered, Normalizer.Form.NFC);
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder safe = new StringBuilder(name.length());
        name.codePoints().forEach(c -> safe.appendCodePoint(allowed(c) ? c : '_'));
        String result = stripLeading(safe.toString().strip(), '.');
        result = collapse(result);
        if (result.isEmpty() || result.chars().allMatch(c -> c == '_' || c == '.')) {
            return FALLBACK;
        }
        return shorten(result);
    }

    /** The {@code n}-th alternative of a sanitised name: {@code report (n).pdf}. */
    public static String alternative(String name, int n) {
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        return base + " (" + n + ")" + extension;
    }

    private static boolean allowed(int c) {
        return Character.isLetterOrDigit(c) || c == ' ' || "._-()+,@".indexOf(c) >= 0;
    }

    private static String stripLeading(String text, char c) {
        int i = 0;
        while (i < text.length() && text.charAt(i) == c) {
            i++;
        }
        return text.substring(i);
    }

    private static String collapse(String text) {
        return text.replaceAll("_{2,}", "_").replaceAll("\\.{2,}", ".");
    }

    private static String shorten(String name) {
        if (name.length() <= MAX_STORED_LENGTH) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String extension = dot > 0 && name.length() - dot <= 16 ? name.substring(dot) : "";
        String base = name.substring(0, MAX_STORED_LENGTH - extension.length());
        if (Character.isHighSurrogate(base.charAt(base.length() - 1))) {
            base = base.substring(0, base.length() - 1);
        }
        return base + extension;
    }
}
