package io.ruleforge.pipeline;

import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.replay.ReplayRun;
import io.ruleforge.replay.Replayer;

import io.ruleforge.diag.Severity;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

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
        List<Diagnostic> diagnostics = new ArrayList<>(checked.diagnostics(compiled, List.of()));
        ReplayRun.Outcome outcome = ReplayRun.run(rules, refused(checked, diagnostics, rules), forVersion, context.options().outputDirectory(),
                context.options().displayBase(), progress);
        diagnostics.addAll(outcome.diagnostics());
        return outputs.finish(new StageReport("replay", diagnostics, outcome.summary(), outcome.written()));
    }

    /**
     * The rule files with an error that left them out (a file that does not load, a schema or query error): file →
     * its first error, for the reports' "not replayed". Errors elsewhere (the lock file, a mapping) name no rule.
     */
    private static Map<String, String> refused(CheckedRules checked, List<Diagnostic> diagnostics, List<CompiledRule> compiled) {
        Set<String> replayed = compiled.stream().map(c -> c.rule().displayPath()).collect(Collectors.toSet());
        Set<String> ruleFiles = new HashSet<>();
        checked.validation().rules().forEach(r -> ruleFiles.add(r.displayPath()));
        checked.validation().rulesWithErrors().forEach(r -> ruleFiles.add(r.displayPath()));
        checked.loadAndSchema().forEach(d -> ruleFiles.add(d.position().file()));
        Map<String, String> refused = new TreeMap<>();
        for (Diagnostic d : diagnostics) {
            String file = d.position().file();
            if (d.severity() == Severity.ERROR && ruleFiles.contains(file) && !replayed.contains(file)) {
                refused.putIfAbsent(file, "the rule has errors (" + d.code() + (d.position().line() > 0 ? " at line "
                        + d.position().line() : "") + ": " + d.message() + ")");
            }
        }
        return refused;
    }
}
