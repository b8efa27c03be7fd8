package io.ruleforge.validate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shape of {@code [[rule.threat]]}: MITRE ATT&CK as framework, a tactic, techniques and sub-techniques with id,
 * name and reference, ids of the right form. Whether the ids exist is {@link AttackValidator}'s business.
 */
final class ThreatStructureCheck implements RuleCheck {

    private static final Pattern TACTIC_ID = Pattern.compile("^TA[0-9]{4}$");
    private static final Pattern TECHNIQUE_ID = Pattern.compile("^T[0-9]{4}$");
    private static final Pattern SUBTECHNIQUE_ID = Pattern.compile("^T[0-9]{4}\\.[0-9]{3}$");
    static final String FRAMEWORK = "MITRE ATT&CK";

    @Override
    public void check(SchemaAssertions f) {
        JsonNode threats = f.at("/rule/threat");
        if (!threats.isArray()) {
            return;
        }
        for (int i = 0; i < threats.size(); i++) {
            String t = "/rule/threat/" + i;
            f.knownKeys(t, RuleSchema.THREAT);
            f.required(t, List.of("framework", "tactic"));
            f.text(t + "/framework").ifPresent(framework -> {
                if (!framework.equals(FRAMEWORK)) {
                    f.error(SchemaCodes.BAD_THREAT, t + "/framework", "threat framework must be \"" + FRAMEWORK
                            + "\", found \"" + ValueKind.abbreviate(framework) + "\"", "write framework = \"" + FRAMEWORK + "\"");
                }
            });
            if (f.at(t + "/tactic").isObject()) {
                entry(f, t + "/tactic", RuleSchema.THREAT_ENTRY, TACTIC_ID, "TA0002");
            }
            JsonNode techniques = f.at(t + "/technique");
            for (int j = 0; j < techniques.size() && techniques.isArray(); j++) {
                String tech = t + "/technique/" + j;
                entry(f, tech, RuleSchema.TECHNIQUE, TECHNIQUE_ID, "T1059");
                JsonNode subs = f.at(tech + "/subtechnique");
                for (int k = 0; k < subs.size() && subs.isArray(); k++) {
                    entry(f, tech + "/subtechnique/" + k, RuleSchema.THREAT_ENTRY, SUBTECHNIQUE_ID, "T1059.001");
                }
            }
        }
    }

    private static void entry(SchemaAssertions f, String pointer, Map<String, ValueKind> keys, Pattern idPattern, String example) {
        f.knownKeys(pointer, keys);
        f.required(pointer, List.of("id", "name", "reference"));
        f.text(pointer + "/id").ifPresent(id -> {
            if (!idPattern.matcher(id).matches()) {
                f.error(SchemaCodes.BAD_THREAT, pointer + "/id", SchemaAssertions.label(pointer + "/id")
                        + " must be an ATT&CK id like " + example + ", found \"" + ValueKind.abbreviate(id) + "\"",
                        "copy the id from attack.mitre.org");
            }
        });
    }
}
