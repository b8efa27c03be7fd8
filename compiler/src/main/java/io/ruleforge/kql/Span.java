package io.ruleforge.kql;

/** Character offsets {@code [start, end)} of a construct in the query text, for positioned diagnostics. */
public record Span(int start, int end) {
    public static final Span NONE = new Span(0, 0);
}
