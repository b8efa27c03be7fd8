package io.ruleforge.pipeline;

import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.replay.ReplayRun;
import io.ruleforge.replay.Replayer;

import java.util.ArrayList;
import java.util.List;

/**
 * Replays recorded events through every rule that compiles ({@code replay} package): writes replay.md, replay.json
 * and optionally alerts.ndjson to the output directory; a rule over the alert budget is an error.
 */
final class ReplayStage {

    private ReplayStage() {
    }

    static StageReport run(StageContext context, ReplayRun.Request request, Replayer.ProgressListener progress) {
        RunOutputs outputs = RunOutputs.open(context.options());
        CheckedRules checked = new RuleChecks(context).check();
        List<RuleCompilation> compiled = new IncrementalCompiler(context.compiler()).compileAll(checked);
        List<CompiledRule> rules = compiled.stream().flatMap(c -> c.compiled().stream()).toList();
        // the run reproduces the Kibana release the rules were compiled for (--kibana / kibanaVersion)
        ReplayRun.Request forVersion = new ReplayRun.Request(request.events(), request.maxAlerts(), request.alerts(),
                request.options().withKibanaVersion(context.options().kibanaVersion()), request.indicators(), request.eventsIndex());
        ReplayRun.Outcome outcome = ReplayRun.run(rules, forVersion, context.options().outputDirectory(),
                context.options().displayBase(), progress);
        List<Diagnostic> diagnostics = new ArrayList<>(checked.diagnostics(compiled, List.of()));
        diagnostics.addAll(outcome.diagnostics());
        return outputs.finish(new StageReport("replay", diagnostics, outcome.summary(), outcome.written()));
    }
}
