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
import java.util.stream.IntStream;

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
        return compileEach(checked, run, fingerprint, Function.identity());
    }

    /**
     * As above, keeping of each rule's compilation only what {@code keep} makes of it, right after the rule is
     * compiled: a compiled rule (its DSL, syntax trees, field types) is several times the size of its file, so a
     * stage that needs only the findings, or the rendered output, must not hold every rule's until the end.
     */
    <T> List<T> compileEach(CheckedRules checked, IncrementalRun run, Function<Rule, String> fingerprint,
                            Function<RuleCompilation, T> keep) {
        List<Rule> rules = checked.validation().rules();
        Set<String> shared = checked.sharedFileStems();
        // fingerprints and compilations are independent per rule, so they run on every core; the incremental
        // bookkeeping in between stays on this thread, in rule order
        List<String> inputs = rules.parallelStream().map(fingerprint).toList();
        List<Optional<RuleRecord>> upToDate = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            upToDate.add(shared.contains(rule.fileStem()) ? Optional.empty() : run.upToDate(rule.displayPath(), inputs.get(i)));
        }
        return IntStream.range(0, rules.size()).parallel()
                .mapToObj(i -> upToDate.get(i).isPresent()
                        ? RuleCompilation.replay(rules.get(i), upToDate.get(i).get())
                        : compile(rules.get(i), inputs.get(i)))
                .map(keep)
                .toList();
    }

    /**
     * As {@link #compileEach(CheckedRules, IncrementalRun, Function, Function)}, with each rule compiled as soon as it
     * is loaded and validated ({@link RuleChecks#check(RuleChecks.WhileLoaded)}), so that no stage holds every rule's
     * document. Whether a rule is replayed is decided once the set is known, exactly as there: a rule that shares its
     * file name with another valid rule is never replayed, and which rules do is known only at the end; a rule whose
     * name several files have is therefore compiled while loaded even when up to date, the others only when not.
     */
    <T> RuleChecks.Checked<T> checkAndCompile(RuleChecks checks, IncrementalRun run, Function<Rule, String> fingerprint,
                                   Function<RuleCompilation, T> keep) {
        RuleChecks.Checked<Pending<T>> loaded = checks.check((rules, stemsOfSeveralFiles) -> {
            List<String> inputs = rules.parallelStream().map(fingerprint).toList();
            List<Optional<RuleRecord>> recorded = new ArrayList<>(rules.size());
            for (int i = 0; i < rules.size(); i++) {
                recorded.add(run.recorded(rules.get(i).displayPath(), inputs.get(i)));
            }
            return IntStream.range(0, rules.size()).parallel()
                    .mapToObj(i -> recorded.get(i).isPresent() && !stemsOfSeveralFiles.contains(rules.get(i).fileStem())
                            ? new Pending<T>(recorded.get(i), Optional.empty())
                            : new Pending<>(recorded.get(i), Optional.of(keep.apply(compile(rules.get(i), inputs.get(i))))))
                    .toList();
        });
        CheckedRules checked = loaded.checked();
        List<Rule> rules = checked.validation().rules();
        Set<String> shared = checked.sharedFileStems();
        List<T> compiled = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            Pending<T> pending = loaded.perRule().get(i);
            if (pending.recorded().isPresent() && !shared.contains(rule.fileStem())) {
                run.replayed(rule.displayPath(), pending.recorded().get());
                compiled.add(keep.apply(RuleCompilation.replay(rule, pending.recorded().get())));
            } else {
                compiled.add(pending.computed().orElseThrow(() -> new IllegalStateException("not compiled: " + rule.displayPath())));
            }
        }
        return new RuleChecks.Checked<>(checked, compiled);
    }

    /** A rule between its loading and the end of the set: its record if up to date, its compilation if compiled. */
    private record Pending<T>(Optional<RuleRecord> recorded, Optional<T> computed) {
    }

    private RuleCompilation compile(Rule rule, String inputs) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        Optional<CompiledRule> result;
        try {
            result = compiler.compile(rule, diagnostics);
        } catch (RuntimeException e) {
            // a fault in ruleforge: an error at the rule being compiled, and the other rules still are
            diagnostics.add(InternalErrors.diagnostic(rule.displayPath(), "compiling this rule", e));
            result = Optional.empty();
        }
        return RuleCompilation.computed(rule, inputs, result, diagnostics);
    }

    /** Every rule compiled, none replayed or recorded: the on-demand commands (lock, diff, baseline). */
    List<RuleCompilation> compileAll(CheckedRules checked) {
        return compileEach(checked, IncrementalRun.stateless(), rule -> "");
    }

    /** As {@link #compileAll}, for a command that needs only the findings. */
    List<RuleCompilation> findingsOfAll(CheckedRules checked) {
        return compileEach(checked, IncrementalRun.stateless(), rule -> "", RuleCompilation::findingsOnly);
    }
}
