package io.ruleforge.esql;

import io.ruleforge.esql.ast.EsqlQuery;

/** Outcome of {@link EsqlParser#parse}: exactly one of a parsed query or its first syntax error. */
public sealed interface EsqlParseResult permits EsqlParseResult.Success, EsqlParseResult.Failure {

    record Success(EsqlQuery query) implements EsqlParseResult {
    }

    record Failure(EsqlSyntaxError error) implements EsqlParseResult {
    }
}
