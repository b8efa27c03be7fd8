package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.report.TestedRules;
import io.ruleforge.rule.Rule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The skeleton every build stage shares: open the outputs (before any work, so an unusable output directory is one
 * finding), check every rule, start the stage's incremental run, compile or replay each rule, and finish with the
 * summary, the build state and the SARIF.
 */
final class StageRun<T> {

    final StageContext context;
    final String stage;
    final RunOutputs outputs;
    final CheckedRules checked;
    final IncrementalRun run;
    /** What the stage kept of each valid rule's compilation, in the rules' order. */
    final List<T> compiled;

    private StageRun(Opened opened, CheckedRules checked, List<T> compiled) {
        this.context = opened.context();
        this.stage = opened.stage();
        this.outputs = opened.outputs();
        this.run = opened.run();
        this.checked = checked;
        this.compiled = List.copyOf(compiled);
    }

    /** A stage whose outputs are open (before any work, so an unusable output directory is one finding), not run yet. */
    record Opened(StageContext context, String stage, RunOutputs outputs, IncrementalRun run) {

        /**
         * Checks every rule and compiles or replays each valid one — when up to date for {@code fingerprint} — keeping
         * of each only what {@code keep} makes of it, right after the rule is compiled.
         */
        <T> StageRun<T> check(Function<Rule, String> fingerprint, Function<RuleCompilation, T> keep) {
            return check(fingerprint, keep, RuleChecks.Documents.RELEASED);
        }

        /** As above, keeping of the checked rules' documents what {@code documents} says. */
        <T> StageRun<T> check(Function<Rule, String> fingerprint, Function<RuleCompilation, T> keep, RuleChecks.Documents documents) {
            RuleChecks.Checked<T> done = new IncrementalCompiler(context.compiler())
                    .checkAndCompile(new RuleChecks(context, documents), run, fingerprint, keep);
            return new StageRun<>(this, done.checked(), done.perRule());
        }

        /**
         * As {@link #check}, handing each chunk's rules compiled now to {@code keepChunk}, in rule order on this
         * thread, while their documents are loaded; {@code keepReplayed} makes what is kept of each rule replayed.
         */
        <T> StageRun<T> checkInChunks(Function<Rule, String> fingerprint, IncrementalCompiler.ChunkWork<T> keepChunk,
                                      Function<RuleCompilation, T> keepReplayed) {
            RuleChecks.Checked<T> done = new IncrementalCompiler(context.compiler())
                    .checkAndCompileChunks(new RuleChecks(context), run, fingerprint, keepChunk, keepReplayed);
            return new StageRun<>(this, done.checked(), done.perRule());
        }
    }

    static Opened open(StageContext context, String stage) {
        RunOutputs outputs = RunOutputs.open(context.options());
        return new Opened(context, stage, outputs, IncrementalRun.start(stage, context.options()));
    }

    /** {@link #open}, then {@link Opened#check}. */
    static <T> StageRun<T> start(StageContext context, String stage, Function<Rule, String> fingerprint,
                                 Function<RuleCompilation, T> keep) {
        return open(context, stage).check(fingerprint, keep);
    }

    /** Records each rule compiled now without error, for a stage whose only per-rule output is its findings. */
    void recordCompiled(List<RuleCompilation> compiled) {
        compiled.stream().filter(RuleCompilation::isRecordable).forEach(c -> run.record(c.ruleFile(), c.record(List.of())));
    }

    /** {@code 5 rules: 1 recomputed, 4 up to date (…)}. */
    String incrementalLine() {
        return outputs.usable() ? run.summary(checked.ruleFiles()) : run.summaryWithoutState(checked.ruleFiles());
    }

    /** The notes, then how many baselined warnings remain when there is a baseline (a stage that does not test). */
    List<String> withBaseline(List<String> notes, List<RuleCompilation> compiled) {
        return withBaseline(notes, compiled, List.of(), false);
    }

    /** As above, for the test stage, with its own findings. */
    List<String> withBaseline(List<String> notes, List<RuleCompilation> compiled, List<Diagnostic> testDiagnostics, boolean tested) {
        List<String> lines = new ArrayList<>(notes);
        checked.baselineSummary(compiled, testDiagnostics, tested, context.display(context.baselineFile())).ifPresent(lines::add);
        return lines;
    }

    /** Saves the build state, then finishes the report with its SARIF. */
    StageReport finish(List<Diagnostic> diagnostics, List<String> notes, List<Path> written) {
        outputs.save(run);
        return outputs.finish(new StageReport(stage, diagnostics, notes, written));
    }

    /** As above, for the test stage: the rules it tested, and its failing cases as SARIF results. */
    StageReport finish(List<Diagnostic> diagnostics, TestedRules tests, List<String> notes, List<Path> written,
                       List<CaseResult> failedCases) {
        outputs.save(run);
        return outputs.finish(new StageReport(stage, diagnostics, Optional.of(tests), notes, written), failedCases);
    }

    /** A run that stopped before its stage's work: nothing is recorded, the SARIF says why. */
    StageReport stop(List<Diagnostic> diagnostics, List<String> notes) {
        return stop(diagnostics, notes, List.of());
    }

    /** As above, with the files the stopped run still wrote (the test stage's report of why it stopped). */
    StageReport stop(List<Diagnostic> diagnostics, List<String> notes, List<Path> written) {
        return outputs.finish(new StageReport(stage, diagnostics, notes, written));
    }
}
