package io.ruleforge.load;

import io.ruleforge.diag.Diagnostic;

import java.util.List;

/** The rule files that could be read, and a diagnostic for each one that could not. */
public record LoadResult(List<RuleDocument> documents, List<Diagnostic> diagnostics) {
    public LoadResult {
        documents = List.copyOf(documents);
        diagnostics = List.copyOf(diagnostics);
    }
}
