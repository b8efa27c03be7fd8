package io.ruleforge.report;

import io.ruleforge.harness.CaseResult;
import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.TestCase;
import io.ruleforge.harness.TestRunResult;

import java.util.ArrayList;
import java.util.List;

/** The human-readable lines a test run prints: one block per rule, its failures, then a total. */
public final class ConsoleSummary {

    public List<String> lines(TestRunResult run) {
        List<String> lines = new ArrayList<>();
        for (RuleTestResult r : run.rules()) {
            lines.add((r.passed() ? "PASS " : "FAIL ") + r.rule().rule().displayPath() + " — " + r.rule().rule().name());
            if (r.rule().eqlSource().isPresent()) {
                lines.add("     validated, compiled (EQL), " + ratio(r, TestCase.Kind.POSITIVE) + " positives fired, "
                        + ratio(r, TestCase.Kind.NEGATIVE) + " negatives quiet");
            } else {
                lines.add("     validated, compiled (DSL" + (r.rule().eqlQuery().isPresent() ? ", EQL" : "") + "), "
                        + ratio(r, TestCase.Kind.POSITIVE) + " positives fired, "
                        + ratio(r, TestCase.Kind.NEGATIVE) + " negatives quiet, "
                        + ratio(r, TestCase.Kind.GENERATED_EXCLUDED) + " generated negatives quiet, "
                        + ratio(r, TestCase.Kind.GENERATED_OUTSIDE) + " generated near-misses fired"
                        + (r.eqlCompared() > 0 ? "; EQL translation agrees on " + r.eqlAgreed() + "/" + r.eqlCompared() : ""));
            }
            for (CaseResult failure : r.failures()) {
                lines.add("     ✗ " + failure.failureMessage());
            }
        }
        long failedRules = run.rules().stream().filter(r -> !r.passed()).count();
        long cases = run.rules().stream().mapToLong(r -> r.cases().size()).sum();
        lines.add(String.format("%d rule%s tested: %d passed, %d failed (%d cases, %d failed)",
                run.rules().size(), run.rules().size() == 1 ? "" : "s", run.rules().size() - failedRules, failedRules,
                cases, run.failedCases()));
        return lines;
    }

    private static String ratio(RuleTestResult r, TestCase.Kind kind) {
        return r.passedCount(kind) + "/" + r.count(kind);
    }
}
