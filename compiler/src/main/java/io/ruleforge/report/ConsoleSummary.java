package io.ruleforge.report;

import io.ruleforge.harness.CaseResult;
import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.TestCase;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human-readable lines a test run prints: one block per rule, its failures, then a total. */
public final class ConsoleSummary {

    /** One rule's block, with the counts the total needs. */
    public RuleTestSummary summarise(RuleTestResult r) {
        List<String> lines = new ArrayList<>();
        lines.add((r.passed() ? "PASS " : "FAIL ") + r.rule().rule().displayPath() + " — " + r.rule().rule().name());
        if (r.rule().eqlSource().isPresent()) {
            lines.add("     validated, compiled (EQL), " + ratio(r, TestCase.Kind.POSITIVE) + " positives fired, "
                    + ratio(r, TestCase.Kind.NEGATIVE) + " negatives quiet");
        } else {
            lines.add("     validated, compiled (DSL" + (r.rule().eqlQuery().isPresent() ? ", EQL" : "") + "), "
                    + ratio(r, TestCase.Kind.POSITIVE) + " positives fired, "
                    + ratio(r, TestCase.Kind.NEGATIVE) + " negatives quiet"
                    + generated(r)
                    + (r.eqlCompared() > 0 ? "; EQL translation agrees on " + r.eqlAgreed() + "/" + r.eqlCompared() : ""));
        }
        for (CaseResult failure : r.failures()) {
            lines.add("     ✗ " + failure.failureMessage());
        }
        return new RuleTestSummary(r.passed(), r.cases().size(), r.failures().size(), lines);
    }

    /** Every rule's block in order, then the total. */
    public List<String> lines(List<RuleTestSummary> rules) {
        List<String> lines = new ArrayList<>();
        rules.forEach(r -> lines.addAll(r.lines()));
        long failedRules = rules.stream().filter(r -> !r.passed()).count();
        long cases = rules.stream().mapToLong(RuleTestSummary::cases).sum();
        long failedCases = rules.stream().mapToLong(RuleTestSummary::failedCases).sum();
        lines.add(String.format("%d rule%s tested: %d passed, %d failed (%d cases, %d failed)",
                rules.size(), rules.size() == 1 ? "" : "s", rules.size() - failedRules, failedRules, cases, failedCases));
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
                        + " cost proportional, RF6010)", r.generatedSkipped()));
    }

    private static String ratio(RuleTestResult r, TestCase.Kind kind) {
        return r.passedCount(kind) + "/" + r.count(kind);
    }
}
