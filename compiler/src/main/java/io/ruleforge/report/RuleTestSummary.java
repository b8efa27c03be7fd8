package io.ruleforge.report;

import java.util.List;
import java.util.Objects;

/**
 * What a test run reports about one rule, detached from the rule's events: its console lines (the PASS/FAIL line,
 * the counts, one line per failing case) and the numbers the total and the pass/fail decision need. Small enough
 * to keep between builds, so that a rule whose inputs did not change is reported again without being re-run.
 *
 * @param cases       every case the rule was tested on (fixtures and generated)
 * @param failedCases how many of them failed
 */
public record RuleTestSummary(boolean passed, long cases, long failedCases, List<String> lines) {

    public RuleTestSummary {
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
    }
}
