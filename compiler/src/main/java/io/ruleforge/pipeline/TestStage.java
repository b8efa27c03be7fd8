package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.InternalErrors;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.evaluate.engine.EngineException;
import io.ruleforge.files.Sha256;
import io.ruleforge.files.Spool;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.harness.ChosenVerdictSource;
import io.ruleforge.harness.FixtureLayout;
import io.ruleforge.harness.FixtureLoader;
import io.ruleforge.harness.HarnessCodes;
import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.RuleTestRunner;
import io.ruleforge.harness.TestRunResult;
import io.ruleforge.report.JUnitXmlReport;
import io.ruleforge.report.RuleTestSummary;
import io.ruleforge.report.StageLines;
import io.ruleforge.report.TestedRules;
import io.ruleforge.rule.Rule;
import io.ruleforge.state.OutputFile;
import io.ruleforge.state.RuleRecord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Runs every compiled rule on its fixtures and writes JUnit XML reports to {@code <out>/reports/}. Rules with errors
 * are not tested; their errors fail the report. Rules whose inputs (the rule, its fixtures, what decides the
 * verdicts) did not change are not run again: their recorded results are reported.
 *
 * <p>Failing cases are what the reports are for, so they are written then too; a run that fails for errors before
 * testing, or for warnings when warnings fail the build, writes none. Reports are switched in all together, and
 * those of rules that no longer exist go.
 *
 * <p>Each rule is tested as soon as its chunk is compiled, while its document is loaded, and of it the run keeps only
 * a {@link TestedRule}: its report goes to a spool beside the reports folder, so the run's memory grows with the
 * largest rule and its fixtures, not with the rule count.
 */
final class TestStage {

    private static final String NOT_TESTED = "no rule was tested: the build stops at its findings";

    private final StageContext context;

    TestStage(StageContext context) {
        this.context = context;
    }

    StageReport run() {
        // reports are spooled as the rules are tested, and moved into the reports folder when it is switched in
        try (Spool spool = new Spool(context.options().reportsDirectory())) {
            return run(spool);
        }
    }

    private StageReport run(Spool spool) {
        RuleforgeOptions options = context.options();
        StageRun.Opened opened = StageRun.open(context, "test");
        ChosenVerdictSource verdicts = ChosenVerdictSource.of(options.engineUrl(), options.engineSettings(), context.fieldTypes().indexBase(), System.getenv());
        InputFingerprints inputs = context.fingerprints();
        Function<Rule, String> fingerprint = rule -> inputs.ofTest(rule, verdicts.identity());
        FixtureLayout layout = new FixtureLayout(options.fixturesDirectory(), options.displayBase());
        Optional<Diagnostic> noFixtures = layout.missingDirectory();
        if (noFixtures.isPresent()) {
            // as with a missing rules directory: an error, not every rule untested
            StageRun<RuleCompilation> stage = opened.check(fingerprint, RuleCompilation::findingsOnly);
            List<Diagnostic> findings = stage.checked.diagnostics(stage.compiled, List.of(noFixtures.get()));
            return stage.stop(findings, List.of(StageLines.fixturesNotRun(noFixtures.get().message())),
                    stage.outputs.withholdTestReports(options.reportsDirectory(), findings, NOT_TESTED));
        }
        RuleTestRunner runner = new RuleTestRunner(verdicts.source(), new FixtureLoader(options.fixturesDirectory(), options.displayBase()),
                options.kibanaVersion(), context.exceptions().lists());
        JUnitXmlReport junit = verdicts.engine().isPresent() ? new JUnitXmlReport(verdicts.source().description()) : new JUnitXmlReport();
        StageRun<TestedRule> stage = opened.checkInChunks(fingerprint, new ChunkTester(runner, junit, spool)::take, TestedRule::replayed);
        List<TestedRule> tested = stage.compiled;
        List<RuleCompilation> compiled = tested.stream().map(TestedRule::compilation).toList();
        OptionalInt failedAt = IntStream.range(0, tested.size()).filter(i -> tested.get(i).engineFailure().isPresent()).findFirst();
        if (failedAt.isPresent()) {
            List<Diagnostic> failed = new ArrayList<>(stage.checked.diagnostics(compiled, List.of()));
            failed.add(verdicts.unavailable(tested.get(failedAt.getAsInt()).engineFailure().orElseThrow(),
                    decided(tested, failedAt.getAsInt()), undecided(tested, failedAt.getAsInt())));
            // nothing is recorded: the rules tested before the engine failed have no reports yet; the SARIF says why
            return stage.stop(failed, List.of(StageLines.fixturesNotRun("the engine failed")),
                    stage.outputs.withholdTestReports(options.reportsDirectory(), failed,
                            "no rule's report is written: the engine failed (the finding names the rules it decided before)"));
        }
        OutputFolder reports = new OutputFolder(options.outputDirectory(), options.reportsDirectory());
        TestOutcomes outcomes = reportTests(tested, stage.run, reports);
        List<Diagnostic> testDiagnostics = new ArrayList<>(outcomes.diagnostics());
        testDiagnostics.addAll(layout.check(stage.checked.ruleFileStems()));
        if (outcomes.tested().stream().allMatch(r -> r.status() == RuleTestResult.Status.UNTESTED)) {
            // no green build without evidence: untested rules are warnings beside tested ones, but a run that tested
            // none shows nothing at all
            testDiagnostics.add(Diagnostic.error(HarnessCodes.NO_RULE_TESTED, SourcePosition.ofFile(context.display(options.fixturesDirectory())),
                    "no rule was tested" + (outcomes.tested().isEmpty() ? "" : " (" + outcomes.tested().size() + " untested)")
                            + ": nothing shows that any rule fires on its attack or stays quiet on look-alikes"));
        }
        List<Diagnostic> diagnostics = stage.checked.diagnostics(compiled, testDiagnostics);
        // errors found before testing withhold the reports; failing cases and fixture errors are what they report
        List<Diagnostic> blocking = new ArrayList<>(stage.checked.diagnostics(compiled, List.of()).stream().filter(Diagnostic::isError).toList());
        diagnostics.stream().filter(d -> !d.isError()).forEach(blocking::add);
        Optional<String> withheld = stage.outputs.withheldBecause(blocking);
        List<Path> written = new ArrayList<>();
        if (withheld.isPresent()) {
            written.addAll(stage.outputs.withholdTestReports(options.reportsDirectory(), blocking,
                    "the rules without such findings were tested; no rule's report is written: the build stops at its findings"));
        }
        if (withheld.isEmpty() && spool.failure().isPresent()) {
            // the spool is beside the reports folder: what kept it from being written keeps the folder from it too
            stage.outputs.write(() -> {
                throw spool.failure().get();
            }, "the test reports");
            withheld = Optional.of("they could not be written");
        }
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
        notes.add(StageLines.testReports(stage.outputs.withWriteFailures(diagnostics), withheld, options.reportsDirectory(),
                !written.isEmpty()));
        notes.add(stage.incrementalLine());
        // failures are never recorded, so every failing case is in this run's results
        List<CaseResult> failedCases = tested.stream().flatMap(t -> t.run().stream()).flatMap(r -> r.failedCases().stream()).toList();
        return stage.finish(diagnostics, new TestedRules(outcomes.tested()), stage.withBaseline(notes, compiled, testDiagnostics, true),
                written, failedCases);
    }

    /**
     * Tests a chunk's rules compiled now, in rule order, rendering each one's report into the spool and keeping of it
     * only a {@link TestedRule}. Once the engine fails at a rule, no later rule is tested — unless that rule may still
     * be replayed: it would then not have been tested at all, so the engine's failure counts only if it is not.
     */
    private static final class ChunkTester {

        private final RuleTestRunner runner;
        private final JUnitXmlReport junit;
        private final Spool spool;
        private boolean engineFailed;

        ChunkTester(RuleTestRunner runner, JUnitXmlReport junit, Spool spool) {
            this.runner = runner;
            this.junit = junit;
            this.spool = spool;
        }

        List<TestedRule> take(List<RuleCompilation> compiled, List<Boolean> mayBeReplayed) {
            List<TestedRule> kept = new ArrayList<>(compiled.size());
            for (int i = 0; i < compiled.size(); i++) {
                RuleCompilation c = compiled.get(i);
                if (c.compiled().isEmpty()) {
                    kept.add(TestedRule.ran(c, TestedRule.Run.NOTHING));
                } else if (engineFailed) {
                    kept.add(TestedRule.notRun(c, Optional.empty()));
                } else {
                    try {
                        kept.add(TestedRule.ran(c, rendered(runGuarded(runner, c))));
                    } catch (EngineException e) {
                        engineFailed = !mayBeReplayed.get(i);
                        kept.add(TestedRule.notRun(c, Optional.of(e)));
                    }
                }
            }
            return kept;
        }

        /** What the reports and the build state need of a rule's run, its report rendered into the spool. */
        private TestedRule.Run rendered(TestRunResult result) {
            List<TestedRule.Report> rendered = new ArrayList<>();
            for (RuleTestResult rule : result.rules()) {
                byte[] bytes = junit.render(rule).getBytes(StandardCharsets.UTF_8);
                rendered.add(new TestedRule.Report(JUnitXmlReport.fileName(rule), spool.write(bytes), Sha256.hex(bytes),
                        RuleTestSummary.of(rule)));
            }
            boolean failed = result.failed() || result.diagnostics().stream().anyMatch(Diagnostic::isError);
            List<CaseResult> failedCases = result.rules().stream().flatMap(r -> r.failures().stream()).toList();
            return new TestedRule.Run(result.diagnostics(), rendered, failed, failedCases);
        }
    }

    /** The rules whose verdicts were known when the engine failed at rule {@code failedAt}: run before, or up to date. */
    private static List<String> decided(List<TestedRule> tested, int failedAt) {
        List<String> decided = new ArrayList<>();
        for (int i = 0; i < tested.size(); i++) {
            TestedRule t = tested.get(i);
            if (i < failedAt && t.compiled() || t.compilation().replayed().isPresent()) {
                decided.add(t.compilation().ruleFile());
            }
        }
        return decided;
    }

    /** The rules still to be run when the engine failed at rule {@code failedAt}, that one included. */
    private static List<String> undecided(List<TestedRule> tested, int failedAt) {
        return tested.subList(failedAt, tested.size()).stream().filter(TestedRule::compiled)
                .map(t -> t.compilation().ruleFile()).toList();
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
     * Puts the spooled reports of the rules tested now into {@code reports}, to be recorded (those that passed) once
     * written; keeps the reports of the others and takes their results from the state.
     */
    private static TestOutcomes reportTests(List<TestedRule> testedRules, IncrementalRun run, OutputFolder reports) {
        List<RuleTestSummary> tested = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        for (TestedRule t : testedRules) {
            RuleCompilation c = t.compilation();
            if (c.replayed().isPresent()) {
                diagnostics.addAll(c.replayed().get().testDiagnostics());
                c.replayed().get().testSummary().ifPresent(tested::add);
                reports.keep(c.replayed().get().outputs());
                continue;
            }
            TestedRule.Run result = t.run().orElseThrow(() -> new IllegalStateException("not tested: " + c.ruleFile()));
            diagnostics.addAll(result.diagnostics());
            List<OutputFile> outputs = new ArrayList<>();
            Optional<RuleTestSummary> summary = Optional.empty();
            for (TestedRule.Report report : result.reports()) {
                // a report the spool could not take is not added: the spool's failure withholds every report
                report.spooled().ifPresent(file -> outputs.add(reports.add(report.fileName(), file, report.sha256())));
                summary = Optional.of(report.summary());
                tested.add(report.summary());
            }
            if (c.isRecordable() && !result.failed()) {
                RuleRecord record = c.record(result.diagnostics(), outputs, summary);
                reports.pending(() -> run.record(c.ruleFile(), record));
            }
        }
        return new TestOutcomes(tested, diagnostics);
    }
}
