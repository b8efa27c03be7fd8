package io.ruleforge.eql;

/** {@code | head N} or {@code | tail N}, the only pipes Elasticsearch runs. */
public record Pipe(Kind kind, int count, Span span) {

    public enum Kind { HEAD, TAIL }
}
