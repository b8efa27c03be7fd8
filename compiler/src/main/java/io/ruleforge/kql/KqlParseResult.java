package io.ruleforge.kql;

/** Outcome of {@link KqlParser#parse}: exactly one of a parsed query or its first syntax error. */
public sealed interface KqlParseResult permits KqlParseResult.Success, KqlParseResult.Failure {

    record Success(KqlQuery query) implements KqlParseResult {
    }

    record Failure(KqlSyntaxError error) implements KqlParseResult {
    }
}
