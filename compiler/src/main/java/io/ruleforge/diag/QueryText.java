package io.ruleforge.diag;

/**
 * Position arithmetic on the query text. ANTLR's {@code CharStreams.fromString} counts code points while
 * the front ends' spans and syntax errors use Java chars, so astral characters need a translation; lines and
 * columns for messages count code points. Shared by the KQL and EQL front ends, the query command and the mapping-file
 * reader (any text whose positions are reported).
 */
public final class QueryText {

    private final String text;
    private final boolean hasSurrogates;
    /**
     * Char offset of each code point index (and of the end), only for a text with surrogates: the front ends ask
     * for one offset per AST node, and counting code points from the start each time made a long query with one
     * emoji cost quadratic time. Null for the usual text, where the two indexes are equal.
     */
    private final int[] charOffsetOfCodePoint;

    public QueryText(String text) {
        this.text = text;
        this.hasSurrogates = hasSurrogates(text);
        this.charOffsetOfCodePoint = hasSurrogates ? charOffsets(text) : null;
    }

    private static boolean hasSurrogates(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int[] charOffsets(String text) {
        int[] offsets = new int[text.codePointCount(0, text.length()) + 1];
        int cp = 0;
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            offsets[cp++] = i;
        }
        offsets[cp] = text.length();
        return offsets;
    }

    public String text() {
        return text;
    }

    /** Char offset of the given code point index (clamped to the text length). */
    public int charOffset(int codePointIndex) {
        if (codePointIndex <= 0) {
            return 0;
        }
        if (!hasSurrogates) {
            return Math.min(codePointIndex, text.length());
        }
        return charOffsetOfCodePoint[Math.min(codePointIndex, charOffsetOfCodePoint.length - 1)];
    }

    /** 1-based line of a char offset; CR LF, LF and a lone CR each end a line. */
    public int line(int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    /** 1-based column of a char offset within its line, in code points as editors count (an emoji is one column). */
    public int column(int offset) {
        int end = Math.min(Math.max(offset, 0), text.length());
        int start = end;
        while (start > 0) {
            char c = text.charAt(start - 1);
            if (c == '\n' || c == '\r') {
                break;
            }
            start--;
        }
        return (hasSurrogates ? text.codePointCount(start, end) : end - start) + 1;
    }
}
