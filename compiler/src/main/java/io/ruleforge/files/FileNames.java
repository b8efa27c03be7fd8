package io.ruleforge.files;

import java.nio.charset.StandardCharsets;

/**
 * Names derived from a user's file name (a report {@code TEST-ruleforge.<stem>.xml}, a temporary file beside an
 * output) must still fit the file-system limit of 255 bytes when the user's name nearly fills it.
 */
public final class FileNames {

    /** The longest file name (in UTF-8 bytes) ext4, APFS, NTFS and most others accept. */
    public static final int MAX_BYTES = 255;

    private FileNames() {
    }

    /**
     * {@code prefix + stem + suffix}, or when that is longer than {@link #MAX_BYTES}, with the stem cut and
     * followed by {@code ~} and 8 hex digits of its SHA-256, so that two long stems that differ only at their end
     * still give two names.
     */
    public static String fit(String prefix, String stem, String suffix) {
        return fit(prefix, stem, suffix, MAX_BYTES);
    }

    static String fit(String prefix, String stem, String suffix, int maxBytes) {
        String whole = prefix + stem + suffix;
        if (bytes(whole) <= maxBytes) {
            return whole;
        }
        String tag = "~" + Sha256.hex(stem.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
        int room = maxBytes - bytes(prefix) - bytes(tag) - bytes(suffix);
        StringBuilder cut = new StringBuilder();
        for (int i = 0; i < stem.length(); ) {
            int codePoint = stem.codePointAt(i);
            String next = new String(Character.toChars(codePoint));
            if (bytes(cut.toString()) + bytes(next) > room) {
                break;
            }
            cut.append(next);
            i += Character.charCount(codePoint);
        }
        return prefix + cut + tag + suffix;
    }

    private static int bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
