package io.ruleforge.validate;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The informational lists Kibana shows beside a rule: {@code required_fields} ({@code {name, type}}) and
 * {@code related_integrations} ({@code {package, version, integration?}} with a semver range as version).
 */
final class RelatedIntegrationsCheck implements RuleCheck {

    private static final String SEMVER = "[~^]?[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?";
    private static final Pattern VERSION_RANGE = Pattern.compile("^" + SEMVER + "( *\\|\\| *" + SEMVER + ")*$");

    @Override
    public void check(SchemaAssertions f) {
        f.eachTable("/rule/required_fields", p -> {
            f.knownKeys(p, RuleSchema.REQUIRED_FIELD);
            f.required(p, List.of("name", "type"));
            f.fieldName(p + "/name");
            f.nonEmpty(p + "/type");
        });
        f.eachTable("/rule/related_integrations", p -> {
            f.knownKeys(p, RuleSchema.RELATED_INTEGRATION);
            f.required(p, List.of("package", "version"));
            f.nonEmpty(p + "/package");
            f.nonEmpty(p + "/integration");
            f.text(p + "/version").ifPresent(v -> {
                if (!VERSION_RANGE.matcher(v).matches()) {
                    // Kibana and detection-rules take any non-empty string; Kibana only shows it on the rule's page
                    f.warning(SchemaCodes.BAD_VERSION, p + "/version", SchemaAssertions.label(p + "/version")
                                    + " should be a semver range such as \"^1.2.0\", found \"" + ValueKind.abbreviate(v) + "\"",
                            "write ^major.minor.patch, several joined by ||");
                }
            });
        });
    }
}
