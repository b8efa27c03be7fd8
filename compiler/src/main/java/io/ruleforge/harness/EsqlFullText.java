package io.ruleforge.harness;

import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.StandardAnalyzer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.dsl.DslCompiler;
import io.ruleforge.dsl.DslTranslationException;
import io.ruleforge.evaluate.esql.EvaluationFailure;
import io.ruleforge.evaluate.esql.FullTextSupport;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;

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

    public static FullTextSupport forSchema(FieldSchema schema) {
        DslCompiler compiler = new DslCompiler(KibanaVersion.DEFAULT, schema);
        DslEvaluator evaluator = new DslEvaluator(schema);
        Map<String, ObjectNode> compiled = new HashMap<>();
        return new FullTextSupport(Optional.of((kql, document) -> {
            ObjectNode dsl = compiled.computeIfAbsent(kql, q -> {
                KqlParseResult parsed = KqlParser.parse(q, KibanaVersion.DEFAULT);
                if (parsed instanceof KqlParseResult.Failure failure) {
                    throw EvaluationFailure.illegalArgument("KQL syntax error: " + failure.error().message());
                }
                try {
                    return compiler.compile(((KqlParseResult.Success) parsed).query().root());
                } catch (DslTranslationException e) {
                    throw EvaluationFailure.illegalArgument(e.getMessage());
                }
            });
            JsonNode event = document;
            return evaluator.evaluate(dsl, event).matched();
        }), StandardAnalyzer::analyze);
    }
}
