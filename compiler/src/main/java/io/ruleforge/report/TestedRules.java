package io.ruleforge.report;

import java.util.List;

/** Every rule a test run tested (now or replayed), in rule order. */
public record TestedRules(List<RuleTestSummary> rules) {

    public TestedRules {
        rules = List.copyOf(rules);
    }

    public boolean anyFailed() {
        return rules.stream().anyMatch(RuleTestSummary::failed);
    }

    /** The first failing case or broken fixture, as the console shows it, for a one-line build failure. */
    public java.util.Optional<String> firstFailure() {
        ConsoleSummary console = new ConsoleSummary();
        return rules.stream().flatMap(r -> console.failureLines(r).stream()).map(String::strip).findFirst();
    }
}
