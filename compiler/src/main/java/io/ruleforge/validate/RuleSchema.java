package io.ruleforge.validate;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ruleforge.validate.ValueKind.BOOLEAN;
import static io.ruleforge.validate.ValueKind.INTEGER;
import static io.ruleforge.validate.ValueKind.LIST;
import static io.ruleforge.validate.ValueKind.STRING;
import static io.ruleforge.validate.ValueKind.STRING_LIST;
import static io.ruleforge.validate.ValueKind.STRING_OR_LIST;
import static io.ruleforge.validate.ValueKind.TABLE;
import static io.ruleforge.validate.ValueKind.TABLE_LIST;

/**
 * What a detection-rules file may contain: the known keys of each table with the shape of their values, the
 * enums, and which fields each rule type requires. Follows Kibana's rule schema (KIBANA_RULE_TYPES.md) and the
 * detection-rules TOML layout.
 */
final class RuleSchema {

    static final Set<String> RULE_TYPES = Set.of(
            "query", "saved_query", "eql", "threshold", "threat_match", "machine_learning", "new_terms", "esql");
    static final Set<String> LANGUAGES = Set.of("kuery", "lucene", "eql", "esql");
    static final Set<String> SEVERITIES = Set.of("low", "medium", "high", "critical");
    static final Set<String> MATURITIES = Set.of("development", "experimental", "beta", "production", "deprecated");

    static final Map<String, ValueKind> TOP_LEVEL = Map.of(
            "metadata", TABLE,
            "rule", TABLE,
            // detection-rules' investigation-guide transforms: carried, not interpreted
            "transform", TABLE);

    static final Map<String, ValueKind> METADATA = Map.ofEntries(
            Map.entry("creation_date", STRING),
            Map.entry("updated_date", STRING),
            Map.entry("deprecation_date", STRING),
            Map.entry("maturity", STRING),
            Map.entry("integration", STRING_OR_LIST),
            Map.entry("min_stack_version", STRING),
            Map.entry("min_stack_comments", STRING),
            Map.entry("comments", STRING),
            Map.entry("bypass_bbr_timing", BOOLEAN),
            Map.entry("promotion", BOOLEAN),
            Map.entry("deprecated_reason", STRING),
            Map.entry("query_schema_validation", BOOLEAN));

    static final List<String> METADATA_REQUIRED = List.of("creation_date", "updated_date", "maturity");

    static final Map<String, ValueKind> RULE = Map.ofEntries(
            Map.entry("actions", LIST),
            Map.entry("alert_suppression", TABLE),
            Map.entry("anomaly_threshold", INTEGER),
            Map.entry("author", STRING_LIST),
            Map.entry("building_block_type", STRING),
            Map.entry("concurrent_searches", INTEGER),
            Map.entry("data_view_id", STRING),
            Map.entry("description", STRING),
            Map.entry("enabled", BOOLEAN),
            Map.entry("event_category_override", STRING),
            Map.entry("exceptions_list", LIST),
            Map.entry("false_positives", STRING_LIST),
            Map.entry("filters", LIST),
            Map.entry("from", STRING),
            Map.entry("history_window_start", STRING),
            Map.entry("index", STRING_LIST),
            Map.entry("interval", STRING),
            Map.entry("investigation_fields", TABLE),
            Map.entry("items_per_search", INTEGER),
            Map.entry("language", STRING),
            Map.entry("license", STRING),
            Map.entry("machine_learning_job_id", STRING_OR_LIST),
            Map.entry("max_signals", INTEGER),
            Map.entry("meta", TABLE),
            Map.entry("name", STRING),
            Map.entry("namespace", STRING),
            Map.entry("new_terms", TABLE),
            Map.entry("new_terms_fields", STRING_LIST),
            Map.entry("note", STRING),
            Map.entry("output_index", STRING),
            Map.entry("query", STRING),
            Map.entry("references", STRING_LIST),
            Map.entry("related_integrations", TABLE_LIST),
            Map.entry("required_fields", TABLE_LIST),
            Map.entry("response_actions", LIST),
            Map.entry("risk_score", INTEGER),
            Map.entry("risk_score_mapping", TABLE_LIST),
            Map.entry("rule_id", STRING),
            Map.entry("rule_name_override", STRING),
            Map.entry("saved_id", STRING),
            Map.entry("setup", STRING),
            Map.entry("severity", STRING),
            Map.entry("severity_mapping", TABLE_LIST),
            Map.entry("tags", STRING_LIST),
            Map.entry("threat", TABLE_LIST),
            Map.entry("threat_filters", LIST),
            Map.entry("threat_index", STRING_LIST),
            Map.entry("threat_indicator_path", STRING),
            Map.entry("threat_language", STRING),
            Map.entry("threat_mapping", TABLE_LIST),
            Map.entry("threat_query", STRING),
            Map.entry("threshold", TABLE),
            Map.entry("throttle", STRING),
            Map.entry("tiebreaker_field", STRING),
            Map.entry("timeline_id", STRING),
            Map.entry("timeline_title", STRING),
            Map.entry("timestamp_field", STRING),
            Map.entry("timestamp_override", STRING),
            Map.entry("timestamp_override_fallback_disabled", BOOLEAN),
            Map.entry("to", STRING),
            Map.entry("type", STRING),
            Map.entry("version", INTEGER));

    /** Required by every rule type (Kibana's common required fields plus what detection-rules insists on). */
    static final List<String> RULE_REQUIRED = List.of(
            "author", "description", "name", "risk_score", "rule_id", "severity", "type");

    /** Required per rule type, beyond {@link #RULE_REQUIRED}. */
    static final Map<String, List<String>> REQUIRED_BY_TYPE = Map.of(
            "query", List.of("query", "language"),
            "saved_query", List.of("saved_id"),
            "eql", List.of("query", "language"),
            "threshold", List.of("query", "threshold"),
            "threat_match", List.of("query", "threat_query", "threat_mapping", "threat_index"),
            "machine_learning", List.of("anomaly_threshold", "machine_learning_job_id"),
            "new_terms", List.of("query"),
            "esql", List.of("query", "language"));

    /** The languages each rule type accepts. */
    static final Map<String, Set<String>> LANGUAGES_BY_TYPE = Map.of(
            "query", Set.of("kuery", "lucene"),
            "saved_query", Set.of("kuery", "lucene"),
            "threshold", Set.of("kuery", "lucene"),
            "threat_match", Set.of("kuery", "lucene"),
            "new_terms", Set.of("kuery", "lucene"),
            "eql", Set.of("eql"),
            "esql", Set.of("esql"),
            "machine_learning", Set.of());

    static final Set<String> BUILDING_BLOCK_TYPES = Set.of("default");
    static final Set<String> MAPPING_OPERATORS = Set.of("equals");
    static final Set<String> THREAT_MAPPING_TYPES = Set.of("mapping");
    static final Set<String> SUPPRESSION_UNITS = Set.of("s", "m", "h");
    static final Set<String> MISSING_FIELDS_STRATEGIES = Set.of("doNotSuppress", "suppress");
    static final Set<String> KQL_LANGUAGES = Set.of("kuery", "lucene");

    static final Map<String, ValueKind> SEVERITY_MAPPING = Map.of(
            "field", STRING, "operator", STRING, "value", STRING, "severity", STRING);
    static final Map<String, ValueKind> RISK_SCORE_MAPPING = Map.of(
            "field", STRING, "operator", STRING, "value", STRING, "risk_score", INTEGER);
    static final Map<String, ValueKind> REQUIRED_FIELD = Map.of("name", STRING, "type", STRING, "ecs", BOOLEAN);
    static final Map<String, ValueKind> RELATED_INTEGRATION = Map.of(
            "package", STRING, "version", STRING, "integration", STRING);
    static final Map<String, ValueKind> THRESHOLD = Map.of(
            "field", STRING_OR_LIST, "value", INTEGER, "cardinality", TABLE_LIST);
    static final Map<String, ValueKind> THRESHOLD_CARDINALITY = Map.of("field", STRING, "value", INTEGER);
    /** detection-rules' {@code [rule.new_terms]}: {@code field = "new_terms_fields"}, {@code value = [...]}. */
    static final Map<String, ValueKind> NEW_TERMS = Map.of(
            "field", STRING, "value", STRING_LIST, "history_window_start", TABLE_LIST);
    static final Map<String, ValueKind> NEW_TERMS_HISTORY = Map.of("field", STRING, "value", STRING);
    static final Map<String, ValueKind> THREAT_MAPPING = Map.of("entries", TABLE_LIST);
    static final Map<String, ValueKind> THREAT_MAPPING_ENTRY = Map.of(
            "field", STRING, "type", STRING, "value", STRING, "negate", BOOLEAN);
    static final Map<String, ValueKind> ALERT_SUPPRESSION = Map.of(
            "group_by", STRING_LIST, "duration", TABLE, "missing_fields_strategy", STRING);
    static final Map<String, ValueKind> SUPPRESSION_DURATION = Map.of("value", INTEGER, "unit", STRING);

    static final Map<String, ValueKind> THREAT = Map.of(
            "framework", STRING, "tactic", TABLE, "technique", TABLE_LIST);
    static final Map<String, ValueKind> THREAT_ENTRY = Map.of(
            "id", STRING, "name", STRING, "reference", STRING);
    static final Map<String, ValueKind> TECHNIQUE = Map.of(
            "id", STRING, "name", STRING, "reference", STRING, "subtechnique", TABLE_LIST);

    private RuleSchema() {
    }
}
