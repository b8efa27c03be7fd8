package io.ruleforge.eql;

import io.ruleforge.ql.SourceSpan;

/**
 * Thrown inside the front end when the AST builder meets something the grammar admits only to reject it with a
 * precise message; {@link EqlParser} turns it into an {@link EqlSyntaxError}. Never escapes the parser.
 */
final class EqlSyntaxException extends RuntimeException {

    private final transient SourceSpan span;

    EqlSyntaxException(SourceSpan span, String message) {
        super(message, null, false, false);
        this.span = span;
    }

    SourceSpan span() {
        return span;
    }
}
