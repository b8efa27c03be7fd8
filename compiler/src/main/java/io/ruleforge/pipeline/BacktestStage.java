package io.ruleforge.pipeline;

import io.ruleforge.backtest.BacktestRun;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs every rule that compiles on the team's cluster over a time range, read-only ({@code backtest} package): writes
 * backtest.md and backtest.json to the output directory; a rule the cluster rejects is an error.
 */
final class BacktestStage {

    private BacktestStage() {
    }

    static StageReport run(StageContext context, BacktestRun.Request request) {
        // the range is checked before anything is compiled or written: a bad --from is bad usage
        request.range();
        RunOutputs outputs = RunOutputs.open(context.options());
        CheckedRules checked = new RuleChecks(context).check();
        List<RuleCompilation> compiled = new IncrementalCompiler(context.compiler()).compileAll(checked);
        List<CompiledRule> rules = compiled.stream().flatMap(c -> c.compiled().stream()).toList();
        BacktestRun.Outcome outcome = BacktestRun.run(rules, request, context.options().outputDirectory(),
                context.options().displayBase());
        List<Diagnostic> diagnostics = new ArrayList<>(checked.diagnostics(compiled, List.of()));
        diagnostics.addAll(outcome.diagnostics());
        return outputs.finish(new StageReport("backtest", diagnostics, outcome.summary(), outcome.written()));
    }
}
