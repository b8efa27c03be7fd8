package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.dsl.DslCompiler;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.dsl.DslTranslationException;
import io.ruleforge.dsl.KibanaFilters;
import io.ruleforge.dsl.LuceneQueryDsl;
import io.ruleforge.evaluate.alerts.ThreatMapping;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The search an indicator match rule sends to its threat index, shared by its multi-event cases and by replay.
 */
public final class ThreatQueries {

    /** The threat index's field types: the ECS mapping of {@code threat.*}. */
    public static final FieldSchema THREAT_FIELDS = EcsSchemas.defaultSchema();

    /** Kibana's {@code allowedFieldTypes} for the terms shortcut of indicator match. */
    private static final Set<String> TERMS_TYPES = Set.of("keyword", "constant_keyword", "wildcard", "ip");

    /**
     * Whether Kibana {@code version} searches a single-entry item of the rule's {@code threat_mapping} with its
     * {@code terms} shortcut: from 8.10 on, when the event field in the rule's indices and the indicator field in the
     * threat index are both mapped as one of {@code keyword}, {@code constant_keyword}, {@code wildcard}, {@code ip}
     * (an indicator with several values in the field then matches on its first value only). 8.9 and older send the
     * per-indicator {@code bool} query for every item. One predicate for the test stage, the diff and replay.
     */
    public static Predicate<ThreatMapping.Entry> termsShortcut(CompiledRule rule, KibanaVersion version) {
        if (!version.atLeast(KibanaVersion.V8_10)) {
            return entry -> false;
        }
        return entry -> TERMS_TYPES.contains(typeOf(rule.indexFields(), entry.field()))
                && TERMS_TYPES.contains(typeOf(THREAT_FIELDS, entry.value()));
    }

    private static String typeOf(FieldSchema schema, String field) {
        return schema.field(field).map(FieldMapping::type).orElse("");
    }

    private ThreatQueries() {
    }

    /**
     * Kibana's threat search: {@code buildEsQuery} of the threat query with the filters in {@code filter} (negated
     * ones in {@code must_not}, disabled ones left out), then the rule's exception items, negated.
     */
    public static Optional<ObjectNode> of(CompiledRule rule, List<Diagnostic> problems) {
        JsonNode table = rule.rule().document().at("/rule");
        String text = table.path("threat_query").asText("");
        String language = table.path("threat_language").asText("kuery");
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode bool = root.putObject("bool");
        ArrayNode must = bool.putArray("must");
        ArrayNode filter = bool.putArray("filter");
        bool.putArray("should");
        ArrayNode mustNot = bool.putArray("must_not");
        if (language.equals("lucene")) {
            must.add(LuceneQueryDsl.of(text).at("/bool/must").path(0));
        } else if (!text.isBlank()) {
            KqlParseResult parsed = KqlParser.parse(text, KibanaVersion.DEFAULT);
            if (!(parsed instanceof KqlParseResult.Success success)) {
                problems.add(Diagnostic.error(HarnessCodes.NOT_TESTABLE, rule.rule().positionOf("/rule/threat_query"),
                        "the threat_query does not parse as KQL, so no indicator can be selected"));
                return Optional.empty();
            }
            try {
                must.add(new DslCompiler(KibanaVersion.DEFAULT, THREAT_FIELDS, DslOptions.DETECTION_ENGINE).compile(success.query().root()));
            } catch (DslTranslationException e) {
                problems.add(Diagnostic.error(HarnessCodes.NOT_TESTABLE, rule.rule().positionOf("/rule/threat_query"),
                        "Kibana cannot translate the threat_query: " + e.getMessage()));
                return Optional.empty();
            }
        }
        KibanaFilters.appendTo(filter, mustNot, table.path("threat_filters"));
        // Kibana's getThreatList hands the rule's exception filter to the threat search too (getQueryFilter with
        // threatFilters and exceptionFilter): an item also leaves out the indicators it describes
        rule.exceptionFilter().ifPresent(f -> KibanaFilters.appendTo(filter, mustNot, JsonNodeFactory.instance.arrayNode().add(f)));
        return Optional.of(root);
    }
}

