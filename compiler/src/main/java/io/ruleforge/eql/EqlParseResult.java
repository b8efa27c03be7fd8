package io.ruleforge.eql;

/** Outcome of {@link EqlParser#parse}: exactly one of a parsed query or its first syntax error. */
public sealed interface EqlParseResult permits EqlParseResult.Success, EqlParseResult.Failure {

    record Success(EqlQuery query) implements EqlParseResult {
    }

    record Failure(EqlSyntaxError error) implements EqlParseResult {
    }
}
