package io.ruleforge.harness;

import io.ruleforge.diag.Diagnostic;

import java.util.List;

/** The verdicts on every tested rule, and findings about fixtures and untestable rules. */
public record TestRunResult(List<RuleTestResult> rules, List<Diagnostic> diagnostics) {

    /** No rule run, nothing found: what testing a rule that did not compile yields. */
    public static final TestRunResult NOTHING = new TestRunResult(List.of(), List.of());

    public TestRunResult {
        rules = List.copyOf(rules);
        diagnostics = List.copyOf(diagnostics);
    }

    public boolean passed() {
        return rules.stream().allMatch(RuleTestResult::passed);
    }

    public long failedCases() {
        return rules.stream().mapToLong(r -> r.failures().size()).sum();
    }
}
