package io.ruleforge.pipeline;

import io.ruleforge.bundle.VersionLock;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.load.LoadCodes;
import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.report.Baseline;
import io.ruleforge.rule.Rule;
import io.ruleforge.validate.SchemaValidator;
import io.ruleforge.validate.ValidationResult;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The part every entry point runs on every rule, every time: loading, schema validation (duplicate ids and names are
 * checked across the set), the query errors of rules with schema errors, the version lock and the baseline.
 */
final class RuleChecks {

    private final StageContext context;

    RuleChecks(StageContext context) {
        this.context = context;
    }

    CheckedRules check() {
        RuleforgeOptions options = context.options();
        List<Diagnostic> diagnostics = new ArrayList<>();
        LoadResult loaded;
        if (!Files.isDirectory(options.rulesDirectory())) {
            diagnostics.add(Diagnostic.error(LoadCodes.UNREADABLE, SourcePosition.ofFile(options.rulesDirectory().toString()),
                    "rules directory does not exist"));
            loaded = new LoadResult(List.of(), List.of());
        } else {
            loaded = new RuleLoader(options.displayBase()).loadDirectory(options.rulesDirectory(), options.excludes());
        }
        diagnostics.addAll(loaded.diagnostics());
        ValidationResult validation = new SchemaValidator().validate(loaded.documents());
        diagnostics.addAll(validation.diagnostics());
        // Rules with schema errors are not compiled for use, but their query errors belong in the same report.
        List<Diagnostic> queryErrors = context.compiler().compile(validation.rulesWithErrors()).diagnostics().stream()
                .filter(Diagnostic::isError).toList();
        List<Diagnostic> lockDiagnostics = new ArrayList<>();
        VersionLock lock = readLock(lockDiagnostics);
        lockDiagnostics.addAll(checkLock(lock, validation.rules()));
        Set<String> stems = new TreeSet<>();
        loaded.documents().forEach(d -> stems.add(Rule.stemOf(d.displayPath())));
        // a file that did not load is still some rule's: its fixture folder is not a stray
        loaded.diagnostics().forEach(d -> stems.add(Rule.stemOf(d.position().file())));
        Optional<Baseline> baseline = Optional.empty();
        if (Files.isRegularFile(context.baselineFile())) {
            try {
                baseline = Optional.of(Baseline.read(context.baselineFile(), context.display(context.baselineFile())));
            } catch (Baseline.BaselineException e) {
                diagnostics.add(e.diagnostic());
            }
        }
        return new CheckedRules(diagnostics, validation, queryErrors, lock, lockDiagnostics, stems, baseline, context::baselineName);
    }

    /** The version lock as the rules folder has it now; what is wrong with the file goes to {@code diagnostics}. */
    VersionLock readLock(List<Diagnostic> diagnostics) {
        VersionLock.Read read = VersionLock.read(context.lockFile(), context.display(context.lockFile()));
        diagnostics.addAll(read.diagnostics());
        return read.lock();
    }

    /** The lock's findings about these rules (changed without a bump, not locked, …). */
    List<Diagnostic> checkLock(VersionLock lock, List<Rule> rules) {
        return lock.check(rules, StageContext.LOCK_COMMAND, context.display(context.lockFile()));
    }
}
