package io.ruleforge.validate;

import java.util.List;

/**
 * {@code threat_match} (indicator match) rules: at least one {@code threat_mapping} of
 * {@code {entries = [{field, type = "mapping", value}]}}, a non-empty {@code threat_index} and {@code threat_query}.
 */
final class ThreatMatchCheck implements RuleCheck {

    @Override
    public void check(SchemaAssertions f) {
        f.size("/rule/threat_mapping", 1, Integer.MAX_VALUE, "mappings");
        f.eachTable("/rule/threat_mapping", m -> {
            f.knownKeys(m, RuleSchema.THREAT_MAPPING);
            f.required(m, List.of("entries"));
            f.size(m + "/entries", 1, Integer.MAX_VALUE, "entries");
            f.eachTable(m + "/entries", e -> {
                f.knownKeys(e, RuleSchema.THREAT_MAPPING_ENTRY);
                f.required(e, List.of("field", "type", "value"));
                f.fieldName(e + "/field");
                f.fieldName(e + "/value");
                f.oneOf(e + "/type", RuleSchema.THREAT_MAPPING_TYPES);
            });
        });
        f.size("/rule/threat_index", 1, Integer.MAX_VALUE, "index patterns");
        for (int i = 0; i < f.arraySize("/rule/threat_index"); i++) {
            f.nonEmpty("/rule/threat_index/" + i);
        }
        f.nonEmpty("/rule/threat_query");
        f.oneOf("/rule/threat_language", RuleSchema.KQL_LANGUAGES);
        f.range("/rule/concurrent_searches", 1, Integer.MAX_VALUE);
        f.range("/rule/items_per_search", 1, Integer.MAX_VALUE);
    }
}
