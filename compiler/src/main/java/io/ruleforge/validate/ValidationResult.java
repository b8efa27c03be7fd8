package io.ruleforge.validate;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.rule.Rule;

import java.util.List;

/** The rules that passed schema validation, and every finding about every file. */
public record ValidationResult(List<Rule> rules, List<Diagnostic> diagnostics) {
    public ValidationResult {
        rules = List.copyOf(rules);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }
}
