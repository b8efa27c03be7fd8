package io.ruleforge.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.attack.AttackCatalog;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.load.RuleDocument;
import io.ruleforge.rule.Rule;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The schema-validation stage: checks every document against {@link RuleSchema} and collects every finding of
 * every file (never only the first), then turns the documents without errors into {@link Rule}s.
 */
public final class SchemaValidator {

    private static final Pattern UUID = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    /** Kibana's rule schedule: a positive whole number of seconds, minutes, hours or days. */
    private static final Pattern DURATION = Pattern.compile("^[1-9][0-9]*[smhd]$");
    /** Elasticsearch date math anchored at now, as rules use it: {@code now-6m}, {@code now-1d/d}. */
    private static final Pattern DATE_MATH = Pattern.compile("^now([+-][0-9]+[yMwdhHms])*(/[yMwdhHms])?$");
    private static final Pattern TACTIC_ID = Pattern.compile("^TA[0-9]{4}$");
    private static final Pattern TECHNIQUE_ID = Pattern.compile("^T[0-9]{4}$");
    private static final Pattern SUBTECHNIQUE_ID = Pattern.compile("^T[0-9]{4}\\.[0-9]{3}$");
    private static final DateTimeFormatter METADATA_DATE = DateTimeFormatter.ofPattern("uuuu/MM/dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private final AttackValidator attack;

    public SchemaValidator() {
        this(AttackCatalog.enterprise());
    }

    public SchemaValidator(AttackCatalog attack) {
        this.attack = new AttackValidator(attack);
    }

    public ValidationResult validate(List<RuleDocument> documents) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        List<Rule> withErrors = new ArrayList<>();
        for (RuleDocument document : documents) {
            List<Diagnostic> own = new ArrayList<>();
            new DocumentCheck(document, own).run();
            if (own.stream().noneMatch(d -> d.isError() && d.code().equals(SchemaCodes.BAD_THREAT))) {
                attack.check(document, own);
            }
            diagnostics.addAll(own);
            if (own.stream().noneMatch(Diagnostic::isError)) {
                rules.add(Rule.of(document));
            } else if (queryIsCheckable(document, own)) {
                withErrors.add(Rule.of(document));
            }
        }
        List<Rule> unique = rejectDuplicates(rules, diagnostics);
        diagnostics.sort(Diagnostic.BY_POSITION);
        return new ValidationResult(unique, withErrors, diagnostics);
    }

    /** The query and its language are well-formed, whatever else is wrong with the file. */
    private static boolean queryIsCheckable(RuleDocument document, List<Diagnostic> errors) {
        SourcePosition language = document.sourceMap().positionOf("/rule/language");
        return document.at("/rule/query").isTextual()
                && RuleSchema.LANGUAGES.contains(document.at("/rule/language").asText())
                && errors.stream().noneMatch(d -> d.position().equals(language));
    }

    /** Two files with one rule_id (or one name) would overwrite each other in Kibana: both are errors. */
    private static List<Rule> rejectDuplicates(List<Rule> rules, List<Diagnostic> diagnostics) {
        List<Rule> sorted = new ArrayList<>(rules);
        sorted.sort(Comparator.comparing(Rule::displayPath));
        Map<String, Rule> byId = new HashMap<>();
        Map<String, Rule> byName = new HashMap<>();
        Set<Rule> rejected = new HashSet<>();
        for (Rule r : sorted) {
            Rule first = byId.putIfAbsent(r.ruleId(), r);
            if (first != null) {
                rejected.add(r);
                diagnostics.add(Diagnostic.error(SchemaCodes.DUPLICATE_RULE_ID, r.positionOf("/rule/rule_id"),
                        "rule.rule_id " + r.ruleId() + " is already used by " + first.positionOf("/rule/rule_id"))
                        .withHint("give each rule its own UUID"));
            }
            // A deprecated rule keeps the name of the rule that replaced it; only live rules must be unique.
            Rule sameName = isDeprecated(r.document()) ? null : byName.putIfAbsent(r.name(), r);
            if (sameName != null) {
                rejected.add(r);
                diagnostics.add(Diagnostic.error(SchemaCodes.DUPLICATE_NAME, r.positionOf("/rule/name"),
                        "rule.name \"" + r.name() + "\" is already used by " + sameName.positionOf("/rule/name"))
                        .withHint("rule names must be unique"));
            }
        }
        return sorted.stream().filter(r -> !rejected.contains(r)).toList();
    }

    private static boolean isDeprecated(RuleDocument document) {
        return "deprecated".equals(document.at("/metadata/maturity").asText());
    }

    /** The checks of one document; appends to {@code out}. */
    private static final class DocumentCheck {
        private final RuleDocument doc;
        private final List<Diagnostic> out;

        DocumentCheck(RuleDocument doc, List<Diagnostic> out) {
            this.doc = doc;
            this.out = out;
        }

        void run() {
            knownKeys("", RuleSchema.TOP_LEVEL);
            boolean metadataOk = requireTable("metadata");
            boolean ruleOk = requireTable("rule");
            if (metadataOk) {
                metadata();
            }
            if (ruleOk) {
                rule();
            }
        }

        private boolean requireTable(String key) {
            JsonNode n = doc.at("/" + key);
            if (n.isMissingNode()) {
                error(SchemaCodes.MISSING_TABLE, "", "missing [" + key + "] table", "add a [" + key + "] table");
                return false;
            }
            return n.isObject();
        }

        private void metadata() {
            knownKeys("/metadata", RuleSchema.METADATA);
            required("/metadata", RuleSchema.METADATA_REQUIRED);
            Optional<LocalDate> created = date("/metadata/creation_date");
            Optional<LocalDate> updated = date("/metadata/updated_date");
            date("/metadata/deprecation_date");
            if (created.isPresent() && updated.isPresent() && updated.get().isBefore(created.get())) {
                error(SchemaCodes.BAD_DATE, "/metadata/updated_date", "metadata.updated_date " + updated.get()
                        + " is before metadata.creation_date " + created.get(), "updated_date must not precede creation_date");
            }
            oneOf("/metadata/maturity", RuleSchema.MATURITIES);
        }

        private void rule() {
            knownKeys("/rule", RuleSchema.RULE);
            required("/rule", RuleSchema.RULE_REQUIRED);
            String type = text("/rule/type").orElse(null);
            if (oneOf("/rule/type", RuleSchema.RULE_TYPES) && type != null) {
                required("/rule", RuleSchema.REQUIRED_BY_TYPE.get(type));
                if (oneOf("/rule/language", RuleSchema.LANGUAGES)) {
                    text("/rule/language").ifPresent(language -> {
                        Set<String> allowed = RuleSchema.LANGUAGES_BY_TYPE.get(type);
                        if (!allowed.contains(language)) {
                            error(SchemaCodes.LANGUAGE_MISMATCH, "/rule/language", "rule.language \"" + language
                                    + "\" is not allowed for type \"" + type + "\"; expected "
                                    + (allowed.isEmpty() ? "no language" : "one of " + new TreeSet<>(allowed)), "");
                        }
                    });
                }
            }
            oneOf("/rule/severity", RuleSchema.SEVERITIES);
            range("/rule/risk_score", 0, 100);
            range("/rule/max_signals", 1, Integer.MAX_VALUE);
            range("/rule/version", 1, Integer.MAX_VALUE);
            range("/rule/anomaly_threshold", 0, 100);
            nonEmpty("/rule/name");
            nonEmpty("/rule/description");
            text("/rule/rule_id").ifPresent(id -> {
                if (!UUID.matcher(id).matches()) {
                    // Deprecated rules are kept only so Kibana can retire them: detection-rules relaxes them too.
                    report(isDeprecated(doc) ? Severity.WARNING : Severity.ERROR, SchemaCodes.BAD_UUID, "/rule/rule_id",
                            "rule.rule_id must be a UUID, found \"" + ValueKind.abbreviate(id) + "\"",
                            "generate one, e.g. with uuidgen");
                }
            });
            text("/rule/interval").ifPresent(v -> {
                if (!DURATION.matcher(v).matches()) {
                    error(SchemaCodes.BAD_DURATION, "/rule/interval", "rule.interval must be a duration such as \"5m\", found \""
                            + ValueKind.abbreviate(v) + "\"", "a positive number followed by s, m, h or d");
                }
            });
            dateMath("/rule/from");
            dateMath("/rule/to");
            threats();
        }

        private void threats() {
            JsonNode threats = doc.at("/rule/threat");
            if (!threats.isArray()) {
                return;
            }
            for (int i = 0; i < threats.size(); i++) {
                String t = "/rule/threat/" + i;
                knownKeys(t, RuleSchema.THREAT);
                required(t, List.of("framework", "tactic"));
                text(t + "/framework").ifPresent(f -> {
                    if (!f.equals("MITRE ATT&CK")) {
                        error(SchemaCodes.BAD_THREAT, t + "/framework",
                                "threat framework must be \"MITRE ATT&CK\", found \"" + ValueKind.abbreviate(f) + "\"", "");
                    }
                });
                if (doc.at(t + "/tactic").isObject()) {
                    attackEntry(t + "/tactic", RuleSchema.THREAT_ENTRY, TACTIC_ID, "TA0002");
                }
                JsonNode techniques = doc.at(t + "/technique");
                for (int j = 0; j < techniques.size() && techniques.isArray(); j++) {
                    String tech = t + "/technique/" + j;
                    attackEntry(tech, RuleSchema.TECHNIQUE, TECHNIQUE_ID, "T1059");
                    JsonNode subs = doc.at(tech + "/subtechnique");
                    for (int k = 0; k < subs.size() && subs.isArray(); k++) {
                        attackEntry(tech + "/subtechnique/" + k, RuleSchema.THREAT_ENTRY, SUBTECHNIQUE_ID, "T1059.001");
                    }
                }
            }
        }

        private void attackEntry(String pointer, Map<String, ValueKind> keys, Pattern idPattern, String example) {
            knownKeys(pointer, keys);
            required(pointer, List.of("id", "name", "reference"));
            text(pointer + "/id").ifPresent(id -> {
                if (!idPattern.matcher(id).matches()) {
                    error(SchemaCodes.BAD_THREAT, pointer + "/id", label(pointer + "/id") + " must be an ATT&CK id like "
                            + example + ", found \"" + ValueKind.abbreviate(id) + "\"", "");
                }
            });
        }

        // ---- generic checks ----

        private void knownKeys(String pointer, Map<String, ValueKind> known) {
            JsonNode table = doc.at(pointer);
            if (!table.isObject()) {
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> fields = table.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String child = pointer + "/" + f.getKey().replace("~", "~0").replace("/", "~1");
                ValueKind kind = known.get(f.getKey());
                if (kind == null) {
                    error(SchemaCodes.UNKNOWN_KEY, child, "unknown key " + label(child),
                            "known keys here: " + String.join(", ", new TreeSet<>(known.keySet())));
                } else if (!kind.accepts(f.getValue())) {
                    error(SchemaCodes.WRONG_TYPE, child, label(child) + " must be " + kind.description()
                            + ", found " + ValueKind.describe(f.getValue()), "");
                }
            }
        }

        private void required(String pointer, List<String> keys) {
            for (String key : keys) {
                if (doc.at(pointer + "/" + key).isMissingNode()) {
                    error(SchemaCodes.MISSING_FIELD, pointer, "missing required " + label(pointer + "/" + key),
                            "add " + key + " to " + (pointer.isEmpty() ? "the file" : label(pointer)));
                }
            }
        }

        private boolean oneOf(String pointer, Set<String> allowed) {
            Optional<String> v = text(pointer);
            if (v.isPresent() && !allowed.contains(v.get())) {
                error(SchemaCodes.NOT_IN_ENUM, pointer, label(pointer) + " must be one of " + new TreeSet<>(allowed)
                        + ", found \"" + ValueKind.abbreviate(v.get()) + "\"", "");
                return false;
            }
            return true;
        }

        private void range(String pointer, long min, long max) {
            JsonNode n = doc.at(pointer);
            if (n.isIntegralNumber() && (!n.canConvertToLong() || n.asLong() < min || n.asLong() > max)) {
                String bounds = max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
                error(SchemaCodes.OUT_OF_RANGE, pointer, label(pointer) + " must be " + bounds + ", found " + n.asText(), "");
            }
        }

        private void nonEmpty(String pointer) {
            text(pointer).ifPresent(v -> {
                if (v.isBlank()) {
                    error(SchemaCodes.EMPTY_VALUE, pointer, label(pointer) + " must not be empty", "");
                }
            });
        }

        private void dateMath(String pointer) {
            text(pointer).ifPresent(v -> {
                if (!DATE_MATH.matcher(v).matches()) {
                    error(SchemaCodes.BAD_DATE_MATH, pointer, label(pointer) + " must be date math such as \"now-6m\", found \""
                            + ValueKind.abbreviate(v) + "\"", "now, then -N or +N with a unit of y M w d h H m s");
                }
            });
        }

        private Optional<LocalDate> date(String pointer) {
            Optional<String> v = text(pointer);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(LocalDate.parse(v.get(), METADATA_DATE));
            } catch (DateTimeException e) {
                error(SchemaCodes.BAD_DATE, pointer, label(pointer) + " must be a date YYYY/MM/DD, found \""
                        + ValueKind.abbreviate(v.get()) + "\"", "");
                return Optional.empty();
            }
        }

        private Optional<String> text(String pointer) {
            JsonNode n = doc.at(pointer);
            return n.isTextual() ? Optional.of(n.asText()) : Optional.empty();
        }

        private void error(String code, String pointer, String message, String hint) {
            report(Severity.ERROR, code, pointer, message, hint);
        }

        private void report(Severity severity, String code, String pointer, String message, String hint) {
            SourcePosition position = doc.sourceMap().positionOf(pointer);
            out.add(new Diagnostic(code, severity, position, message, hint));
        }

        /** {@code /rule/threat/0/tactic/id} → {@code rule.threat[0].tactic.id}, as users think of it. */
        private static String label(String pointer) {
            StringBuilder sb = new StringBuilder();
            for (String seg : pointer.substring(1).split("/")) {
                if (seg.chars().allMatch(Character::isDigit) && !seg.isEmpty()) {
                    sb.append('[').append(seg).append(']');
                } else {
                    if (!sb.isEmpty()) {
                        sb.append('.');
                    }
                    sb.append(seg.replace("~1", "/").replace("~0", "~"));
                }
            }
            return sb.toString();
        }
    }
}
