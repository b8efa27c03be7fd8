package io.ruleforge.esql;

import io.ruleforge.ql.SourceSpan;

/** Thrown inside the front end to abort at the first error; {@link EsqlParser} turns it into a result. */
final class EsqlSyntaxException extends RuntimeException {

    private final transient SourceSpan span;

    EsqlSyntaxException(SourceSpan span, String message) {
        super(message, null, false, false);
        this.span = span;
    }

    SourceSpan span() {
        return span;
    }
}
