package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The response warnings of one query: for each expression that failed on some row, Elasticsearch's two lines
 * ({@code Line 1:23: evaluation of [f(x)] failed, treating result as null. Only first 20 failures recorded.} then
 * one line per failure, at most 20).
 */
public final class Warnings {

    private static final int MAX_FAILURES = 20;

    private final Map<String, List<String>> byExpression = new LinkedHashMap<>();

    /** Records a failure of the expression written {@code source} at {@code line}:{@code column} of the query. */
    public void add(int line, int column, String source, EvaluationFailure failure) {
        String at = "Line " + line + ":" + column + ": ";
        List<String> failures = byExpression.computeIfAbsent(at + "evaluation of [" + source + "] failed, treating result as null."
                + " Only first 20 failures recorded.", k -> new ArrayList<>());
        if (failures.size() < MAX_FAILURES) {
            failures.add(at + failure.warningText());
        }
    }

    /** Every warning line, in the order Elasticsearch lists them. */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        byExpression.forEach((header, failures) -> {
            out.add(header);
            failures.stream().distinct().forEach(out::add);
        });
        return out;
    }

    public boolean isEmpty() {
        return byExpression.isEmpty();
    }
}
