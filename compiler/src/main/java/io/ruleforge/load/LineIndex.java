package io.ruleforge.load;

import java.util.Arrays;

/**
 * Turns character offsets of a text into 1-based line and column numbers. Columns count Unicode code points, as
 * editors do: an emoji before an error is one column, not the two UTF-16 chars Java stores it in.
 */
final class LineIndex {

    private final String text;
    private final int[] lineStarts;

    LineIndex(String text) {
        this.text = text;
        int[] starts = new int[16];
        int count = 0;
        starts[count++] = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    /** 1-based line of the offset. */
    int line(int offset) {
        int idx = Arrays.binarySearch(lineStarts, offset);
        return (idx >= 0 ? idx : -idx - 2) + 1;
    }

    /** 1-based column, in code points, of the char offset (an offset past the text counts on from its end). */
    int column(int offset) {
        int start = lineStarts[line(offset) - 1];
        int end = Math.min(Math.max(offset, start), text.length());
        return text.codePointCount(start, end) + Math.max(0, offset - end) + 1;
    }

    /** Char offset of a 1-based line and a 1-based column in code points (as SnakeYAML reports them). */
    int offset(int line, int column) {
        int start = lineStarts[Math.min(Math.max(line, 1), lineStarts.length) - 1];
        return advance(start, Math.max(column, 1) - 1);
    }

    /** Char offset of a 1-based line and a 1-based column in UTF-16 chars (as Jackson's TOML parser reports them). */
    int offsetOfCharColumn(int line, int charColumn) {
        int start = lineStarts[Math.min(Math.max(line, 1), lineStarts.length) - 1];
        return Math.min(start + Math.max(charColumn, 1) - 1, text.length());
    }

    /** {@code codePoints} code points on from {@code start}, stopping at the end of the text. */
    private int advance(int start, int codePoints) {
        int offset = start;
        for (int i = 0; i < codePoints && offset < text.length(); i++) {
            offset += Character.charCount(text.codePointAt(offset));
        }
        return offset;
    }
}
