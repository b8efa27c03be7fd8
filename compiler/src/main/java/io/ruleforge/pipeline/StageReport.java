package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.report.FindingGroups;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one entry point did: its findings, the summary lines to print, the files it wrote, and whether tests
 * failed. The CLI prints it; the Maven goals log it and fail the build on it.
 */
public record StageReport(String stage, List<Diagnostic> diagnostics, List<String> summary, List<Path> written,
                          boolean testsFailed) {

    public StageReport {
        diagnostics = List.copyOf(diagnostics);
        summary = List.copyOf(summary);
        written = List.copyOf(written);
    }

    public long count(Severity severity) {
        return diagnostics.stream().filter(d -> d.severity() == severity).count();
    }

    /** Whether the build must fail: an error, a failing test, or (when asked) a warning. */
    public boolean failed(boolean failOnWarning) {
        return testsFailed || count(Severity.ERROR) > 0 || (failOnWarning && count(Severity.WARNING) > 0);
    }

    /** Every line to show a user: the findings {@link FindingGroups} shows (with their fix hints), then the summary. */
    public List<String> lines() {
        return lines(false);
    }

    /** The lines to show; {@code quiet} shows errors only, and counts the rest. */
    public List<String> lines(boolean quiet) {
        List<String> lines = new ArrayList<>();
        FindingGroups groups = FindingGroups.of(diagnostics, quiet);
        for (Diagnostic d : groups.shown()) {
            lines.add(d.format());
            if (!d.hint().isEmpty()) {
                lines.add("    hint: " + d.hint());
            }
        }
        lines.addAll(groups.groupLines());
        lines.addAll(summary);
        return lines;
    }
}
