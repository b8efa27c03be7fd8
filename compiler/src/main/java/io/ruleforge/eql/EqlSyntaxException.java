package io.ruleforge.eql;

/**
 * Thrown inside the front end when the AST builder meets something the grammar admits only to reject it with a
 * precise message; {@link EqlParser} turns it into an {@link EqlSyntaxError}. Never escapes the parser.
 */
final class EqlSyntaxException extends RuntimeException {

    private final transient Span span;

    EqlSyntaxException(Span span, String message) {
        super(message, null, false, false);
        this.span = span;
    }

    Span span() {
        return span;
    }
}
