package io.ruleforge.harness;

import io.ruleforge.kql.KibanaVersion;

import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.VerdictSource;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.eql.EqlParseResult;
import io.ruleforge.eql.EqlParser;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.QueryBody;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlMatch;
import io.ruleforge.evaluate.eql.EqlSettings;
import io.ruleforge.evaluate.alerts.EqlAlerts;
import io.ruleforge.rule.ExceptionLists;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseFileLoader;
import io.ruleforge.kql.verify.KqlVerifier;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The evaluation stage: runs each compiled rule on its fixtures — the positives must fire, the negatives must
 * stay quiet, and the cases generated at the boundaries of excluded IP blocks must behave as the exclusion says.
 */
public final class RuleTestRunner {

    /**
     * An EQL case fires when the query matches its events: the event, or the whole sequence in order. A sequence
     * that does not match says which events lack the timestamp it orders by (they can never take part); one that
     * matches names its events, their times and the gap between the first and the last.
     */
    private static CaseResult eqlCase(EqlEvaluator eql, EqlQuery query, TestCase testCase) {
        List<JsonNode> events = new ArrayList<>(testCase.events());
        List<EqlMatch> matches = eql.evaluate(query, events);
        boolean sequence = query.body() instanceof QueryBody.Sequence;
        if (matches.isEmpty()) {
            String none = "no " + (events.size() > 1 ? "sequence" : "event") + " of the " + events.size() + " matched the EQL query";
            List<Integer> untimed = new ArrayList<>();
            for (int i = 0; sequence && i < events.size(); i++) {
                if (eql.timestampMillis(events.get(i)).isEmpty()) {
                    untimed.add(i + 1);
                }
            }
            if (!untimed.isEmpty()) {
                String who = untimed.size() == 1 ? "event " + untimed.get(0) + " has"
                        : "events " + untimed.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " have";
                none += "; " + who + " no " + eql.timestampField() + " (or not a date), and a sequence orders events by it:"
                        + " an event without one never takes part";
            }
            return new CaseResult(testCase, false, none);
        }
        EqlMatch first = matches.get(0);
        List<String> matched = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        for (JsonNode event : first.events()) {
            if (event == null) {
                matched.add("(missing)");
                continue;
            }
            String at = "event " + (indexOfIdentity(events, event) + 1);
            Optional<Long> time = eql.timestampMillis(event);
            time.ifPresent(times::add);
            matched.add(sequence ? at + time.map(t -> " at " + Instant.ofEpochMilli(t)).orElse("") : at);
        }
        String which = matches.size() + " match" + (matches.size() == 1 ? "" : "es") + "; the first of "
                + String.join(", ", matched);
        if (sequence && times.size() > 1) {
            which += ", " + gap(times.get(times.size() - 1) - times.get(0)) + " from first to last"
                    + ((QueryBody.Sequence) query.body()).maxspan().map(m -> " (maxspan=" + m.amount() + m.unit() + ")").orElse("")
                    + (first.joinKeys().isEmpty() ? "" : ", joined on " + first.joinKeys());
        }
        return new CaseResult(testCase, true, which);
    }

    /** A time span as a reader says it: {@code 250 ms}, {@code 20 s}, {@code 1 min 30 s}, {@code 2 h 5 min}. */
    private static String gap(long millis) {
        Duration d = Duration.ofMillis(millis);
        if (millis < 1_000) {
            return millis + " ms";
        }
        if (d.toMinutes() == 0) {
            return d.toMillisPart() == 0 ? d.toSeconds() + " s" : String.format(Locale.ROOT, "%.3f s", millis / 1000.0);
        }
        if (d.toHours() == 0) {
            return d.toMinutes() + " min" + (d.toSecondsPart() == 0 ? "" : " " + d.toSecondsPart() + " s");
        }
        return d.toHours() + " h" + (d.toMinutesPart() == 0 ? "" : " " + d.toMinutesPart() + " min");
    }

    private static int indexOfIdentity(List<JsonNode> events, JsonNode event) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) == event || events.get(i).equals(event)) {
                return i;
            }
        }
        return -2;
    }

    /** The rule's own EQL settings, as Kibana passes them to Elasticsearch. */
    static EqlSettings eqlSettings(CompiledRule rule) {
        return EqlAlerts.settings(rule);
    }

    /** Decides the cases of one rule, reporting once if Elasticsearch rejects (or would reject) its query. */
    private final class CaseRunner {
        private final CompiledRule rule;
        private final ObjectNode dsl;
        private final List<Diagnostic> diagnostics;
        private boolean rejectionReported;

        private final VerdictSource verdictSource;

        CaseRunner(CompiledRule rule, List<Diagnostic> diagnostics) {
            this.rule = rule;
            this.verdictSource = RuleTestRunner.this.verdictSource.forIndexFields(rule.indexFields());
            this.dsl = rule.searchDsl().orElseThrow();
            this.diagnostics = diagnostics;
        }

        List<CaseResult> run(List<TestCase> testCases) {
            if (testCases.isEmpty()) {
                return List.of();
            }
            try {
                List<DslEvaluator.Verdict> verdicts = verdictSource.decide(dsl, testCases.stream().map(TestCase::event).toList());
                List<CaseResult> results = new ArrayList<>();
                for (int i = 0; i < testCases.size(); i++) {
                    results.add(new CaseResult(testCases.get(i), verdicts.get(i).matched(), verdicts.get(i).explanation()));
                }
                return results;
            } catch (DslEvaluationException e) {
                // Elasticsearch rejects the query itself: no verdict can stand, so every case fails loudly.
                if (!rejectionReported) {
                    diagnostics.add(Diagnostic.error(e.isNotModelled() ? HarnessCodes.NOT_MODELLED : HarnessCodes.ENGINE_REJECTS,
                            rule.rule().positionOf("/rule/query"), e.refusal("the compiled query") + ": " + e.getMessage()));
                    rejectionReported = true;
                }
                return testCases.stream().map(testCase -> new CaseResult(testCase, !testCase.mustFire(),
                        e.refusal("the query") + ": " + e.getMessage())).toList();
            }
        }
    }

    private final VerdictSource verdictSource;
    private final KibanaVersion kibanaVersion;
    private final FixtureLoader fixtures;
    private final ExcludedRangeCases mutator = new ExcludedRangeCases();
    private final CaseFileLoader caseLoader;
    private final ExceptionLists exceptionLists;

    /**
     * Runs the fixtures with verdicts from {@code verdictSource} (the in-process evaluator, or a real
     * Elasticsearch); every rule is decided with the mapping of its own indices ({@link CompiledRule#indexFields()}).
     */
    public RuleTestRunner(VerdictSource verdictSource, FixtureLoader fixtures) {
        this(verdictSource, fixtures, KibanaVersion.DEFAULT);
    }

    /** @param kibanaVersion the release whose behaviour beyond the compiled queries is reproduced (indicator match searches) */
    public RuleTestRunner(VerdictSource verdictSource, FixtureLoader fixtures, KibanaVersion kibanaVersion) {
        this(verdictSource, fixtures, kibanaVersion, ExceptionLists.none());
    }

    /**
     * @param exceptionLists the project's exception lists (their items are already in each compiled rule's filters):
     *                       a rule naming a list not among them is told its verdicts are without that list
     */
    public RuleTestRunner(VerdictSource verdictSource, FixtureLoader fixtures, KibanaVersion kibanaVersion,
                          ExceptionLists exceptionLists) {
        this.exceptionLists = exceptionLists;
        this.kibanaVersion = kibanaVersion;
        this.verdictSource = verdictSource;
        this.fixtures = fixtures;
        this.caseLoader = new CaseFileLoader(fixtures.displayBase());
    }

    public TestRunResult run(List<CompiledRule> rules) {
        List<RuleTestResult> results = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (CompiledRule rule : rules) {
            results.add(run(rule, diagnostics));
        }
        diagnostics.sort(Diagnostic.BY_POSITION);
        return new TestRunResult(results, diagnostics);
    }

    private RuleTestResult run(CompiledRule rule, List<Diagnostic> diagnostics) {
        String stem = rule.rule().fileStem();
        diagnostics.addAll(exceptionLists(rule));
        if (EsqlRuleTests.isEsql(rule)) {
            // ES|QL: its positives/negatives and its cases/ (alerts or rows) are run by the ES|QL evaluator
            boolean suppressing = AlertRuleSpec.of(rule.rule()).suppression().isPresent();
            CaseFileLoader.Result esqlCases = fixtures.folderOf(stem).map(f -> caseLoader.load(f, true, suppressing))
                    .orElse(new CaseFileLoader.Result(List.of(), List.of()));
            return runSingleEvents(rule, diagnostics, esqlCases);
        }
        AlertRuleSpec spec = AlertRuleSpec.of(rule.rule(), rule.indexFields());
        CaseFileLoader.Result caseFiles = fixtures.folderOf(stem).map(caseLoader::load)
                .orElse(new CaseFileLoader.Result(List.of(), List.of()));
        if (spec.needsStream() || caseFiles.hasCaseFiles()) {
            return new AlertCaseRun(rule, spec, verdictSource.forIndexFields(rule.indexFields()), fixtures, kibanaVersion)
                    .run(caseFiles, spec.needsStream() ? null : () -> runSingleEvents(rule, diagnostics, true), diagnostics);
        }
        return runSingleEvents(rule, diagnostics, false);
    }

    /**
     * A note for a rule naming exception lists the project does not keep: Kibana adds their items to every search
     * (as {@code must_not}), but they are saved objects in Kibana only, so every verdict here is without them.
     */
    private List<Diagnostic> exceptionLists(CompiledRule rule) {
        List<String> lists = exceptionLists.notInProject(rule.rule().document().at("/rule/exceptions_list"));
        List<Diagnostic> out = new ArrayList<>();
        List<String> inKibana = new ArrayList<>();
        for (String list : lists) {
            Optional<String> meant = exceptionLists.closestTo(list);
            if (meant.isPresent()) {
                // a typo away from a list the project keeps: a misspelling, not a list kept in Kibana (probe29)
                out.add(new Diagnostic(HarnessCodes.EXCEPTION_LIST_TYPO, Severity.WARNING, rule.rule().positionOf("/rule/exceptions_list"),
                        "the rule names the exception list " + list + ", which the project does not keep; did you mean "
                                + meant.get() + "? Its fixtures and cases are decided without it",
                        "correct the list_id to " + meant.get() + ", or export the list from Kibana into the exceptions folder"));
            } else {
                inKibana.add(list);
            }
        }
        if (!inKibana.isEmpty()) {
            out.add(new Diagnostic(HarnessCodes.EXCEPTIONS_NOT_APPLIED, Severity.INFO,
                    rule.rule().positionOf("/rule/exceptions_list"),
                    "the rule's exception " + (inKibana.size() == 1 ? "list " : "lists ") + String.join(", ", inKibana)
                            + (inKibana.size() == 1 ? " lives" : " live")
                            + " in Kibana, not in the project's exception lists: its fixtures and cases are decided without "
                            + (inKibana.size() == 1 ? "it" : "them") + ", so an event " + (inKibana.size() == 1 ? "its" : "their")
                            + " items exclude still fires here",
                    "export the list into the exceptions folder beside the rules ([[exceptions]] files, as detection-rules"
                            + " writes them), or write the exclusion into the query or the rule's filters"));
        }
        return out;
    }

    /** The rule on its single-event fixtures; {@code hasCases}: its multi-event cases test it too. */
    RuleTestResult runSingleEvents(CompiledRule rule, List<Diagnostic> diagnostics, boolean hasCases) {
        return runSingleEvents(rule, diagnostics, hasCases, new CaseFileLoader.Result(List.of(), List.of()));
    }

    /** An ES|QL rule on its single-event fixtures and its multi-event cases. */
    private RuleTestResult runSingleEvents(CompiledRule rule, List<Diagnostic> diagnostics, CaseFileLoader.Result esqlCases) {
        return runSingleEvents(rule, diagnostics, false, esqlCases);
    }

    private RuleTestResult runSingleEvents(CompiledRule rule, List<Diagnostic> diagnostics, boolean hasCases,
                                           CaseFileLoader.Result esqlCases) {
        String stem = rule.rule().fileStem();
        List<Diagnostic> fixtureErrors = new ArrayList<>();
        if (!FixtureLoader.namesAFolder(stem)) {
            fixtureErrors.add(new Diagnostic(HarnessCodes.NO_FIXTURE_FOLDER, Severity.ERROR, SourcePosition.ofFile(rule.rule().displayPath()),
                    "the rule file name leaves \"" + stem + "\" to name its fixture folder, which would be "
                            + (stem.equals("..") ? "the parent of " : "") + "the fixtures directory itself: no fixtures are read for it",
                    "rename the rule file"));
        }
        FixtureLoader.Result loaded = fixtures.load(stem);
        fixtureErrors.addAll(loaded.diagnostics());
        RuleFixtures events = loaded.fixtures();
        String folder = fixtures.displayFolderOf(stem);
        if (EsqlRuleTests.isEsql(rule)) {
            return esql(rule, events, esqlCases, folder, fixtureErrors, diagnostics);
        }
        if (rule.dsl().isEmpty() && rule.eqlSource().isEmpty()) {
            diagnostics.add(new Diagnostic(HarnessCodes.NOT_TESTABLE, Severity.WARNING, rule.rule().positionOf("/rule/language"),
                    "rule not tested: queries in this language are not evaluated yet"
                            + (events.isEmpty() ? "" : "; the fixtures in " + folder + " are not run"), ""));
            diagnostics.addAll(fixtureErrors);
            return new RuleTestResult(rule, List.of(), fixtureErrors);
        }
        Optional<String> luceneGap = LuceneSupport.notEvaluated(rule);
        if (luceneGap.isPresent()) {
            diagnostics.add(new Diagnostic(HarnessCodes.LUCENE_NOT_EVALUATED, Severity.WARNING, rule.rule().positionOf("/rule/query"),
                    "rule not tested: " + luceneGap.get()
                            + (events.isEmpty() ? "" : "; the fixtures in " + folder + " are not run"),
                    "rewrite that part in KQL, or test the rule against a real Elasticsearch (--engine)"));
            diagnostics.addAll(fixtureErrors);
            return new RuleTestResult(rule, List.of(), fixtureErrors);
        }
        if (events.isEmpty() && fixtureErrors.isEmpty() && hasCases) {
            return new RuleTestResult(rule, List.of(), fixtureErrors);
        }
        if (events.isEmpty() && fixtureErrors.isEmpty()) {
            diagnostics.add(new Diagnostic(HarnessCodes.NO_FIXTURES, Severity.WARNING, rule.rule().positionOf("/rule/query"),
                    "rule has no fixtures: nothing shows that it fires on the attack or stays quiet on look-alikes",
                    "add " + FixtureLoader.POSITIVE + " and " + FixtureLoader.NEGATIVE + " under " + folder));
        } else if (events.positives().isEmpty() && fixtureErrors.isEmpty()) {
            diagnostics.add(new Diagnostic(HarnessCodes.NO_POSITIVES, Severity.WARNING, rule.rule().positionOf("/rule/query"),
                    "rule has no positive fixture: nothing shows that it fires at all",
                    "write the attack's events in " + folder + "/" + FixtureLoader.POSITIVE + ", one event (or a sequence's array of events) a line"));
        }
        Unindexable refused = unindexable(rule, events);
        fixtureErrors.addAll(refused.errors());
        List<TestCase> cases = new ArrayList<>();
        events.positives().forEach(e -> cases.add(TestCase.of(e, TestCase.Kind.POSITIVE, true)));
        events.negatives().forEach(e -> cases.add(TestCase.of(e, TestCase.Kind.NEGATIVE, false)));
        if (rule.eqlSource().isPresent()) {
            diagnostics.addAll(fixtureErrors);
            EqlEvaluator eql;
            try {
                eql = new EqlEvaluator(rule.indexFields(), eqlSettings(rule));
            } catch (DslEvaluationException e) {
                // the rule's filters are the EQL search's filter: Elasticsearch refuses the whole search
                diagnostics.add(Diagnostic.error(HarnessCodes.ENGINE_REJECTS, rule.rule().positionOf("/rule/filters"),
                        "Elasticsearch would reject the rule's filters: " + e.getMessage()));
                return new RuleTestResult(rule, cases.stream().map(c -> new CaseResult(c, !c.mustFire(),
                        "Elasticsearch would reject the rule's filters: " + e.getMessage())).toList(), fixtureErrors);
            }
            Optional<String> undecidable = eql.refusal(rule.eqlSource().get());
            if (undecidable.isPresent()) {
                diagnostics.add(Diagnostic.error(HarnessCodes.NOT_MODELLED, rule.rule().positionOf("/rule/query"),
                        "ruleforge cannot decide the query: " + undecidable.get()));
                return new RuleTestResult(rule, cases.stream().map(c -> new CaseResult(c, !c.mustFire(),
                        "ruleforge cannot decide the query: " + undecidable.get())).toList(), fixtureErrors);
            }
            List<CaseResult> results = cases.stream().map(c -> eqlCase(eql, rule.eqlSource().get(), c)).toList();
            return new RuleTestResult(rule, results, fixtureErrors);
        }
        String notASequenceRule = "a JSON array of several events is a sequence, which only EQL rules match; this rule's"
                + " query is " + (LuceneSupport.isLucene(rule) ? "Lucene" : "KQL");
        for (TestCase c : cases) {
            if (c.events().size() > 1) {
                fixtureErrors.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, c.position(), notASequenceRule));
            }
        }
        diagnostics.addAll(fixtureErrors);
        CaseRunner runner = new CaseRunner(rule, diagnostics);
        // a sequence is not run (its first event alone is not what the author wrote): its fixture error fails the rule
        List<CaseResult> results = new ArrayList<>(runner.run(cases.stream().filter(c -> c.events().size() == 1).toList()));
        // The positives come first in the results, in fixture order.
        List<FixtureEvent> runPositives = events.positives().stream().filter(e -> !e.isSequence()).toList();
        List<FixtureEvent> firing = new ArrayList<>();
        for (int i = 0; i < runPositives.size(); i++) {
            // a positive Elasticsearch would refuse to index (RF6011) fails the rule already: no look-alikes from it
            if (results.get(i).passed() && !refused.fixtures().contains(runPositives.get(i))) {
                firing.add(runPositives.get(i));
            }
        }
        // generated look-alikes come from the KQL tree; a lucene rule has none
        ExcludedRangeCases.Generated generated = rule.kql().isPresent()
                ? mutator.plan(rule.kql().get().root(), firing) : new ExcludedRangeCases.Generated(List.of(), 0, 0, 0);
        results.addAll(runner.run(generated.cases()));
        if (generated.skipped() > 0) {
            diagnostics.add(new Diagnostic(HarnessCodes.GENERATED_CASES_CAPPED, Severity.INFO, rule.rule().positionOf("/rule/query"),
                    String.format(Locale.ROOT, "the query excludes %,d IP blocks, which call for %,d generated cases; %,d were run"
                                    + " and %,d skipped (each case evaluates every block, so a rule excluding %,d blocks gets at most %,d)",
                            generated.blocks(), generated.cases().size() + generated.skipped(), generated.cases().size(),
                            generated.skipped(), generated.blocks(), generated.cap()),
                    "the cases run cover the excluded blocks in query order, one positive per block before a second"));
        }
        return crossCheckEql(rule, results, fixtureErrors, diagnostics).withGeneratedSkipped(generated.skipped());
    }

    /**
     * An ES|QL rule: its positive and negative events one by one, then its multi-event case files
     * ({@code cases/*.json}), decided by the ES|QL evaluator.
     */
    private RuleTestResult esql(CompiledRule rule, RuleFixtures events, CaseFileLoader.Result loaded, String folder,
                                List<Diagnostic> fixtureErrors, List<Diagnostic> diagnostics) {
        for (Diagnostic d : loaded.diagnostics()) {
            (d.isError() ? fixtureErrors : diagnostics).add(d); // a stray file in cases/ is a warning, not a failed fixture
        }
        List<AlertCase> caseFiles = loaded.cases();
        EsqlRuleTests tests = new EsqlRuleTests(rule, diagnostics, java.time.Clock.systemUTC());
        boolean anyPositive = !events.positives().isEmpty() || caseFiles.stream().anyMatch(c -> c.expect().alerts() > 0);
        if (events.isEmpty() && caseFiles.isEmpty() && fixtureErrors.isEmpty()) {
            diagnostics.add(new Diagnostic(HarnessCodes.NO_FIXTURES, Severity.WARNING, rule.rule().positionOf("/rule/query"),
                    "rule has no fixtures: nothing shows that it fires on the attack or stays quiet on look-alikes",
                    "add " + FixtureLoader.POSITIVE + " and " + FixtureLoader.NEGATIVE + " (or, for a query with STATS, "
                            + CaseFileLoader.CASES_FOLDER + "/<name>.json) under " + folder));
        } else if (!anyPositive && fixtureErrors.isEmpty()) {
            diagnostics.add(new Diagnostic(HarnessCodes.NO_POSITIVES, Severity.WARNING, rule.rule().positionOf("/rule/query"),
                    "rule has no positive fixture: nothing shows that it fires at all",
                    "write the attack's events in " + folder + "/" + FixtureLoader.POSITIVE + ", one event a line"
                            + " (or a case file expecting rows)"));
        }
        fixtureErrors.addAll(unindexable(rule, events).errors());
        diagnostics.addAll(fixtureErrors);
        if (tests.parse().isEmpty()) {
            return new RuleTestResult(rule, List.of(), fixtureErrors);
        }
        List<CaseResult> results = new ArrayList<>();
        events.positives().forEach(e -> results.add(tests.single(TestCase.of(e, TestCase.Kind.POSITIVE, true))));
        events.negatives().forEach(e -> results.add(tests.single(TestCase.of(e, TestCase.Kind.NEGATIVE, false))));
        caseFiles.forEach(c -> results.add(tests.caseFile(c)));
        return new RuleTestResult(rule, results, fixtureErrors);
    }

    /** The fixtures Elasticsearch would refuse to index with the rule's field types, and an error for each refusal. */
    private record Unindexable(List<Diagnostic> errors, Set<FixtureEvent> fixtures) {
    }

    /** The fixture values Elasticsearch would refuse to index with the rule's field types (live mode fails on them). */
    private static Unindexable unindexable(CompiledRule rule, RuleFixtures events) {
        List<FixtureEvent> all = new ArrayList<>(events.positives());
        all.addAll(events.negatives());
        List<Diagnostic> errors = new ArrayList<>();
        Set<FixtureEvent> fixtures = Collections.newSetFromMap(new IdentityHashMap<>());
        for (FixtureEvent fixture : all) {
            for (ObjectNode event : fixture.events()) {
                for (String problem : IndexableValues.problems(event, rule.indexFields())) {
                    fixtures.add(fixture);
                    errors.add(new Diagnostic(HarnessCodes.UNINDEXABLE_VALUE, Severity.ERROR,
                            SourcePosition.ofFileLine(fixture.source()), problem + "; Elasticsearch would refuse to index this event",
                            "if the index takes malformed values (ignore_malformed: Elastic's logs-*-* data streams set it in"
                                    + " logs@settings), give its mapping or template with --mapping"));
                }
            }
        }
        return new Unindexable(errors, fixtures);
    }

    /**
     * The usual cause of a disagreement: the EQL translation takes a field the mapping does not know for a keyword,
     * while an index maps it dynamically as text, which KQL matches word by word.
     */
    private static String unmappedFieldsHint(CompiledRule rule) {
        List<String> unmapped = new KqlVerifier(rule.indexFields()).unmappedFields(rule.kql().orElseThrow().root());
        if (unmapped.isEmpty()) {
            return "";
        }
        return String.join(", ", unmapped) + (unmapped.size() == 1 ? " is" : " are") + " not in the index mapping: mapped"
                + " dynamically as text, KQL matches words where the EQL compares whole values; give the indices' mapping"
                + " (mappings / --mapping)";
    }

    /** Whether each case's event passes the rule's filters (every one when it has none). */
    private List<Boolean> passFilters(CompiledRule rule, List<CaseResult> results) {
        if (rule.filters().isEmpty() || results.isEmpty()) {
            return results.stream().map(r -> true).toList();
        }
        try {
            return verdictSource.forIndexFields(rule.indexFields())
                    .decide(rule.filters().get(), results.stream().map(r -> r.testCase().event()).toList())
                    .stream().map(DslEvaluator.Verdict::matched).toList();
        } catch (DslEvaluationException e) {
            // the search itself was refused: the cases report that already
            return results.stream().map(r -> true).toList();
        }
    }

    /**
     * The EQL ruleforge generates from a KQL rule must decide every case as the DSL does; a disagreement is a
     * translation error, reported with the case.
     */
    private RuleTestResult crossCheckEql(CompiledRule rule, List<CaseResult> results, List<Diagnostic> fixtureErrors,
                                         List<Diagnostic> diagnostics) {
        Optional<String> eqlText = rule.eqlQuery();
        if (eqlText.isEmpty() || !(EqlParser.parse(eqlText.get()) instanceof EqlParseResult.Success parsed)) {
            return new RuleTestResult(rule, results, fixtureErrors);
        }
        EqlEvaluator eql = new EqlEvaluator(rule.indexFields(), EqlSettings.defaults());
        if (eql.refusal(parsed.query()).isPresent()) {
            // a query the evaluators cannot decide (a normalizer they do not model): the DSL's cases already say so
            return new RuleTestResult(rule, results, fixtureErrors);
        }
        // the DSL's verdicts include the rule's filters, which the EQL translation of its query does not carry
        List<Boolean> passFilters = passFilters(rule, results);
        String hint = null; // worked out on the first disagreement only
        int agreed = 0;
        for (int i = 0; i < results.size(); i++) {
            CaseResult r = results.get(i);
            boolean eqlFires;
            try {
                eqlFires = passFilters.get(i) && !eql.evaluate(parsed.query(), new ArrayList<>(r.testCase().events())).isEmpty();
            } catch (DslEvaluationException e) {
                // an event the evaluators cannot decide (a field a mapping setting ruleforge does not model types): the
                // DSL's case says so already, and there is nothing to compare
                return new RuleTestResult(rule, results, fixtureErrors);
            }
            if (eqlFires == r.fired()) {
                agreed++;
            } else {
                hint = hint != null ? hint : unmappedFieldsHint(rule);
                diagnostics.add(new Diagnostic(HarnessCodes.EQL_DISAGREES, Severity.ERROR, rule.rule().positionOf("/rule/query"),
                        "the EQL translation " + (eqlFires ? "fires" : "stays quiet") + " but the DSL "
                                + (r.fired() ? "fires" : "stays quiet") + " on " + r.testCase().subject(), hint));
            }
        }
        return new RuleTestResult(rule, results, fixtureErrors, results.size(), agreed);
    }
}
