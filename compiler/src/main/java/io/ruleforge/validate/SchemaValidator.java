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
import java.util.List;
import java.util.Map;

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

    /** Validates a whole set at once: {@link #session()} over all of it, in the order of the files' names. */
    public ValidationResult validate(List<RuleDocument> documents) {
        List<RuleDocument> inOrder = new ArrayList<>(documents);
        inOrder.sort(Comparator.comparing(RuleDocument::displayPath));
        Chunk checked = session().check(inOrder);
        List<Diagnostic> diagnostics = new ArrayList<>(checked.diagnostics());
        diagnostics.sort(Diagnostic.BY_POSITION);
        return new ValidationResult(checked.rules(), checked.rulesWithErrors(), diagnostics);
    }

    /** The validation of one rule set, met a chunk of documents at a time (see {@link Session}). */
    public Session session() {
        return new Session();
    }

    /**
     * What validation found in one chunk of documents.
     *
     * @param rules           the valid rules no earlier rule shares an id or name with, in the chunk's order
     * @param rulesWithErrors rules with schema errors whose query can still be checked
     * @param diagnostics     every finding about the chunk's files, not sorted
     */
    public record Chunk(List<Rule> rules, List<Rule> rulesWithErrors, List<Diagnostic> diagnostics) {
        public Chunk {
            rules = List.copyOf(rules);
            rulesWithErrors = List.copyOf(rulesWithErrors);
            diagnostics = List.copyOf(diagnostics);
        }
    }

    /**
     * One rule set's validation, fed its documents in chunks in the order of their files' names ({@code displayPath}),
     * so that a caller holds one chunk of documents at a time. The set-wide checks — duplicate ids and names (the
     * first file by name keeps its id and name, every later one is an error) and shared file names — keep only
     * what they compare: ids, names, file names and where the first of each was found.
     */
    public final class Session {

        private final Map<String, SourcePosition> idsSeen = new HashMap<>();
        private final Map<String, SourcePosition> namesSeen = new HashMap<>();
        private final Map<String, String> stemsSeen = new HashMap<>();
        private String lastPath = "";

        private Session() {
        }

        /**
         * Checks the next chunk; each document on its own (the checks are stateless, so on every core), then against
         * the rules of the earlier chunks.
         *
         * @throws IllegalArgumentException when the documents do not follow the earlier ones in name order
         */
        public Chunk check(List<RuleDocument> documents) {
            List<Diagnostic> diagnostics = new ArrayList<>();
            List<Rule> rules = new ArrayList<>();
            List<Rule> withErrors = new ArrayList<>();
            List<CheckedDocument> checked = documents.parallelStream().map(SchemaValidator.this::checkOne).toList();
            for (int i = 0; i < checked.size(); i++) {
                String path = documents.get(i).displayPath();
                if (path.compareTo(lastPath) < 0) {
                    // the first file by name keeps its id: out of order, a later file would take it
                    throw new IllegalArgumentException("documents out of name order: " + path + " after " + lastPath);
                }
                lastPath = path;
                CheckedDocument one = checked.get(i);
                diagnostics.addAll(one.diagnostics());
                if (one.valid()) {
                    if (isUnique(one.rule(), diagnostics)) {
                        warnSharedFileName(one.rule(), diagnostics);
                        rules.add(one.rule());
                    }
                } else if (one.rule() != null) {
                    withErrors.add(one.rule());
                }
            }
            return new Chunk(rules, withErrors, diagnostics);
        }

        /** Two files with one rule_id (or one name) would overwrite each other in Kibana: both are errors. */
        private boolean isUnique(Rule r, List<Diagnostic> diagnostics) {
            boolean unique = true;
            SourcePosition first = idsSeen.putIfAbsent(r.ruleId(), r.positionOf("/rule/rule_id"));
            if (first != null) {
                unique = false;
                diagnostics.add(Diagnostic.error(SchemaCodes.DUPLICATE_RULE_ID, r.positionOf("/rule/rule_id"),
                        "rule.rule_id " + r.ruleId() + " is already used by " + first)
                        .withHint("give each rule its own UUID"));
            }
            // A deprecated rule keeps the name of the rule that replaced it; only live rules must be unique.
            SourcePosition sameName = isDeprecated(r.document()) ? null : namesSeen.putIfAbsent(r.name(), r.positionOf("/rule/name"));
            if (sameName != null) {
                unique = false;
                diagnostics.add(Diagnostic.error(SchemaCodes.DUPLICATE_NAME, r.positionOf("/rule/name"),
                        "rule.name \"" + r.name() + "\" is already used by " + sameName)
                        .withHint("rule names must be unique"));
            }
            return unique;
        }

        /**
         * Fixtures, compiled files and reports are named after the rule file, so two files of one name in different
         * folders test each other's fixtures and overwrite each other's outputs.
         */
        private void warnSharedFileName(Rule r, List<Diagnostic> diagnostics) {
            String first = stemsSeen.putIfAbsent(r.fileStem(), r.displayPath());
            if (first != null) {
                diagnostics.add(new Diagnostic(SchemaCodes.SHARED_FILE_NAME, Severity.WARNING, SourcePosition.ofFile(r.displayPath()),
                        "rule file name " + r.fileStem() + " is also used by " + first
                                + ": both rules read the fixture folder " + r.fileStem() + "/ and write the same compiled file and test report",
                        "rename one of the files (and its fixture folder)"));
            }
        }
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
        new JsonNumberCheck().check(fields);
    }

    private static boolean requireTable(SchemaAssertions fields, String key) {
        if (!fields.present("/" + key)) {
            fields.error(SchemaCodes.MISSING_TABLE, "", "missing [" + key + "] table", "add a [" + key + "] table");
            return false;
        }
        return fields.at("/" + key).isObject();
    }
}
