package io.ruleforge.harness;

import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;

import java.util.List;

/**
 * Every verdict on one rule.
 *
 * @param fixtureErrors what is wrong with the rule's fixtures (a malformed line, an event Elasticsearch would not
 *                      index, a sequence given to a KQL rule): each one fails the rule, as a case that cannot be
 *                      run proves nothing either way
 * @param eqlCompared   for KQL rules with an EQL translation, on how many cases its verdict was compared with the
 *                      DSL's (0 when there is none); every disagreement is an error diagnostic of the run
 * @param eqlAgreed     on how many of them both agreed
 * @param generatedSkipped how many generated cases were not run because of the per-rule cap
 *                         ({@link ExcludedRangeCases#capFor})
 */
public record RuleTestResult(CompiledRule rule, List<CaseResult> cases, List<Diagnostic> fixtureErrors,
                             int eqlCompared, int eqlAgreed, int generatedSkipped) {

    /** What a run shows about a rule. */
    public enum Status {
        /** Every case ran and behaved, and there was at least one. */
        PASSED,
        /** A case misbehaved, a fixture could not be run, or the EQL translation decided a case otherwise. */
        FAILED,
        /** No case at all: nothing shows the rule works, so it is not a pass. */
        UNTESTED
    }

    public RuleTestResult {
        cases = List.copyOf(cases);
        fixtureErrors = List.copyOf(fixtureErrors);
    }

    public RuleTestResult(CompiledRule rule, List<CaseResult> cases, List<Diagnostic> fixtureErrors) {
        this(rule, cases, fixtureErrors, 0, 0, 0);
    }

    public RuleTestResult(CompiledRule rule, List<CaseResult> cases, List<Diagnostic> fixtureErrors,
                          int eqlCompared, int eqlAgreed) {
        this(rule, cases, fixtureErrors, eqlCompared, eqlAgreed, 0);
    }

    /** A copy that records how many generated cases the cap left out. */
    public RuleTestResult withGeneratedSkipped(int skipped) {
        return new RuleTestResult(rule, cases, fixtureErrors, eqlCompared, eqlAgreed, skipped);
    }

    public Status status() {
        // a translation that disagrees is an error of the run (RF6006): the rule cannot read as passed beside it
        if (!fixtureErrors.isEmpty() || eqlDisagreements() > 0 || cases.stream().anyMatch(c -> !c.passed())) {
            return Status.FAILED;
        }
        return cases.isEmpty() ? Status.UNTESTED : Status.PASSED;
    }

    /** On how many cases the EQL translation decided otherwise than the DSL (each an RF6006 error of the run). */
    public int eqlDisagreements() {
        return eqlCompared - eqlAgreed;
    }

    public boolean passed() {
        return status() == Status.PASSED;
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
