package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.report.ConsoleSummary;
import io.ruleforge.report.FindingGroups;
import io.ruleforge.report.TestedRules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one entry point did, as data: its findings, the rules it tested (the test stage), its other summary lines,
 * and the files it wrote. The CLI prints it ({@link #lines}); the Maven goals log it from the records and fail the
 * build on it.
 *
 * @param tests the test stage's result per rule; empty for the other stages and when no fixture could be run
 * @param notes the summary lines after the tested rules (what was written, the build state, the baseline)
 */
public record StageReport(String stage, List<Diagnostic> diagnostics, Optional<TestedRules> tests, List<String> notes,
                          List<Path> written) {

    public StageReport {
        diagnostics = List.copyOf(diagnostics);
        notes = List.copyOf(notes);
        written = List.copyOf(written);
    }

    /** A stage that tests nothing. */
    public StageReport(String stage, List<Diagnostic> diagnostics, List<String> notes, List<Path> written) {
        this(stage, diagnostics, Optional.empty(), notes, written);
    }

    public long count(Severity severity) {
        return diagnostics.stream().filter(d -> d.severity() == severity).count();
    }

    public boolean testsFailed() {
        return tests.map(TestedRules::anyFailed).orElse(false);
    }

    /** Whether the build must fail: an error, a failing test, or (when asked) a warning. */
    public boolean failed(boolean failOnWarning) {
        return testsFailed() || count(Severity.ERROR) > 0 || (failOnWarning && count(Severity.WARNING) > 0);
    }

    /** The summary as printed: each tested rule's block and the total, then the notes. */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        tests.ifPresent(t -> lines.addAll(new ConsoleSummary().lines(t.rules())));
        lines.addAll(notes);
        return lines;
    }

    /** Every line to show a user: the findings {@link FindingGroups} shows (with their fix hints), then the summary. */
    public List<String> lines() {
        return lines(false, false);
    }

    /**
     * The lines to show; {@code quiet} shows errors only, and counts the rest — with {@code warningsFail}, the warnings
     * too: they fail the build.
     */
    public List<String> lines(boolean quiet, boolean warningsFail) {
        List<String> lines = new ArrayList<>();
        FindingGroups groups = FindingGroups.of(diagnostics, quiet, warningsFail);
        for (Diagnostic d : groups.shown()) {
            lines.addAll(FindingGroups.withHint(d));
        }
        lines.addAll(groups.groupLines());
        lines.addAll(summary());
        return lines;
    }

    /** This report with more findings (e.g. what could not be written), more files written and more summary lines. */
    StageReport with(List<Diagnostic> moreDiagnostics, List<Path> moreWritten, List<String> moreNotes) {
        List<Diagnostic> all = new ArrayList<>(diagnostics);
        all.addAll(moreDiagnostics);
        List<Path> files = new ArrayList<>(written);
        files.addAll(moreWritten);
        List<String> lines = new ArrayList<>(notes);
        lines.addAll(moreNotes);
        return new StageReport(stage, all, tests, lines, files);
    }
}
