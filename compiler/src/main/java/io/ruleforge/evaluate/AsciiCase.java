package io.ruleforge.evaluate;

/**
 * Elasticsearch's {@code case_insensitive} (term, wildcard and regexp queries): only ASCII letters match their other
 * case ({@code AutomatonQueries.toCaseInsensitiveChar}, "For now we only work with ASCII characters", and Lucene's
 * {@code ASCII_CASE_INSENSITIVE}); every other character must be the same, so {@code "É"} never matches {@code "é"}.
 */
public final class AsciiCase {

    private AsciiCase() {
    }

    public static boolean equalsIgnoreCase(String a, String b) {
        if (a.length() != b.length()) {
            return false;
        }
        for (int i = 0; i < a.length(); i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && (x >= 128 || y >= 128 || lower(x) != lower(y))) {
                return false;
            }
        }
        return true;
    }

    /** The text with its ASCII capitals in lower case and every other character as it is. */
    public static String lower(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z' && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(lower(c));
            }
        }
        return out == null ? text : out.toString();
    }

    private static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }
}
