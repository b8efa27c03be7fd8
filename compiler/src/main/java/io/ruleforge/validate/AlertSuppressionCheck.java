package io.ruleforge.validate;

import java.util.List;

/**
 * {@code alert_suppression}: {@code group_by} 1–3 fields, an optional {@code duration {value ≥ 1, unit s|m|h}} and
 * {@code missing_fields_strategy}. Threshold rules suppress by their threshold fields and accept only a duration.
 */
final class AlertSuppressionCheck implements RuleCheck {

    private static final int MAX_GROUP_BY = 3;

    @Override
    public void check(SchemaAssertions f) {
        String s = "/rule/alert_suppression";
        if (!f.at(s).isObject()) {
            return;
        }
        f.knownKeys(s, RuleSchema.ALERT_SUPPRESSION);
        if (f.text("/rule/type").map("threshold"::equals).orElse(false)) {
            for (String key : List.of("group_by", "missing_fields_strategy")) {
                if (f.present(s + "/" + key)) {
                    f.error(SchemaCodes.NOT_FOR_TYPE, s + "/" + key, SchemaAssertions.label(s + "/" + key) + " is not used by "
                            + "threshold rules; expected only duration", "threshold rules group by threshold.field: remove " + key);
                }
            }
            f.required(s, List.of("duration"));
        } else {
            f.required(s, List.of("group_by"));
            f.size(s + "/group_by", 1, MAX_GROUP_BY, "fields");
            f.fieldName(s + "/group_by");
            f.oneOf(s + "/missing_fields_strategy", RuleSchema.MISSING_FIELDS_STRATEGIES);
        }
        String d = s + "/duration";
        if (f.at(d).isObject()) {
            f.knownKeys(d, RuleSchema.SUPPRESSION_DURATION);
            f.required(d, List.of("value", "unit"));
            f.range(d + "/value", 1, Integer.MAX_VALUE);
            f.oneOf(d + "/unit", RuleSchema.SUPPRESSION_UNITS);
        }
    }
}
