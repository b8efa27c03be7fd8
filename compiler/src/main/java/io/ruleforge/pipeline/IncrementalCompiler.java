package io.ruleforge.pipeline;

import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.InternalErrors;
import io.ruleforge.rule.Rule;
import io.ruleforge.state.RuleRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Compiles each valid rule, or replays it when an {@link IncrementalRun} has it up to date: the incremental
 * bookkeeping every stage shares.
 */
final class IncrementalCompiler {

    private final RuleCompiler compiler;

    IncrementalCompiler(RuleCompiler compiler) {
        this.compiler = compiler;
    }

    /**
     * @param fingerprint what the stage's results for a rule depend on; a rule whose fingerprint and outputs match its
     *                    record is replayed
     */
    List<RuleCompilation> compileEach(CheckedRules checked, IncrementalRun run, Function<Rule, String> fingerprint) {
        List<RuleCompilation> compiled = new ArrayList<>();
        Set<String> shared = checked.sharedFileStems();
        for (Rule rule : checked.validation().rules()) {
            String inputs = fingerprint.apply(rule);
            Optional<RuleRecord> upToDate = shared.contains(rule.fileStem()) ? Optional.empty() : run.upToDate(rule.displayPath(), inputs);
            if (upToDate.isPresent()) {
                compiled.add(RuleCompilation.replay(rule, upToDate.get()));
            } else {
                List<Diagnostic> diagnostics = new ArrayList<>();
                Optional<CompiledRule> result;
                try {
                    result = compiler.compile(rule, diagnostics);
                } catch (RuntimeException e) {
                    // a fault in ruleforge: an error at the rule being compiled, and the other rules still are
                    diagnostics.add(InternalErrors.diagnostic(rule.displayPath(), "compiling this rule", e));
                    result = Optional.empty();
                }
                compiled.add(RuleCompilation.computed(rule, inputs, result, diagnostics));
            }
        }
        return compiled;
    }

    /** Every rule compiled, none replayed or recorded: the on-demand commands (lock, diff, baseline). */
    List<RuleCompilation> compileAll(CheckedRules checked) {
        return compileEach(checked, IncrementalRun.stateless(), rule -> "");
    }
}
