package io.ruleforge.ql;

import io.ruleforge.diag.QueryText;

/**
 * Where a construct stands in the query text: char offsets {@code [start, end)}, shared by every query language's
 * AST and diagnostics (KQL, EQL, and ES|QL next). Line and column are derived from the text on demand
 * ({@link #line(QueryText)}, {@link #column(QueryText)}, code-point columns as editors count) rather than stored, so
 * that every AST node stays two ints and a span means the same whichever text (query or rule file) it is mapped into.
 */
public record SourceSpan(int start, int end) {

    /** For constructs with no place in the text (synthesised nodes). */
    public static final SourceSpan NONE = new SourceSpan(0, 0);

    /** The smallest span covering both. */
    public SourceSpan to(SourceSpan other) {
        return new SourceSpan(Math.min(start, other.start), Math.max(end, other.end));
    }

    /** 1-based line of {@link #start()} in the given text. */
    public int line(QueryText text) {
        return text.line(start);
    }

    /** 1-based column (in code points) of {@link #start()} within its line. */
    public int column(QueryText text) {
        return text.column(start);
    }
}
