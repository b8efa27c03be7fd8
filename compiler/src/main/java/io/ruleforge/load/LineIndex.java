package io.ruleforge.load;

import java.util.Arrays;

/** Turns character offsets of a text into 1-based line and column numbers. */
final class LineIndex {

    private final int[] lineStarts;

    LineIndex(String text) {
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

    /** 1-based column of the offset. */
    int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    /** Offset of a 1-based line and column. */
    int offset(int line, int column) {
        int l = Math.min(Math.max(line, 1), lineStarts.length);
        return lineStarts[l - 1] + Math.max(column, 1) - 1;
    }
}
