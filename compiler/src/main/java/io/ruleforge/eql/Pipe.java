package io.ruleforge.eql;

import io.ruleforge.ql.SourceSpan;

/** {@code | head N} or {@code | tail N}, the only pipes Elasticsearch runs. */
public record Pipe(Kind kind, int count, SourceSpan span) {

    public enum Kind { HEAD, TAIL }
}
