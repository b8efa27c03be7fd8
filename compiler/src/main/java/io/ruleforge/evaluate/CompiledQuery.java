package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.DateTimeException;

/**
 * One query DSL object compiled by a {@link MatcherCompiler}: decides events without explaining them, and explains
 * (through {@link DslEvaluator}, the single source of reasons) only when asked — in practice for the cases that
 * fail. Immutable and thread-safe.
 */
public final class CompiledQuery {

    private final JsonNode query;
    private final CompiledClause clause;
    private final RequiredValues required;
    private final MatcherCompiler compiler;

    CompiledQuery(JsonNode query, CompiledClause clause, RequiredValues required, MatcherCompiler compiler) {
        this.query = query;
        this.clause = clause;
        this.required = required;
        this.compiler = compiler;
    }

    public JsonNode query() {
        return query;
    }

    /** The values an event must hold for this query to match; {@link RequiredValues#isNone()} when there are none. */
    public RequiredValues required() {
        return required;
    }

    public MatcherCompiler compiler() {
        return compiler;
    }

    /**
     * Whether Elasticsearch would return the event. Unlike {@link DslEvaluator} this stops at the first clause that
     * decides, so a rejection that only some events provoke (a dynamic field's type) surfaces when it is reached.
     *
     * @throws DslEvaluationException when Elasticsearch would reject the query for this event
     */
    public boolean matches(IndexedEvent event) {
        try {
            return clause.test(event.scope(compiler));
        } catch (IllegalArgumentException | DateTimeException e) {
            throw DslEvaluationException.of("query: " + e.getMessage(), e);
        }
    }

    /** The evaluator's verdict with its explanation (the deciding clause's path and reason). */
    public DslEvaluator.Verdict explain(JsonNode event) {
        return compiler.explainer().evaluate(query, event);
    }
}
