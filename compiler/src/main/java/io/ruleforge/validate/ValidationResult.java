package io.ruleforge.validate;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.rule.Rule;

import java.util.List;

/**
 * The rules that passed schema validation, and every finding about every file.
 *
 * @param rules          rules without errors: they go on to be compiled, tested and bundled
 * @param rulesWithErrors rules with schema errors whose query can still be checked, so that a run reports a
 *                        query's syntax errors together with the file's other errors; never tested or bundled
 */
public record ValidationResult(List<Rule> rules, List<Rule> rulesWithErrors, List<Diagnostic> diagnostics) {
    public ValidationResult {
        rules = List.copyOf(rules);
        rulesWithErrors = List.copyOf(rulesWithErrors);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
