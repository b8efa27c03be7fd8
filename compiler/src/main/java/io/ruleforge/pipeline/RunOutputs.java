package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DisplayPaths;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.files.OutputCodes;
import io.ruleforge.files.OutputException;
import io.ruleforge.files.StagedOutputs;
import io.ruleforge.report.JUnitXmlReport;
import io.ruleforge.report.SarifReport;
import io.ruleforge.report.StageLines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything one run of a stage writes below the output directory — its outputs, its build state, its SARIF —
 * and what went wrong writing it, as diagnostics naming the path and the reason (README, "Outputs").
 *
 * <p>A run that fails for errors, or for warnings when warnings fail the build, writes no outputs, so the previous
 * ones stay as the last good run left them; findings (SARIF) and the build state are written whatever the outcome.
 * An output directory that cannot be used gets one diagnostic, and then nothing is written at all.
 */
final class RunOutputs {

    private final RuleforgeOptions options;
    private final Optional<Diagnostic> unusable;
    private final List<Diagnostic> failures = new ArrayList<>();
    /** How many of the failures a summary line has counted ({@link #withWriteFailures}). */
    private int tallied;

    private RunOutputs(RuleforgeOptions options, Optional<Diagnostic> unusable) {
        this.options = options;
        this.unusable = unusable;
    }

    /** Checks, before any work, that the output directory can be created and written to. */
    static RunOutputs open(RuleforgeOptions options) {
        Path directory = options.outputDirectory();
        try {
            StagedOutputs.ensureDirectory(directory);
            Files.delete(Files.createTempFile(directory, ".ruleforge-probe", ".tmp"));
            return new RunOutputs(options, Optional.empty());
        } catch (OutputException e) {
            return new RunOutputs(options, Optional.of(unwritable(options, e.path(), "the output directory", e.reason())));
        } catch (IOException e) {
            OutputException named = OutputException.of(directory, e);
            return new RunOutputs(options, Optional.of(unwritable(options, named.path(), "the output directory", named.reason())));
        }
    }

    /**
     * Why this run must not write its outputs, if it must not: the output directory cannot be used, or the findings
     * fail the build.
     */
    Optional<String> withheldBecause(List<Diagnostic> findings) {
        if (unusable.isPresent()) {
            return Optional.of("the output directory cannot be written");
        }
        long errors = findings.stream().filter(Diagnostic::isError).count();
        long warnings = findings.stream().filter(d -> d.severity() == Severity.WARNING).count();
        if (errors > 0) {
            return Optional.of(errors + " error" + StageLines.plural(errors));
        }
        if (options.failOnWarning() && warnings > 0) {
            return Optional.of(warnings + " warning" + StageLines.plural(warnings) + " and warnings fail this build");
        }
        return Optional.empty();
    }

    /**
     * Replaces the test reports of an earlier run by one report of the findings that withheld this run's
     * ({@link JUnitXmlReport#renderWithheld}): a CI system that shows the reports of a failed build then shows why it
     * failed, never the last green run's reports. Nothing when the output directory cannot be used. The next run
     * tests again the rules whose reports this removed (their records point at reports no longer there).
     *
     * @param outcome what became of the rules, written with each finding
     * @return the report written; none when it could not be
     */
    List<Path> withholdTestReports(Path reportsDirectory, List<Diagnostic> findings, String outcome) {
        if (unusable.isPresent()) {
            return List.of();
        }
        List<Diagnostic> shown = findings.stream().filter(Diagnostic::isError).toList();
        if (shown.isEmpty()) {
            shown = findings.stream().filter(d -> d.severity() == Severity.WARNING).toList(); // warnings fail this build
        }
        boolean written = commit(new StagedOutputs().directory(reportsDirectory, Map.of(JUnitXmlReport.WITHHELD_FILE,
                JUnitXmlReport.renderWithheld(shown, outcome).getBytes(StandardCharsets.UTF_8))), "the test reports");
        return written ? List.of(reportsDirectory.resolve(JUnitXmlReport.WITHHELD_FILE)) : List.of();
    }

    /**
     * Switches staged outputs in.
     *
     * @param what what they are, for the message, e.g. {@code the bundle}
     * @return whether they were written; when not, the previous outputs are intact and a diagnostic says why
     */
    boolean commit(StagedOutputs staged, String what) {
        return write(() -> {
            staged.commit();
            return true;
        }, what).isPresent();
    }

    /** Runs {@code writing}; when it cannot write, its result is empty and a diagnostic names the path. */
    <T> Optional<T> write(Supplier<T> writing, String what) {
        if (unusable.isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(writing.get());
        } catch (OutputException e) {
            failures.add(unwritable(options, e.path(), what, e.reason()));
            return Optional.empty();
        }
    }

    /** Whether the output directory can be written (when not, one finding says why and nothing is written). */
    boolean usable() {
        return unusable.isEmpty();
    }

    /**
     * The findings with what could not be written so far (the output directory, an output), for the summary lines: a
     * run that failed to write says so in its tally too.
     */
    List<Diagnostic> withWriteFailures(List<Diagnostic> findings) {
        tallied = failures.size();
        if (unusable.isEmpty() && failures.isEmpty()) {
            return findings;
        }
        List<Diagnostic> all = new ArrayList<>(findings);
        unusable.ifPresent(all::add);
        all.addAll(failures);
        return all;
    }

    /** Records what the run did for the next one. */
    void save(IncrementalRun run) {
        write(() -> {
            run.save();
            return true;
        }, "the build state");
    }

    /**
     * The stage's report with every writing failure among its findings, after writing its findings as SARIF
     * ({@code <out>/ruleforge.sarif}) for code-scanning UIs.
     */
    StageReport finish(StageReport report) {
        return finish(report, List.of());
    }

    /** As above, with the fixture cases that failed, each an error at its fixture line in the SARIF. */
    StageReport finish(StageReport report, List<CaseResult> failedCases) {
        List<Path> written = new ArrayList<>();
        // what could not be written is a finding like any other
        List<Diagnostic> findings = new ArrayList<>(report.diagnostics());
        findings.addAll(failures);
        write(() -> new SarifReport(options.displayBase()).write(findings, failedCases, options.outputDirectory()), "the findings (SARIF)")
                .ifPresent(written::add);
        List<Diagnostic> diagnostics = new ArrayList<>();
        unusable.ifPresent(diagnostics::add);
        diagnostics.addAll(failures);
        // the build state and the SARIF are written after the summary lines: what failed then is counted here
        int late = failures.size() - tallied;
        List<String> notes = late == 0 ? List.of() : List.of("and " + late + " error" + StageLines.plural(late)
                + " writing " + (late == 1 ? "an output" : "outputs") + " after that (" + OutputCodes.UNWRITABLE + " above)");
        return report.with(diagnostics, written, notes);
    }

    private static Diagnostic unwritable(RuleforgeOptions options, Path path, String what, String reason) {
        return Diagnostic.error(OutputCodes.UNWRITABLE, SourcePosition.ofFile(DisplayPaths.of(options.displayBase(), path)),
                "cannot write " + what + ": " + reason);
    }
}
