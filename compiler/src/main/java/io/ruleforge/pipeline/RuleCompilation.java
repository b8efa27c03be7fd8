package io.ruleforge.pipeline;

import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.report.RuleTestSummary;
import io.ruleforge.rule.Rule;
import io.ruleforge.state.OutputFile;
import io.ruleforge.state.RuleRecord;

import java.util.List;
import java.util.Optional;

/**
 * One rule file through a stage's compilation: compiled in this run, or replayed from the state because nothing
 * it depends on changed.
 *
 * <p>Failures are never recorded, so never replayed: a rule with an error (or, in the test stage, a failing case)
 * is recomputed on every run, as Gradle reruns a failed task. It is the rule being worked on, so this costs
 * little, and a failure can never outlive its cause through an input the fingerprint missed. Warnings are
 * recorded and replayed, so {@code failOnWarning} sees them on every run.
 *
 * @param fingerprint what the stage's results for this rule depend on
 * @param compiled    the compiled rule, when compiled in this run without error
 * @param diagnostics what compiling it reported (now, or when it was recorded)
 * @param replayed    the record replayed, when the rule was up to date
 */
record RuleCompilation(Rule rule, String fingerprint, Optional<CompiledRule> compiled, List<Diagnostic> diagnostics,
                       Optional<RuleRecord> replayed) {

    RuleCompilation {
        diagnostics = List.copyOf(diagnostics);
    }

    static RuleCompilation computed(Rule rule, String fingerprint, Optional<CompiledRule> compiled, List<Diagnostic> diagnostics) {
        return new RuleCompilation(rule, fingerprint, compiled, diagnostics, Optional.empty());
    }

    static RuleCompilation replay(Rule rule, RuleRecord record) {
        return new RuleCompilation(rule, record.fingerprint(), Optional.empty(), record.compileDiagnostics(), Optional.of(record));
    }

    /**
     * Without the compiled rule, and with the rule's document {@linkplain Rule#released() released}: what a stage
     * that reports findings only keeps (how it was found is kept).
     */
    RuleCompilation findingsOnly() {
        Rule light = rule.released();
        return compiled.isEmpty() && light == rule ? this : new RuleCompilation(light, fingerprint, Optional.empty(), diagnostics, replayed);
    }

    boolean isRecomputed() {
        return replayed.isEmpty();
    }

    String ruleFile() {
        return rule.displayPath();
    }

    /** Whether this run's result may be recorded: computed now, and without error. */
    boolean isRecordable() {
        return isRecomputed() && diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    /** The record of a stage that wrote {@code outputs} for this rule and did not test it. */
    RuleRecord record(List<OutputFile> outputs) {
        return new RuleRecord(fingerprint, diagnostics, List.of(), outputs, null);
    }

    /** The record of the test stage. */
    RuleRecord record(List<Diagnostic> testDiagnostics, List<OutputFile> outputs, Optional<RuleTestSummary> test) {
        return new RuleRecord(fingerprint, diagnostics, testDiagnostics, outputs, test.orElse(null));
    }
}
