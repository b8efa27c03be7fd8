package io.ruleforge.esql;

import io.ruleforge.esql.ast.Span;

/** Thrown inside the front end to abort at the first error; {@link EsqlParser} turns it into a result. */
final class EsqlSyntaxException extends RuntimeException {

    private final transient Span span;

    EsqlSyntaxException(Span span, String message) {
        super(message, null, false, false);
        this.span = span;
    }

    Span span() {
        return span;
    }
}
