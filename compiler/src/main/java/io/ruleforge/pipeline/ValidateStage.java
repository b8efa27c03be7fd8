package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.report.StageLines;

import java.util.List;

/** Loads, validates and compiles every rule; writes no output but the findings (SARIF). */
final class ValidateStage {

    private ValidateStage() {
    }

    static StageReport run(StageContext context) {
        StageRun<RuleCompilation> stage = StageRun.start(context, "validate", context.fingerprints()::ofSource,
                RuleCompilation::findingsOnly);
        List<RuleCompilation> compiled = stage.compiled;
        stage.recordCompiled(compiled);
        List<Diagnostic> diagnostics = stage.checked.diagnostics(compiled, List.of());
        int rules = stage.checked.validation().rules().size();
        List<String> notes = List.of(StageLines.validated(rules, stage.checked.filesFound(),
                stage.outputs.withWriteFailures(diagnostics)), stage.incrementalLine());
        return stage.finish(diagnostics, stage.withBaseline(notes, compiled), List.of());
    }
}
