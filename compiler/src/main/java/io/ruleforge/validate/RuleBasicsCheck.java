package io.ruleforge.validate;

import io.ruleforge.diag.Severity;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The {@code [rule]} table's own keys and the fields every rule type shares: type and language, severity, risk
 * score, version, identity (rule_id, name), building block type, timestamp override and references.
 */
final class RuleBasicsCheck implements RuleCheck {

    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final Pattern HTTP_URL = Pattern.compile("^https?://[^\\s/?#]+[^\\s]*$");

    @Override
    public void check(SchemaAssertions f) {
        f.knownKeys("/rule", RuleSchema.RULE);
        f.required("/rule", RuleSchema.RULE_REQUIRED);
        typeAndLanguage(f);
        f.oneOf("/rule/severity", RuleSchema.SEVERITIES);
        f.range("/rule/risk_score", 0, 100);
        f.range("/rule/version", 1, Integer.MAX_VALUE);
        f.nonEmpty("/rule/name");
        f.nonEmpty("/rule/description");
        f.text("/rule/rule_id").ifPresent(id -> {
            String unsafe = fileNameProblem(id);
            if (unsafe != null) {
                // the bundle writes rules/<rule_id>.json: an id with a path separator would write outside the bundle
                // folder, one with a character Windows refuses would not write or unzip there: refused, not warned about
                f.error(SchemaCodes.UNSAFE_RULE_ID, "/rule/rule_id",
                        "rule.rule_id names the rule's file in the bundle, found \"" + ValueKind.abbreviate(id) + "\" with "
                                + unsafe,
                        "give the rule a UUID (uuidgen)");
            } else if (!UUID.matcher(id).matches()) {
                // Kibana accepts any string as rule_id and detection-rules' pattern is not anchored at its end, so Elastic
                // ships ids such as 7eb54028-ca72-4eb7-8185-b6864572347db: a warning, never a refused bundle
                f.warning(SchemaCodes.BAD_UUID, "/rule/rule_id",
                        "rule.rule_id should be a UUID, found \"" + ValueKind.abbreviate(id) + "\"" + uuidProblem(id),
                        "for a new rule generate one (uuidgen); keep the id of a rule already installed in Kibana:"
                                + " a new rule_id installs a second rule beside the old one");
            }
        });
        f.oneOf("/rule/building_block_type", RuleSchema.BUILDING_BLOCK_TYPES);
        f.fieldName("/rule/timestamp_override");
        f.fieldName("/rule/rule_name_override");
        references(f);
    }

    /**
     * Why a rule_id cannot be a file name, or null when it can: a path separator would write outside the bundle
     * folder, and the characters Windows refuses in a file name would make the bundle fail to write or unzip there.
     */
    private static String fileNameProblem(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '/' || c == '\\') {
                return "a path separator '" + c + "' at character " + (i + 1);
            }
            if (Character.isISOControl(c)) {
                return "a control character (U+" + String.format("%04X", (int) c) + ") at character " + (i + 1);
            }
            if (":*?\"<>|".indexOf(c) >= 0) {
                return "'" + c + "', which Windows refuses in a file name, at character " + (i + 1);
            }
        }
        return null;
    }

    /** What is wrong with an id that almost is a UUID: the group lengths, the fix the hint cannot name. */
    private static String uuidProblem(String id) {
        String[] groups = id.split("-", -1);
        int[] expected = {8, 4, 4, 4, 12};
        if (groups.length != expected.length || !id.matches("[0-9a-fA-F-]+")) {
            return "";
        }
        for (int i = 0; i < groups.length; i++) {
            if (groups[i].length() != expected[i]) {
                return " (group " + (i + 1) + " has " + groups[i].length() + " hex digits, a UUID has " + expected[i] + ")";
            }
        }
        return "";
    }

    private static void typeAndLanguage(SchemaAssertions f) {
        String type = f.text("/rule/type").orElse(null);
        if (type == null || !f.oneOf("/rule/type", RuleSchema.RULE_TYPES)) {
            return;
        }
        f.required("/rule", RuleSchema.REQUIRED_BY_TYPE.get(type));
        if (f.oneOf("/rule/language", RuleSchema.LANGUAGES)) {
            f.text("/rule/language").ifPresent(language -> {
                Set<String> allowed = RuleSchema.LANGUAGES_BY_TYPE.get(type);
                if (!allowed.contains(language)) {
                    f.error(SchemaCodes.LANGUAGE_MISMATCH, "/rule/language", "rule.language \"" + language
                                    + "\" is not allowed for type \"" + type + "\"; expected "
                                    + (allowed.isEmpty() ? "no language" : "one of " + new TreeSet<>(allowed)),
                            allowed.isEmpty() ? "remove language" : allowed.size() == 1
                                    ? "set language = \"" + allowed.iterator().next() + "\""
                                    : "use " + String.join(" or ", new TreeSet<>(allowed)) + ", or change the rule type");
                }
            });
        }
    }

    private static void references(SchemaAssertions f) {
        int n = f.arraySize("/rule/references");
        for (int i = 0; i < n; i++) {
            String p = "/rule/references/" + i;
            f.text(p).ifPresent(url -> {
                if (!HTTP_URL.matcher(url).matches()) {
                    // Kibana and detection-rules take any string as a reference; a link that is not one is a slip
                    f.warning(SchemaCodes.BAD_URL, p, SchemaAssertions.label(p) + " should be an http(s) URL, found \""
                            + ValueKind.abbreviate(url) + "\"", url.startsWith("www.") ? "write https://" + url
                            : "link the source with its full https:// address");
                }
            });
        }
    }
}
