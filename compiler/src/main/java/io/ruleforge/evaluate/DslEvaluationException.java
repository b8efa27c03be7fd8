package io.ruleforge.evaluate;

/**
 * A query that Elasticsearch would reject (or that this evaluator cannot decide faithfully). Thrown instead of
 * returning a verdict, because a silent {@code false} would make a broken rule look like a quiet one.
 * The message is one line and starts with the clause path, e.g. {@code bool.filter[0]: ...}.
 */
public final class DslEvaluationException extends RuntimeException {

    public DslEvaluationException(String message) {
        super(ClauseVerdict.oneLine(message));
    }
}
