package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.Span;

/**
 * A query Elasticsearch would refuse, or one ruleforge cannot evaluate (an unsupported command or function), found
 * while planning it: the message says what, {@link #span()} where in the query.
 */
public final class EsqlEvaluationException extends RuntimeException {

    private final transient Span span;
    private final boolean unsupported;

    public EsqlEvaluationException(String message, Span span) {
        this(message, span, false);
    }

    private EsqlEvaluationException(String message, Span span, boolean unsupported) {
        super(message);
        this.span = span;
        this.unsupported = unsupported;
    }

    /** Something ruleforge does not evaluate (yet), though Elasticsearch would. */
    public static EsqlEvaluationException unsupported(String message, Span span) {
        return new EsqlEvaluationException(message, span, true);
    }

    public Span span() {
        return span;
    }

    public boolean isUnsupported() {
        return unsupported;
    }
}
