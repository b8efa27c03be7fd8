package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

/**
 * A function failed on one row's values: ES|QL turns the result into null and adds a response warning naming the
 * Java exception Elasticsearch throws ({@code java.lang.IllegalArgumentException: single-value function encountered
 * multi-value}).
 */
public final class EvaluationFailure extends RuntimeException {

    private final String exceptionClass;

    public EvaluationFailure(String exceptionClass, String message) {
        super(message, null, false, false);
        this.exceptionClass = exceptionClass;
    }

    public static EvaluationFailure multiValue() {
        return new EvaluationFailure("java.lang.IllegalArgumentException", "single-value function encountered multi-value");
    }

    public static EvaluationFailure illegalArgument(String message) {
        return new EvaluationFailure("java.lang.IllegalArgumentException", message);
    }

    public static EvaluationFailure arithmetic(String message) {
        return new EvaluationFailure("java.lang.ArithmeticException", message);
    }

    /** The warning's second line as Elasticsearch words it, without the position prefix. */
    public String warningText() {
        return exceptionClass + ": " + getMessage();
    }
}
