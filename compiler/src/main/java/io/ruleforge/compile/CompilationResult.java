package io.ruleforge.compile;

import io.ruleforge.diag.Diagnostic;

import java.util.List;

/** The rules that compiled, and every finding (syntax errors inside the rule files, untranslatable queries). */
public record CompilationResult(List<CompiledRule> rules, List<Diagnostic> diagnostics) {
    public CompilationResult {
        rules = List.copyOf(rules);
        diagnostics = List.copyOf(diagnostics);
    }
}
