package io.ruleforge.report;

import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.TestCase;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's words for a test run are rendered from the records alone (the README's failing example). */
class ConsoleSummaryTest {

    private static final String EVENT = "fixtures/cmd/positive.ndjson:4 (the rule is case-sensitive: this positive is wrong and must fail)";
    private static final String REASON = "bool.filter[0]: no value of process.name equals \"cmd.exe\"";

    private static RuleTestSummary failing() {
        return new RuleTestSummary("rules/cmd.toml", "Cmd", RuleTestResult.Status.FAILED, RuleTestSummary.Queries.DSL_AND_EQL,
                Map.of(TestCase.Kind.POSITIVE, new RuleTestSummary.Tally(1, 2), TestCase.Kind.NEGATIVE, new RuleTestSummary.Tally(1, 1),
                        TestCase.Kind.GENERATED_EXCLUDED, new RuleTestSummary.Tally(6, 6),
                        TestCase.Kind.GENERATED_OUTSIDE, new RuleTestSummary.Tally(4, 4)),
                13, 13, 13, 0, List.of(), List.of(new RuleTestSummary.FailedCase(EVENT, true, false, REASON)));
    }

    @Test
    void aFailingRuleIsItsStatusItsCountsAndOneLinePerFailingCase() {
        assertThat(new ConsoleSummary().lines(List.of(failing()))).containsExactly(
                "FAIL rules/cmd.toml — Cmd",
                "     validated, compiled (DSL, EQL), 1/2 positives fired, 1/1 negatives quiet, 6/6 generated negatives quiet,"
                        + " 4/4 generated near-misses fired; EQL translation agrees on 13/13",
                "     ✗ expected the rule to fire on " + EVENT + ", but it stayed quiet: " + REASON,
                "1 rule tested: 0 passed, 1 failed (13 cases, 1 failed)");
    }

    @Test
    void aRuleFailingForAFixtureErrorAloneIsCountedInTheTotal() {
        io.ruleforge.diag.Diagnostic bad = io.ruleforge.diag.Diagnostic.error("RF6001",
                new io.ruleforge.diag.SourcePosition("fixtures/e/positive.ndjson", 2, 5), "malformed JSON event: x");
        RuleTestSummary broken = new RuleTestSummary("rules/e.toml", "E", RuleTestResult.Status.FAILED, RuleTestSummary.Queries.EQL,
                Map.of(TestCase.Kind.POSITIVE, new RuleTestSummary.Tally(1, 1)), 1, 0, 0, 0, List.of(bad), List.of());
        assertThat(new ConsoleSummary().lines(List.of(broken))).last()
                .isEqualTo("1 rule tested: 0 passed, 1 failed (1 case, 0 failed; 1 fixture error)");
    }

    @Test
    void anEqlRuleAndAnUntestedRuleSayWhatWasCompiled() {
        RuleTestSummary eql = new RuleTestSummary("rules/e.toml", "E", RuleTestResult.Status.PASSED, RuleTestSummary.Queries.EQL,
                Map.of(TestCase.Kind.POSITIVE, new RuleTestSummary.Tally(3, 3), TestCase.Kind.NEGATIVE, new RuleTestSummary.Tally(4, 4)),
                7, 0, 0, 0, List.of(), List.of());
        RuleTestSummary untested = new RuleTestSummary("rules/u.toml", "U", RuleTestResult.Status.UNTESTED, RuleTestSummary.Queries.DSL,
                Map.of(), 0, 0, 0, 0, List.of(), List.of());
        assertThat(new ConsoleSummary().lines(List.of(eql, untested))).containsExactly(
                "PASS rules/e.toml — E",
                "     validated, compiled (EQL), 3/3 positives fired, 4/4 negatives quiet",
                "UNTESTED rules/u.toml — U",
                "     validated, compiled (DSL); no fixture events, so nothing shows that the rule works",
                "2 rules tested: 1 passed, 0 failed, 1 untested (7 cases, 0 failed)");
    }

    @Test
    void theFirstFailureNamesTheCaseForAOneLineBuildFailure() {
        assertThat(new TestedRules(List.of(failing())).firstFailure())
                .hasValue("✗ expected the rule to fire on " + EVENT + ", but it stayed quiet: " + REASON);
        assertThat(new TestedRules(List.of(failing())).anyFailed()).isTrue();
    }
}
