package io.ruleforge.evaluate.esql;

import io.ruleforge.ql.SourceSpan;

/**
 * A query Elasticsearch would refuse, or one ruleforge cannot evaluate (an unsupported command or function), found
 * while planning it: the message says what, {@link #span()} where in the query.
 */
public final class EsqlEvaluationException extends RuntimeException {

    private final transient SourceSpan span;
    private final boolean unsupported;

    public EsqlEvaluationException(String message, SourceSpan span) {
        this(message, span, false);
    }

    private EsqlEvaluationException(String message, SourceSpan span, boolean unsupported) {
        super(message);
        this.span = span;
        this.unsupported = unsupported;
    }

    /** Something ruleforge does not evaluate (yet), though Elasticsearch would. */
    public static EsqlEvaluationException unsupported(String message, SourceSpan span) {
        return new EsqlEvaluationException(message, span, true);
    }

    public SourceSpan span() {
        return span;
    }

    public boolean isUnsupported() {
        return unsupported;
    }
}
