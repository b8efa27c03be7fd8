package io.ruleforge.pipeline;

import io.ruleforge.diag.Code;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.diag.DisplayPaths;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.OutputException;
import io.ruleforge.files.StagedOutputs;
import io.ruleforge.report.JUnitXmlReport;
import io.ruleforge.report.SarifReport;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A run refused before it started: an option names something that does not exist (a Kibana or ES|QL version, a
 * schema, a diff base) or an input every rule depends on does not read (a mapping file). The front end says why on
 * the console; this says it in the run's reports too, as a run whose errors withheld its outputs does (README,
 * "Outputs"): {@code <out>/ruleforge.sarif} holds the reason and {@code <out>/reports/} one report saying it, so a CI
 * system that shows the reports of a failed build shows why it failed, never the last green run's results.
 */
public final class RefusedRun {

    private RefusedRun() {
    }

    /**
     * Writes the reports of a refused run. Best effort: an output directory that cannot be written leaves the
     * console's message the only word, as it is for any run whose output directory is unusable.
     *
     * @param rulesDirectory where a reason that names no file of its own is placed
     * @param reason         the refusal; a mapping file's finding (its cause) keeps its file, line and column
     */
    public static void record(Path outputDirectory, Path displayBase, Path rulesDirectory, IllegalArgumentException reason) {
        Diagnostic finding = reason.getCause() instanceof DiagnosticException positioned ? positioned.diagnostic()
                : Diagnostic.error(Code.RF1008.id(), SourcePosition.ofFile(DisplayPaths.of(displayBase, rulesDirectory)),
                reason.getMessage());
        try {
            StagedOutputs.ensureDirectory(outputDirectory);
            new SarifReport(displayBase).write(List.of(finding), outputDirectory);
            new StagedOutputs().directory(outputDirectory.resolve(RuleforgeOptions.REPORTS_FOLDER), Map.of(JUnitXmlReport.WITHHELD_FILE,
                    JUnitXmlReport.renderWithheld(List.of(finding), "the run did not start: no rule was validated, compiled or tested")
                            .getBytes(StandardCharsets.UTF_8))).commit();
        } catch (OutputException unwritable) {
            // the console names the refusal already
        }
    }
}
