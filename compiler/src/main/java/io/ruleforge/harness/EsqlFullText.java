package io.ruleforge.harness;

import io.ruleforge.evaluate.CompiledQuery;
import io.ruleforge.evaluate.IndexedEvent;
import io.ruleforge.evaluate.MatcherCompiler;
import io.ruleforge.evaluate.StandardAnalyzer;

import io.ruleforge.dsl.DslCompiler;
import io.ruleforge.dsl.DslTranslationException;
import io.ruleforge.evaluate.esql.EvaluationFailure;
import io.ruleforge.evaluate.esql.FullTextSupport;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * ES|QL's full-text functions backed by the KQL front end and the DSL evaluator: {@code KQL("…")} decides each
 * document exactly as a KQL rule's query would (Elasticsearch runs it through the same KQL translation), and
 * MATCH splits text with the standard analyzer the DSL evaluator uses.
 */
public final class EsqlFullText {

    private EsqlFullText() {
    }

    /**
     * Each KQL query is translated and compiled into a matcher once, on first use, and decides every document after
     * without being read again (replay's ES|QL rules put every event through their KQL() conditions).
     */
    public static FullTextSupport forSchema(FieldSchema schema) {
        DslCompiler compiler = new DslCompiler(KibanaVersion.DEFAULT, schema);
        // the clock only dates the compile-time check of the query; each decision is given the ES|QL query's instant
        MatcherCompiler matchers = new MatcherCompiler(schema, Clock.systemUTC());
        Map<String, CompiledQuery> compiled = new HashMap<>();
        return new FullTextSupport(Optional.of((kql, document, nowMillis) -> {
            CompiledQuery query = compiled.computeIfAbsent(kql, q -> {
                KqlParseResult parsed = KqlParser.parse(q, KibanaVersion.DEFAULT);
                if (parsed instanceof KqlParseResult.Failure failure) {
                    throw EvaluationFailure.illegalArgument("KQL syntax error: " + failure.error().message());
                }
                try {
                    return matchers.compile(compiler.compile(((KqlParseResult.Success) parsed).query().root()));
                } catch (DslTranslationException e) {
                    throw EvaluationFailure.illegalArgument(e.getMessage());
                }
            });
            return query.matches(new IndexedEvent(document, Instant.ofEpochMilli(nowMillis)));
        }), StandardAnalyzer::analyze);
    }
}
