package io.ruleforge.harness;

import io.ruleforge.compile.CompiledRule;

import java.util.List;

/** Every verdict on one rule. */
public record RuleTestResult(CompiledRule rule, List<CaseResult> cases) {

    public RuleTestResult {
        cases = List.copyOf(cases);
    }

    public boolean passed() {
        return cases.stream().allMatch(CaseResult::passed);
    }

    public long count(TestCase.Kind kind) {
        return cases.stream().filter(c -> c.testCase().kind() == kind).count();
    }

    public long passedCount(TestCase.Kind kind) {
        return cases.stream().filter(c -> c.testCase().kind() == kind && c.passed()).count();
    }

    public List<CaseResult> failures() {
        return cases.stream().filter(c -> !c.passed()).toList();
    }
}
