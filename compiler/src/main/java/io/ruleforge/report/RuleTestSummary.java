package io.ruleforge.report;

import io.ruleforge.harness.RuleTestResult;

import java.util.List;
import java.util.Objects;

/**
 * What a test run reports about one rule, detached from the rule's events: its console lines (the status line,
 * the counts, one line per failing case or broken fixture) and the numbers the total and the pass/fail decision
 * need. Small enough to keep between builds, so that a rule whose inputs did not change is reported again without
 * being re-run.
 *
 * @param cases       every case the rule was tested on (fixtures and generated)
 * @param failedCases how many of them failed
 */
public record RuleTestSummary(RuleTestResult.Status status, long cases, long failedCases, List<String> lines) {

    public RuleTestSummary {
        Objects.requireNonNull(status, "status");
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
    }

    public boolean failed() {
        return status == RuleTestResult.Status.FAILED;
    }
}
