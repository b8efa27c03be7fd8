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

    /** Whether every rule passed: none failed, none went untested. */
    public boolean passed() {
        return rules.stream().allMatch(RuleTestResult::passed);
    }

    /** Whether a rule failed; an untested rule is not a failure (its warning says why it is not a pass either). */
    public boolean failed() {
        return rules.stream().anyMatch(r -> r.status() == RuleTestResult.Status.FAILED);
    }

    public long failedCases() {
        return rules.stream().mapToLong(r -> r.failures().size()).sum();
    }
}
