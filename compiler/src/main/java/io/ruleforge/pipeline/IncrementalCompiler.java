package io.ruleforge.pipeline;

import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.InternalErrors;
import io.ruleforge.diag.Severity;
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
        return checkAndCompileWith(checks, run, fingerprint, fresh -> IntStream.range(0, fresh.size()).parallel()
                .mapToObj(i -> keep.apply(compile(fresh.get(i).rule(), fresh.get(i).fingerprint()))).toList(), keep);
    }

    /**
     * A rule of a chunk to compile now.
     *
     * @param mayBeReplayed up to date, and compiled only because another rule file has its name: it is replayed after
     *                      all if no other valid rule turns out to have that name, and what the stage made of it now
     *                      is then dropped
     */
    record Fresh(Rule rule, String fingerprint, boolean mayBeReplayed) {
    }

    /**
     * As {@link #checkAndCompile(RuleChecks, IncrementalRun, Function, Function)}, for a stage that works on each
     * chunk's compiled rules in rule order on this thread while their documents are loaded (the test stage runs their
     * fixtures): the chunk's rules are compiled on every core, then {@code keepChunk} gets them all, in order, and
     * returns what it keeps of each; {@code keepReplayed} makes that of each rule replayed.
     */
    <T> RuleChecks.Checked<T> checkAndCompileChunks(RuleChecks checks, IncrementalRun run, Function<Rule, String> fingerprint,
                                                   ChunkWork<T> keepChunk, Function<RuleCompilation, T> keepReplayed) {
        return checkAndCompileWith(checks, run, fingerprint, fresh -> {
            List<RuleCompilation> compiled = IntStream.range(0, fresh.size()).parallel()
                    .mapToObj(i -> compile(fresh.get(i).rule(), fresh.get(i).fingerprint())).toList();
            List<Boolean> tentative = fresh.stream().map(Fresh::mayBeReplayed).toList();
            return keepChunk.take(compiled, tentative);
        }, keepReplayed);
    }

    /** What a stage makes of a chunk's rules compiled now. */
    interface ChunkWork<T> {
        /**
         * @param compiled      the chunk's rules compiled now, in rule order
         * @param mayBeReplayed for each, whether it may still be replayed (see {@link Fresh#mayBeReplayed()})
         * @return what the stage keeps of each, one for each, in order
         */
        List<T> take(List<RuleCompilation> compiled, List<Boolean> mayBeReplayed);
    }

    private <T> RuleChecks.Checked<T> checkAndCompileWith(RuleChecks checks, IncrementalRun run, Function<Rule, String> fingerprint,
                                                          Function<List<Fresh>, List<T>> compileAndKeep,
                                                          Function<RuleCompilation, T> keepReplayed) {
        RuleChecks.Checked<Pending<T>> loaded = checks.check((rules, stemsOfSeveralFiles) -> {
            List<String> inputs = rules.parallelStream().map(fingerprint).toList();
            List<Optional<RuleRecord>> recorded = new ArrayList<>(rules.size());
            List<Fresh> fresh = new ArrayList<>();
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
                recorded.add(run.recorded(rule.displayPath(), inputs.get(i)));
                boolean severalFiles = stemsOfSeveralFiles.contains(rule.fileStem());
                if (recorded.get(i).isEmpty() || severalFiles) {
                    fresh.add(new Fresh(rule, inputs.get(i), recorded.get(i).isPresent()));
                }
            }
            List<T> kept = compileAndKeep.apply(fresh);
            if (kept.size() != fresh.size()) {
                throw new IllegalStateException("kept " + kept.size() + " results of " + fresh.size() + " rules");
            }
            List<Pending<T>> pending = new ArrayList<>(rules.size());
            int next = 0;
            for (int i = 0; i < rules.size(); i++) {
                boolean compiled = next < fresh.size() && fresh.get(next).rule() == rules.get(i);
                pending.add(new Pending<>(recorded.get(i), compiled ? Optional.of(kept.get(next++)) : Optional.empty()));
            }
            return pending;
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
                compiled.add(keepReplayed.apply(RuleCompilation.replay(rule, pending.recorded().get())));
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
            // one error for one problem: a value the query checks already named (RF4005) is not named again
            if (result.isPresent() && diagnostics.stream().noneMatch(d -> d.severity() == Severity.ERROR)) {
                RejectedSearches.of(result.get()).ifPresent(diagnostics::add);
            }
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
