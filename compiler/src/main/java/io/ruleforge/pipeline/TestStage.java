package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.InternalErrors;
import io.ruleforge.evaluate.engine.EngineException;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.harness.ChosenVerdictSource;
import io.ruleforge.harness.FixtureLayout;
import io.ruleforge.harness.FixtureLoader;
import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.RuleTestRunner;
import io.ruleforge.harness.TestRunResult;
import io.ruleforge.report.JUnitXmlReport;
import io.ruleforge.report.RuleTestSummary;
import io.ruleforge.report.StageLines;
import io.ruleforge.report.TestedRules;
import io.ruleforge.state.OutputFile;
import io.ruleforge.state.RuleRecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs every compiled rule on its fixtures and writes JUnit XML reports to {@code <out>/reports/}. Rules with errors
 * are not tested; their errors fail the report. Rules whose inputs (the rule, its fixtures, what decides the
 * verdicts) did not change are not run again: their recorded results are reported.
 *
 * <p>Failing cases are what the reports are for, so they are written then too; a run that fails for errors before
 * testing, or for warnings when warnings fail the build, writes none. Reports are switched in all together, and
 * those of rules that no longer exist go.
 */
final class TestStage {

    private final StageContext context;

    TestStage(StageContext context) {
        this.context = context;
    }

    StageReport run() {
        RuleforgeOptions options = context.options();
        StageRun.Opened opened = StageRun.open(context, "test");
        ChosenVerdictSource verdicts = ChosenVerdictSource.of(options.engineUrl(), options.engineSettings(), context.fieldTypes().indexBase(), System.getenv());
        InputFingerprints inputs = context.fingerprints();
        StageRun<RuleCompilation> stage = opened.check(rule -> inputs.ofTest(rule, verdicts.identity()), Function.identity());
        List<RuleCompilation> compiled = stage.compiled;
        FixtureLayout layout = new FixtureLayout(options.fixturesDirectory(), options.displayBase());
        Optional<Diagnostic> noFixtures = layout.missingDirectory();
        if (noFixtures.isPresent()) {
            // as with a missing rules directory: an error, not every rule untested
            return stage.stop(stage.checked.diagnostics(compiled, List.of(noFixtures.get())),
                    List.of(StageLines.fixturesNotRun(noFixtures.get().message())));
        }
        RuleTestRunner runner = new RuleTestRunner(verdicts.source(), new FixtureLoader(options.fixturesDirectory(), options.displayBase()),
                options.kibanaVersion());
        List<TestRunResult> results = new ArrayList<>();
        try {
            for (RuleCompilation c : compiled) {
                // up to date or not compiled: nothing to run
                results.add(c.compiled().map(rule -> runGuarded(runner, c)).orElse(TestRunResult.NOTHING));
            }
        } catch (EngineException e) {
            List<Diagnostic> failed = new ArrayList<>(stage.checked.diagnostics(compiled, List.of()));
            failed.add(verdicts.unavailable(e, decided(compiled, results.size()), undecided(compiled, results.size())));
            // nothing is recorded: the rules tested before the engine failed have no reports yet; the SARIF says why
            return stage.stop(failed, List.of(StageLines.fixturesNotRun("the engine failed")));
        }
        JUnitXmlReport junit = verdicts.engine().isPresent() ? new JUnitXmlReport(verdicts.source().description()) : new JUnitXmlReport();
        OutputFolder reports = new OutputFolder(options.outputDirectory(), options.reportsDirectory());
        TestOutcomes outcomes = reportTests(compiled, results, junit, stage.run, reports);
        List<Diagnostic> testDiagnostics = new ArrayList<>(outcomes.diagnostics());
        testDiagnostics.addAll(layout.check(stage.checked.ruleFileStems()));
        List<Diagnostic> diagnostics = stage.checked.diagnostics(compiled, testDiagnostics);
        // errors found before testing withhold the reports; failing cases and fixture errors are what they report
        List<Diagnostic> blocking = new ArrayList<>(stage.checked.diagnostics(compiled, List.of()).stream().filter(Diagnostic::isError).toList());
        diagnostics.stream().filter(d -> !d.isError()).forEach(blocking::add);
        Optional<String> withheld = stage.outputs.withheldBecause(blocking);
        List<Path> written = new ArrayList<>();
        if (withheld.isEmpty()) {
            if (stage.outputs.commit(reports.staged(), "the test reports")) {
                written.addAll(reports.committed());
            } else {
                withheld = Optional.of("they could not be written");
            }
        }
        List<String> notes = new ArrayList<>();
        if (verdicts.engine().isPresent()) {
            notes.add(StageLines.verdictsDecidedBy(verdicts.source().description()));
        }
        notes.add(StageLines.testReports(diagnostics, withheld, options.reportsDirectory()));
        notes.add(stage.incrementalLine());
        // failures are never recorded, so every failing case is in this run's results
        List<CaseResult> failedCases = results.stream().flatMap(r -> r.rules().stream())
                .flatMap(r -> r.failures().stream()).toList();
        return stage.finish(diagnostics, new TestedRules(outcomes.tested()), stage.withBaseline(notes, compiled, testDiagnostics),
                written, failedCases);
    }

    /** The rules whose verdicts were known when the engine failed at rule {@code failedAt}: run before, or up to date. */
    private static List<String> decided(List<RuleCompilation> compiled, int failedAt) {
        List<String> decided = new ArrayList<>();
        for (int i = 0; i < compiled.size(); i++) {
            RuleCompilation c = compiled.get(i);
            if (i < failedAt && c.compiled().isPresent() || c.replayed().isPresent()) {
                decided.add(c.ruleFile());
            }
        }
        return decided;
    }

    /** The rules still to be run when the engine failed at rule {@code failedAt}, that one included. */
    private static List<String> undecided(List<RuleCompilation> compiled, int failedAt) {
        return compiled.subList(failedAt, compiled.size()).stream().filter(c -> c.compiled().isPresent())
                .map(RuleCompilation::ruleFile).toList();
    }

    /** Tests one rule; a fault in ruleforge becomes an error at the rule file, and the other rules are still tested. */
    private static TestRunResult runGuarded(RuleTestRunner runner, RuleCompilation c) {
        try {
            return runner.run(List.of(c.compiled().orElseThrow()));
        } catch (EngineException e) {
            throw e;
        } catch (RuntimeException e) {
            return new TestRunResult(List.of(), List.of(InternalErrors.diagnostic(c.ruleFile(), "testing this rule", e)));
        }
    }

    /**
     * Every rule's test, in rule order, run now or replayed.
     *
     * @param tested      the summary of each tested rule
     * @param diagnostics what testing found (fixtures, untestable rules, disagreements)
     */
    private record TestOutcomes(List<RuleTestSummary> tested, List<Diagnostic> diagnostics) {
    }

    /**
     * Renders the reports of the rules tested now into {@code reports}, to be recorded (those that passed) once
     * written; keeps the reports of the others and takes their results from the state.
     */
    private static TestOutcomes reportTests(List<RuleCompilation> compiled, List<TestRunResult> results, JUnitXmlReport junit,
                                            IncrementalRun run, OutputFolder reports) {
        List<RuleTestSummary> tested = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (int i = 0; i < compiled.size(); i++) {
            RuleCompilation c = compiled.get(i);
            if (c.replayed().isPresent()) {
                diagnostics.addAll(c.replayed().get().testDiagnostics());
                c.replayed().get().testSummary().ifPresent(tested::add);
                reports.keep(c.replayed().get().outputs());
                continue;
            }
            TestRunResult result = results.get(i);
            diagnostics.addAll(result.diagnostics());
            List<OutputFile> outputs = new ArrayList<>();
            Optional<RuleTestSummary> summary = Optional.empty();
            for (RuleTestResult rule : result.rules()) {
                outputs.add(reports.add(JUnitXmlReport.fileName(rule), junit.render(rule)));
                summary = Optional.of(RuleTestSummary.of(rule));
                tested.add(summary.get());
            }
            boolean failed = result.failed() || result.diagnostics().stream().anyMatch(Diagnostic::isError);
            if (c.isRecordable() && !failed) {
                RuleRecord record = c.record(result.diagnostics(), outputs, summary);
                reports.pending(() -> run.record(c.ruleFile(), record));
            }
        }
        return new TestOutcomes(tested, diagnostics);
    }
}
