package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.OutputCodes;
import io.ruleforge.files.OutputException;
import io.ruleforge.report.Baseline;
import io.ruleforge.report.StageLines;

import java.util.ArrayList;
import java.util.List;

/**
 * Records today's warnings in {@link Baseline#FILE_NAME} beside the rules, for a team adopting ruleforge on an
 * existing repository; later runs report only warnings not in it. Errors are not recorded: they must be fixed.
 */
final class BaselineStage {

    private BaselineStage() {
    }

    static StageReport run(StageContext context) {
        RunOutputs outputs = RunOutputs.open(context.options());
        CheckedRules checked = new RuleChecks(context).check();
        List<Diagnostic> all = checked.allDiagnostics(new IncrementalCompiler(context.compiler()).findingsOfAll(checked), List.of());
        List<Diagnostic> errors = all.stream().filter(Diagnostic::isError).toList();
        String display = context.display(context.baselineFile());
        try {
            Baseline.write(context.baselineFile(), all, context::baselineName);
        } catch (OutputException e) {
            List<Diagnostic> failed = new ArrayList<>(errors);
            failed.add(Diagnostic.error(OutputCodes.UNWRITABLE, SourcePosition.ofFile(display), "cannot write the baseline: " + e.reason()));
            return outputs.finish(new StageReport("baseline", failed, List.of(StageLines.baselineNotWritten()), List.of()));
        }
        long warnings = all.stream().filter(d -> d.severity() == Severity.WARNING).count();
        return outputs.finish(new StageReport("baseline", errors, List.of(StageLines.baselineWritten(warnings, display, !errors.isEmpty())),
                List.of(context.baselineFile())));
    }
}
