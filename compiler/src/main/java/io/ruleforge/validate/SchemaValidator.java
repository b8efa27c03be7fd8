package io.ruleforge.validate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.attack.AttackCatalog;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.load.RuleDocument;
import io.ruleforge.rule.Rule;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The schema-validation stage: checks every document against {@link RuleSchema} and collects every finding of
 * every file (never only the first), then turns the documents without errors into {@link Rule}s.
 */
public final class SchemaValidator {

    /** The checks of the [rule] table, in the order their findings are most useful; all stateless. */
    private static final List<RuleCheck> RULE_CHECKS = List.of(
            new RuleBasicsCheck(),
            new ScheduleCheck(),
            new MarkdownCheck(),
            new RiskMappingCheck(),
            new RelatedIntegrationsCheck(),
            new ThresholdCheck(),
            new NewTermsCheck(),
            new ThreatMatchCheck(),
            new MachineLearningCheck(),
            new AlertSuppressionCheck(),
            new ThreatStructureCheck());

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
        // each document is checked on its own (the checks are stateless), so on every core; the set-wide checks
        // (duplicates, shared file names) come after, on the results in the documents' order
        for (CheckedDocument checked : documents.parallelStream().map(this::checkOne).toList()) {
            diagnostics.addAll(checked.diagnostics());
            if (checked.valid()) {
                rules.add(checked.rule());
            } else if (checked.rule() != null) {
                withErrors.add(checked.rule());
            }
        }
        List<Rule> unique = rejectDuplicates(rules, diagnostics);
        warnSharedFileNames(unique, diagnostics);
        diagnostics.sort(Diagnostic.BY_POSITION);
        return new ValidationResult(unique, withErrors, diagnostics);
    }

    /**
     * One document's own findings and its rule: valid, or with errors but a query worth checking (else no rule).
     */
    private record CheckedDocument(List<Diagnostic> diagnostics, boolean valid, Rule rule) {
    }

    private CheckedDocument checkOne(RuleDocument document) {
        List<Diagnostic> own = new ArrayList<>();
        check(document, own);
        if (own.stream().noneMatch(d -> d.isError() && d.code().equals(SchemaCodes.BAD_THREAT))) {
            attack.check(document, own);
        }
        if (own.stream().noneMatch(Diagnostic::isError)) {
            return new CheckedDocument(own, true, Rule.of(document));
        }
        return new CheckedDocument(own, false, queryIsCheckable(document, own) ? Rule.of(document) : null);
    }

    /** The query and its language are well-formed, whatever else is wrong with the file. */
    private static boolean queryIsCheckable(RuleDocument document, List<Diagnostic> errors) {
        SourcePosition language = document.sourceMap().positionOf("/rule/language");
        return document.at("/rule/query").isTextual()
                && RuleSchema.LANGUAGES.contains(document.at("/rule/language").asText())
                && errors.stream().noneMatch(d -> d.position().equals(language));
    }

    /** Two files with one rule_id (or one name) would overwrite each other in Kibana: both are errors. */
    /**
     * Fixtures, compiled files and reports are named after the rule file, so two files of one name in different
     * folders test each other's fixtures and overwrite each other's outputs.
     */
    private static void warnSharedFileNames(List<Rule> rules, List<Diagnostic> diagnostics) {
        Map<String, Rule> byStem = new HashMap<>();
        for (Rule r : rules) {
            Rule first = byStem.putIfAbsent(r.fileStem(), r);
            if (first != null) {
                diagnostics.add(new Diagnostic(SchemaCodes.SHARED_FILE_NAME, Severity.WARNING, SourcePosition.ofFile(r.displayPath()),
                        "rule file name " + r.fileStem() + " is also used by " + first.displayPath()
                                + ": both rules read the fixture folder " + r.fileStem() + "/ and write the same compiled file and test report",
                        "rename one of the files (and its fixture folder)"));
            }
        }
    }

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

    static boolean isDeprecated(RuleDocument document) {
        return "deprecated".equals(document.at("/metadata/maturity").asText());
    }

    /** The checks of one document; appends to {@code out}. */
    private static void check(RuleDocument document, List<Diagnostic> out) {
        SchemaAssertions fields = new SchemaAssertions(document, out);
        fields.knownKeys("", RuleSchema.TOP_LEVEL);
        if (requireTable(fields, "metadata")) {
            new MetadataCheck().check(fields);
        }
        if (requireTable(fields, "rule")) {
            RULE_CHECKS.forEach(c -> c.check(fields));
        }
    }

    private static boolean requireTable(SchemaAssertions fields, String key) {
        if (!fields.present("/" + key)) {
            fields.error(SchemaCodes.MISSING_TABLE, "", "missing [" + key + "] table", "add a [" + key + "] table");
            return false;
        }
        return fields.at("/" + key).isObject();
    }
}
