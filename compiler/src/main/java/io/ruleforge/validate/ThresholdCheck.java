package io.ruleforge.validate;

import java.util.List;

/**
 * {@code threshold} rules: {@code [rule.threshold]} groups by {@code field} (a field or a list of them; empty
 * counts all hits), alerts from {@code value} (≥ 1) hits, optionally only when {@code cardinality} entries
 * {@code {field, value ≥ 0}} count enough distinct values.
 */
final class ThresholdCheck implements RuleCheck {

    @Override
    public void check(SchemaAssertions f) {
        String t = "/rule/threshold";
        if (!f.at(t).isObject()) {
            return;
        }
        f.knownKeys(t, RuleSchema.THRESHOLD);
        f.required(t, List.of("field", "value"));
        if (!f.text(t + "/field").map(String::isEmpty).orElse(false)) {
            f.fieldName(t + "/field");
        }
        f.range(t + "/value", 1, Integer.MAX_VALUE);
        f.eachTable(t + "/cardinality", c -> {
            f.knownKeys(c, RuleSchema.THRESHOLD_CARDINALITY);
            f.required(c, List.of("field", "value"));
            f.fieldName(c + "/field");
            f.range(c + "/value", 0, Integer.MAX_VALUE);
        });
    }
}
