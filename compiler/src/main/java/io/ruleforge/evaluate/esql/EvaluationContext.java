package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

/**
 * What a query's evaluation depends on besides its rows: the instant {@code NOW()} returns (one for the whole
 * query, as in Elasticsearch).
 */
public record EvaluationContext(long nowMillis) {
}
