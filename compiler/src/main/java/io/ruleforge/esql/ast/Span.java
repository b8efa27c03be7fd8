package io.ruleforge.esql.ast;

/**
 * Character offsets {@code [start, end)} of a construct in the ES|QL query text, for positioned diagnostics (the
 * loader maps them into the rule file).
 */
public record Span(int start, int end) {
    public static final Span NONE = new Span(0, 0);

    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    /** The smallest span covering both. */
    public Span to(Span other) {
        return new Span(Math.min(start, other.start), Math.max(end, other.end));
    }
}
