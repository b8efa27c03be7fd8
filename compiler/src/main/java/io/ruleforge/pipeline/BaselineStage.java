package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.OutputCodes;
import io.ruleforge.files.OutputException;
import io.ruleforge.harness.FixtureLayout;
import io.ruleforge.report.Baseline;
import io.ruleforge.report.StageLines;

import java.util.ArrayList;
import java.util.List;

/**
 * Records today's warnings in {@link Baseline#FILE_NAME} beside the rules, for a team adopting ruleforge on an
 * existing repository; later runs report only warnings not in it. Errors are not recorded: they must be fixed. The
 * rules are tested as {@code test} tests them (writing its reports), so the test stage's warnings — a rule without
 * fixtures or without a positive — are recorded too: they are the ones a team adopting ruleforge has most of.
 */
final class BaselineStage {

    private BaselineStage() {
    }

    static StageReport run(StageContext context) {
        List<Diagnostic> all;
        if (new FixtureLayout(context.options().fixturesDirectory(), context.options().displayBase()).missingDirectory().isPresent()) {
            // no fixtures to test: the findings of validation and compilation (test would stop at the missing folder)
            CheckedRules checked = new RuleChecks(context.withoutBaseline()).check();
            all = checked.allDiagnostics(new IncrementalCompiler(context.compiler()).findingsOfAll(checked), List.of());
        } else {
            // the test stage reports every finding of every stage; without the baseline applied, all of them
            all = new TestStage(context.withoutBaseline()).run().diagnostics();
        }
        RunOutputs outputs = RunOutputs.open(context.options());
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
