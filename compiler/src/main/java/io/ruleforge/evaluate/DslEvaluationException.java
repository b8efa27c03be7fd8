package io.ruleforge.evaluate;

/**
 * A query that Elasticsearch would reject (or that this evaluator cannot decide faithfully). Thrown instead of
 * returning a verdict, because a silent {@code false} would make a broken rule look like a quiet one.
 * The message is one line and starts with the clause path, e.g. {@code bool.filter[0]: ...}.
 */
public final class DslEvaluationException extends RuntimeException {

    private final boolean notModelled;

    public DslEvaluationException(String message) {
        this(message, false);
    }

    private DslEvaluationException(String message, boolean notModelled) {
        super(ClauseVerdict.oneLine(message));
        this.notModelled = notModelled;
    }

    /** The query is one Elasticsearch would run, on a mapping ruleforge does not model (a keyword normalizer). */
    public static DslEvaluationException notModelled(String message) {
        return new DslEvaluationException(message, true);
    }

    /** Thrown for {@code cause}, as the refusal its kind is: ruleforge's limit, or Elasticsearch's. */
    static DslEvaluationException of(String message, RuntimeException cause) {
        return new DslEvaluationException(message, cause instanceof io.ruleforge.fields.NotModelledException);
    }

    public boolean isNotModelled() {
        return notModelled;
    }

    /** How a verdict that cannot stand is introduced: {@code Elasticsearch would reject}, or ruleforge's own limit. */
    public String refusal(String what) {
        return notModelled ? "ruleforge cannot decide " + what : "Elasticsearch would reject " + what;
    }
}
