package io.ruleforge.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The evaluation stage: runs each compiled rule on its fixtures — the positives must fire, the negatives must
 * stay quiet, and the cases generated at the boundaries of excluded IP blocks must behave as the exclusion says.
 */
public final class RuleTestRunner {

    /** Decides the cases of one rule, reporting once if Elasticsearch rejects (or would reject) its query. */
    private final class CaseRunner {
        private final CompiledRule rule;
        private final ObjectNode dsl;
        private final List<Diagnostic> diagnostics;
        private boolean rejectionReported;

        CaseRunner(CompiledRule rule, List<Diagnostic> diagnostics) {
            this.rule = rule;
            this.dsl = rule.dsl().orElseThrow();
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
                    diagnostics.add(Diagnostic.error(HarnessCodes.ENGINE_REJECTS, rule.rule().positionOf("/rule/query"),
                            "Elasticsearch would reject the compiled query: " + e.getMessage()));
                    rejectionReported = true;
                }
                return testCases.stream().map(testCase -> new CaseResult(testCase, !testCase.mustFire(),
                        "Elasticsearch would reject the query: " + e.getMessage())).toList();
            }
        }
    }

    private final VerdictSource verdictSource;
    private final FixtureLoader fixtures;
    private final PrivateRangeMutator mutator = new PrivateRangeMutator();

    public RuleTestRunner(DslEvaluator evaluator, FixtureLoader fixtures) {
        this((VerdictSource) evaluator, fixtures);
    }

    /** Runs the fixtures with verdicts from {@code verdictSource}, e.g. a real Elasticsearch. */
    public RuleTestRunner(VerdictSource verdictSource, FixtureLoader fixtures) {
        this.verdictSource = verdictSource;
        this.fixtures = fixtures;
    }

    public TestRunResult run(List<CompiledRule> rules) {
        List<RuleTestResult> results = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (CompiledRule rule : rules) {
            run(rule, diagnostics).ifPresent(results::add);
        }
        diagnostics.sort(Diagnostic.BY_POSITION);
        return new TestRunResult(results, diagnostics);
    }

    private Optional<RuleTestResult> run(CompiledRule rule, List<Diagnostic> diagnostics) {
        FixtureLoader.Result loaded = fixtures.load(rule.rule().fileStem());
        diagnostics.addAll(loaded.diagnostics());
        RuleFixtures events = loaded.fixtures();
        String folder = fixtures.folderOf(rule.rule().fileStem()).toString();
        if (rule.dsl().isEmpty()) {
            if (!events.isEmpty()) {
                diagnostics.add(new Diagnostic(HarnessCodes.NOT_TESTABLE, Severity.WARNING, rule.rule().positionOf("/rule/language"),
                        "the fixtures in " + folder + " are not run: queries in this language are not evaluated yet", ""));
            }
            return Optional.empty();
        }
        if (events.isEmpty()) {
            diagnostics.add(new Diagnostic(HarnessCodes.NO_FIXTURES, Severity.WARNING, rule.rule().positionOf("/rule/query"),
                    "rule has no fixtures: nothing shows that it fires on the attack or stays quiet on look-alikes",
                    "add " + FixtureLoader.POSITIVE + " and " + FixtureLoader.NEGATIVE + " under " + folder));
        } else if (events.positives().isEmpty()) {
            diagnostics.add(new Diagnostic(HarnessCodes.NO_POSITIVES, Severity.WARNING, rule.rule().positionOf("/rule/query"),
                    "rule has no positive fixture: nothing shows that it fires at all",
                    "add " + FixtureLoader.POSITIVE + " under " + folder));
        }
        List<TestCase> cases = new ArrayList<>();
        events.positives().forEach(e -> cases.add(new TestCase(e.label(), TestCase.Kind.POSITIVE, e.source(), e.event(), true)));
        events.negatives().forEach(e -> cases.add(new TestCase(e.label(), TestCase.Kind.NEGATIVE, e.source(), e.event(), false)));
        CaseRunner runner = new CaseRunner(rule, diagnostics);
        List<CaseResult> results = new ArrayList<>(runner.run(cases));
        // The positives come first in the results, in fixture order.
        List<FixtureEvent> firing = new ArrayList<>();
        for (int i = 0; i < events.positives().size(); i++) {
            if (results.get(i).passed()) {
                firing.add(events.positives().get(i));
            }
        }
        results.addAll(runner.run(mutator.generate(rule.kql().orElseThrow().root(), firing)));
        return Optional.of(new RuleTestResult(rule, results));
    }
}
