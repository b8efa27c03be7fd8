package io.ruleforge.pipeline;

import io.ruleforge.bundle.LockCodes;
import io.ruleforge.bundle.VersionLock;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.AtomicFiles;
import io.ruleforge.files.OutputCodes;
import io.ruleforge.files.OutputException;
import io.ruleforge.report.StageLines;
import io.ruleforge.rule.Rule;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the version lock from the current rules: new rules are added at their version, rules whose content
 * changed are bumped. Refuses while any rule has an error other than a missing bump. Its findings go to the SARIF
 * as every entry point's do.
 */
final class LockStage {

    private LockStage() {
    }

    static StageReport run(StageContext context) {
        RunOutputs outputs = RunOutputs.open(context.options());
        RuleChecks checks = new RuleChecks(context);
        CheckedRules checked = checks.check();
        List<Diagnostic> diagnostics = checked.diagnostics(new IncrementalCompiler(context.compiler()).findingsOfAll(checked), List.of());
        List<Diagnostic> blocking = diagnostics.stream()
                .filter(d -> d.isError() && !d.code().equals(LockCodes.CHANGED_WITHOUT_BUMP)).toList();
        if (!blocking.isEmpty()) {
            // a missing bump is what lock is here to fix: not an error telling the user to run lock, but a count of
            // the rules it will bump once the other errors are fixed (probe29)
            List<Diagnostic> shown = diagnostics.stream().filter(d -> !d.code().equals(LockCodes.CHANGED_WITHOUT_BUMP)).toList();
            int toBump = diagnostics.size() - shown.size();
            return outputs.finish(new StageReport("lock", shown, List.of(StageLines.lockWithheld(blocking, toBump)), List.of()));
        }
        List<Rule> rules = checked.validation().rules();
        VersionLock next = checked.lock().updated(rules);
        List<String> notes = new ArrayList<>();
        for (Rule rule : rules) {
            int before = checked.lock().entry(rule.ruleId()).map(VersionLock.Entry::version).orElse(0);
            int after = next.entry(rule.ruleId()).orElseThrow().version();
            if (after != before) {
                notes.add(StageLines.lockChange(rule.displayPath(), rule.ruleId(), before, after));
            }
        }
        try {
            // beside the rules, not below the output directory: written whether or not that one can be
            AtomicFiles.write(context.lockFile(), next.render());
        } catch (OutputException e) {
            List<Diagnostic> failed = new ArrayList<>(diagnostics);
            failed.add(Diagnostic.error(OutputCodes.UNWRITABLE, SourcePosition.ofFile(context.display(e.path())),
                    "cannot write the version lock: " + e.reason()));
            return outputs.finish(new StageReport("lock", failed, List.of(StageLines.lockNotWritten()), List.of()));
        }
        notes.add(StageLines.lockWritten(rules.size(), context.display(context.lockFile()), notes.size()));
        // the lock findings that remain are those of the lock just written (a rule file's version it took agrees now)
        List<Diagnostic> remaining = new ArrayList<>(diagnostics);
        remaining.removeAll(checked.lockDiagnostics());
        VersionLock rewritten = checks.readLock(remaining);
        List<Diagnostic> rechecked = checks.checkLock(rewritten, rules);
        // like every other finding, one the team baselined is not reported again
        remaining.addAll(checked.baseline().map(b -> b.apply(rechecked, checked.baselineNames()).kept()).orElse(rechecked));
        remaining.sort(Diagnostic.BY_POSITION);
        return outputs.finish(new StageReport("lock", remaining, notes, List.<Path>of(context.lockFile())));
    }
}
