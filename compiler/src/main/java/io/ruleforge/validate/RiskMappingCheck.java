package io.ruleforge.validate;

/** {@code severity_mapping} and {@code risk_score_mapping}: which source field overrides severity and risk score. */
final class RiskMappingCheck implements RuleCheck {

    @Override
    public void check(SchemaAssertions f) {
        f.eachTable("/rule/severity_mapping", p -> {
            f.knownKeys(p, RuleSchema.SEVERITY_MAPPING);
            f.required(p, java.util.List.of("field", "operator", "value", "severity"));
            f.fieldName(p + "/field");
            f.oneOf(p + "/operator", RuleSchema.MAPPING_OPERATORS);
            f.oneOf(p + "/severity", RuleSchema.SEVERITIES);
        });
        f.eachTable("/rule/risk_score_mapping", p -> {
            f.knownKeys(p, RuleSchema.RISK_SCORE_MAPPING);
            f.required(p, java.util.List.of("field", "operator", "value"));
            f.fieldName(p + "/field");
            f.oneOf(p + "/operator", RuleSchema.MAPPING_OPERATORS);
            f.range(p + "/risk_score", 0, 100);
        });
    }
}
