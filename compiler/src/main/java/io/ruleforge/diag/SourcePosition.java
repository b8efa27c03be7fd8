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
