package io.ruleforge.report;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.harness.HarnessCodes;
import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.TestCase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/** The human-readable lines a test run prints: one block per rule, its failures, then a total. */
public final class ConsoleSummary {

    /**
     * How each rule's first line starts, by status. Front ends that colour or level lines (the Maven goals) key on
     * these, so they are constants rather than text to re-parse.
     */
    public static final Map<RuleTestResult.Status, String> STATUS_PREFIX = Map.of(
            RuleTestResult.Status.PASSED, "PASS ",
            RuleTestResult.Status.FAILED, "FAIL ",
            RuleTestResult.Status.UNTESTED, "UNTESTED ");
    /** How each line naming a failing case or a broken fixture starts. */
    public static final String FAILURE_PREFIX = "     ✗ ";

    /** One rule's block, with the counts the total needs. */
    public RuleTestSummary summarise(RuleTestResult r) {
        List<String> lines = new ArrayList<>();
        lines.add(STATUS_PREFIX.get(r.status()) + r.rule().rule().displayPath() + " — " + r.rule().rule().name());
        String compiled = r.rule().eqlSource().isPresent() ? "EQL" : "DSL" + (r.rule().eqlQuery().isPresent() ? ", EQL" : "");
        if (r.rule().dsl().isEmpty() && r.rule().eqlSource().isEmpty()) {
            lines.add("     validated, compiled; not tested: queries in this language are not evaluated yet");
        } else if (r.status() == RuleTestResult.Status.UNTESTED) {
            lines.add("     validated, compiled (" + compiled + "); no fixture events, so nothing shows that the rule works");
        } else if (r.count(TestCase.Kind.POSITIVE) + r.count(TestCase.Kind.NEGATIVE) == 0 && r.count(TestCase.Kind.ALERT_CASE) > 0) {
            lines.add("     validated, compiled (" + compiled + ")" + alertCases(r));
        } else if (r.rule().eqlSource().isPresent()) {
            lines.add("     validated, compiled (EQL), " + ratio(r, TestCase.Kind.POSITIVE) + " positives fired, "
                    + ratio(r, TestCase.Kind.NEGATIVE) + " negatives quiet" + alertCases(r));
        } else {
            lines.add("     validated, compiled (" + compiled + "), "
                    + ratio(r, TestCase.Kind.POSITIVE) + " positives fired, "
                    + ratio(r, TestCase.Kind.NEGATIVE) + " negatives quiet"
                    + generated(r)
                    + alertCases(r)
                    + (r.eqlCompared() > 0 ? "; EQL translation agrees on " + r.eqlAgreed() + "/" + r.eqlCompared() : ""));
        }
        for (Diagnostic broken : r.fixtureErrors()) {
            lines.add(FAILURE_PREFIX + broken.position() + ": " + broken.message());
        }
        for (CaseResult failure : r.failures()) {
            lines.add(FAILURE_PREFIX + failure.failureMessage());
        }
        return new RuleTestSummary(r.status(), r.cases().size(), r.failures().size(), lines);
    }

    /** Every rule's block in order, then the total. */
    public List<String> lines(List<RuleTestSummary> rules) {
        List<String> lines = new ArrayList<>();
        rules.forEach(r -> lines.addAll(r.lines()));
        long failedRules = rules.stream().filter(RuleTestSummary::failed).count();
        long untestedRules = rules.stream().filter(r -> r.status() == RuleTestResult.Status.UNTESTED).count();
        long cases = rules.stream().mapToLong(RuleTestSummary::cases).sum();
        long failedCases = rules.stream().mapToLong(RuleTestSummary::failedCases).sum();
        lines.add(String.format("%d rule%s tested: %d passed, %d failed%s (%d cases, %d failed)",
                rules.size(), rules.size() == 1 ? "" : "s", rules.size() - failedRules - untestedRules, failedRules,
                untestedRules == 0 ? "" : ", " + untestedRules + " untested", cases, failedCases));
        return lines;
    }

    /** Only rules whose query excludes IP blocks get generated cases; for the others there is nothing to say. */
    private static String generated(RuleTestResult r) {
        if (r.count(TestCase.Kind.GENERATED_EXCLUDED) + r.count(TestCase.Kind.GENERATED_OUTSIDE) == 0 && r.generatedSkipped() == 0) {
            return "";
        }
        return ", " + ratio(r, TestCase.Kind.GENERATED_EXCLUDED) + " generated negatives quiet, "
                + ratio(r, TestCase.Kind.GENERATED_OUTSIDE) + " generated near-misses fired"
                + (r.generatedSkipped() == 0 ? "" : String.format(Locale.ROOT, " (%,d more generated cases skipped to keep the"
                        + " cost proportional, %s)", r.generatedSkipped(), HarnessCodes.GENERATED_CASES_CAPPED));
    }

    /** Multi-event cases and the boundary streams generated from them, counted apart. */
    private static String alertCases(RuleTestResult r) {
        if (r.count(TestCase.Kind.ALERT_CASE) == 0) {
            return "";
        }
        return ", " + ratio(r, TestCase.Kind.ALERT_CASE) + " alert cases gave their alerts"
                + (r.count(TestCase.Kind.GENERATED_ALERT_BOUNDARY) == 0 ? ""
                : ", " + ratio(r, TestCase.Kind.GENERATED_ALERT_BOUNDARY) + " generated boundary cases");
    }

    private static String ratio(RuleTestResult r, TestCase.Kind kind) {
        return r.passedCount(kind) + "/" + r.count(kind);
    }
}
