package io.ruleforge.harness;

import io.ruleforge.compile.CompiledRule;

import java.util.List;

/**
 * Every verdict on one rule.
 *
 * @param eqlCompared for KQL rules with an EQL translation, on how many cases its verdict was compared with the
 *                    DSL's (0 when there is none); every disagreement is an error diagnostic of the run
 * @param eqlAgreed   on how many of them both agreed
 * @param generatedSkipped how many generated cases were not run because of the per-rule cap
 *                         ({@link PrivateRangeMutator#capFor})
 */
public record RuleTestResult(CompiledRule rule, List<CaseResult> cases, int eqlCompared, int eqlAgreed,
                             int generatedSkipped) {

    public RuleTestResult {
        cases = List.copyOf(cases);
    }

    public RuleTestResult(CompiledRule rule, List<CaseResult> cases) {
        this(rule, cases, 0, 0, 0);
    }

    public RuleTestResult(CompiledRule rule, List<CaseResult> cases, int eqlCompared, int eqlAgreed) {
        this(rule, cases, eqlCompared, eqlAgreed, 0);
    }

    /** A copy that records how many generated cases the cap left out. */
    public RuleTestResult withGeneratedSkipped(int skipped) {
        return new RuleTestResult(rule, cases, eqlCompared, eqlAgreed, skipped);
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
