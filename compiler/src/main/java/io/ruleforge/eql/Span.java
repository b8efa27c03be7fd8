package io.ruleforge.eql;

/** Character offsets {@code [start, end)} of a construct in the EQL query text, for positioned diagnostics. */
public record Span(int start, int end) {
    public static final Span NONE = new Span(0, 0);

    /** The smallest span covering both. */
    public Span to(Span other) {
        return new Span(Math.min(start, other.start), Math.max(end, other.end));
    }
}
