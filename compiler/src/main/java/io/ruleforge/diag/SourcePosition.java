package io.ruleforge.diag;

import java.util.Objects;

/**
 * A place in a source file. Lines and columns are 1-based, columns counted in Unicode code points as editors do;
 * 0 means "unknown" (for example an error about a whole file).
 */
public record SourcePosition(String file, int line, int column) {

    public SourcePosition {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("negative position " + line + ":" + column);
        }
    }

    public static SourcePosition ofFile(String file) {
        return new SourcePosition(file, 0, 0);
    }

    /**
     * The start of the line a {@code file:line} label names (how fixture cases name where they come from); the whole
     * file when the label carries no line.
     */
    public static SourcePosition ofFileLine(String label) {
        int colon = label.lastIndexOf(':');
        if (colon > 0 && colon + 1 < label.length() && label.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            try {
                return new SourcePosition(label.substring(0, colon), Integer.parseInt(label.substring(colon + 1)), 1);
            } catch (NumberFormatException tooLong) {
                return ofFile(label);
            }
        }
        return ofFile(label);
    }

    public boolean isKnown() {
        return line > 0;
    }

    /** {@code file:line:column}, or just {@code file} when the position inside it is unknown. */
    @Override
    public String toString() {
        if (line == 0) {
            return file;
        }
        return file + ":" + line + ":" + Math.max(column, 1);
    }
}
