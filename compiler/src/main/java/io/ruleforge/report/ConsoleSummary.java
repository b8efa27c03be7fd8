package io.ruleforge.report;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.harness.HarnessCodes;
import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.TestCase;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The human-readable lines of a test run, rendered from the records ({@link RuleTestSummary}): one block per rule —
 * its status line, its counts, one line per failing case or broken fixture — then a total. The CLI prints them; the
 * Maven goals log the same lines at the level the record's status calls for.
 */
public final class ConsoleSummary {

    private static final Map<RuleTestResult.Status, String> STATUS_PREFIX = Map.of(
            RuleTestResult.Status.PASSED, "PASS ",
            RuleTestResult.Status.FAILED, "FAIL ",
            RuleTestResult.Status.UNTESTED, "UNTESTED ");
    private static final String FAILURE_PREFIX = "     ✗ ";

    /** One rule's block: its status line, its counts, then {@link #failureLines}. */
    public List<String> lines(RuleTestSummary r) {
        List<String> lines = new ArrayList<>();
        lines.add(statusLine(r));
        lines.add(countsLine(r));
        lines.addAll(failureLines(r));
        return lines;
    }

    /** E.g. {@code PASS rules/cmd.toml — Cmd}. */
    public String statusLine(RuleTestSummary r) {
        return STATUS_PREFIX.get(r.status()) + r.ruleFile() + " — " + r.ruleName();
    }

    /** What was compiled and how many cases of each kind behaved. */
    public String countsLine(RuleTestSummary r) {
        String compiled = switch (r.queries()) {
            case EQL -> "EQL";
            case ESQL -> "ES|QL";
            case DSL_AND_EQL -> "DSL, EQL";
            case DSL, NOT_EVALUATED, LUCENE_NOT_EVALUATED -> "DSL";
        };
        if (r.queries() == RuleTestSummary.Queries.ESQL) {
            // ES|QL: run by its own evaluator, bundled as written
            if (r.status() == RuleTestResult.Status.UNTESTED) {
                return "     validated; no ES|QL fixture case ran, so nothing shows that the rule works";
            }
            // an aggregating rule is often tested by its multi-event cases alone: no "0/0 positives" then
            boolean singleEvents = r.tally(TestCase.Kind.POSITIVE).total() + r.tally(TestCase.Kind.NEGATIVE).total() > 0;
            return "     validated, evaluated (ES|QL)" + (singleEvents ? ", " + ratio(r, TestCase.Kind.POSITIVE) + " positives fired, "
                    + ratio(r, TestCase.Kind.NEGATIVE) + " negatives quiet" : "") + alertCases(r);
        }
        if (r.queries() == RuleTestSummary.Queries.NOT_EVALUATED) {
            return "     validated, compiled; not tested: queries in this language are not evaluated yet";
        }
        if (r.queries() == RuleTestSummary.Queries.LUCENE_NOT_EVALUATED) {
            // not "no fixture events": the rule may have some, and they are not run (the RF6302 warning names the construct)
            return "     validated, compiled (DSL); not tested: its Lucene query uses syntax ruleforge does not evaluate ["
                    + HarnessCodes.LUCENE_NOT_EVALUATED + "]";
        }
        if (r.status() == RuleTestResult.Status.UNTESTED) {
            return "     validated, compiled (" + compiled + "); no fixture events, so nothing shows that the rule works";
        }
        if (r.tally(TestCase.Kind.POSITIVE).total() + r.tally(TestCase.Kind.NEGATIVE).total() == 0
                && r.tally(TestCase.Kind.ALERT_CASE).total() > 0) {
            return "     validated, compiled (" + compiled + ")" + alertCases(r);
        }
        if (r.queries() == RuleTestSummary.Queries.EQL) {
            return "     validated, compiled (EQL), " + ratio(r, TestCase.Kind.POSITIVE) + " positives fired, "
                    + ratio(r, TestCase.Kind.NEGATIVE) + " negatives quiet" + alertCases(r);
        }
        return "     validated, compiled (" + compiled + "), "
                + ratio(r, TestCase.Kind.POSITIVE) + " positives fired, "
                + ratio(r, TestCase.Kind.NEGATIVE) + " negatives quiet"
                + generated(r)
                + alertCases(r)
                + (r.eqlCompared() > 0 ? "; EQL translation agrees on " + r.eqlAgreed() + "/" + r.eqlCompared() : "");
    }

    /** One line per fixture that could not be run, then one per failing case: each fails the rule. */
    public List<String> failureLines(RuleTestSummary r) {
        List<String> lines = new ArrayList<>();
        for (Diagnostic broken : r.fixtureErrors()) {
            lines.add(FAILURE_PREFIX + broken.position() + ": " + broken.message());
        }
        for (RuleTestSummary.FailedCase failure : r.failures()) {
            lines.add(FAILURE_PREFIX + failure.message());
        }
        if (r.eqlAgreed() < r.eqlCompared()) {
            lines.add(FAILURE_PREFIX + "the EQL translation decides " + (r.eqlCompared() - r.eqlAgreed()) + " of "
                    + r.eqlCompared() + " cases otherwise than the DSL [" + HarnessCodes.EQL_DISAGREES + "]");
        }
        return lines;
    }

    /** Every rule's block in order, then the total. */
    public List<String> lines(List<RuleTestSummary> rules) {
        List<String> lines = new ArrayList<>();
        rules.forEach(r -> lines.addAll(lines(r)));
        lines.add(total(rules));
        return lines;
    }

    /** E.g. {@code 5 rules tested: 3 passed, 1 failed, 1 untested (174 cases, 2 failed)}. */
    public String total(List<RuleTestSummary> rules) {
        long failedRules = rules.stream().filter(RuleTestSummary::failed).count();
        long untestedRules = rules.stream().filter(r -> r.status() == RuleTestResult.Status.UNTESTED).count();
        long cases = rules.stream().mapToLong(RuleTestSummary::cases).sum();
        long failedCases = rules.stream().mapToLong(RuleTestSummary::failedCases).sum();
        // a rule can fail for a fixture or case file that could not be read, with no case failing: said, so they add up
        long fixtureErrors = rules.stream().mapToLong(r -> r.fixtureErrors().size()).sum();
        return String.format("%d rule%s tested: %d passed, %d failed%s (%d case%s, %d failed%s)",
                rules.size(), StageLines.plural(rules.size()), rules.size() - failedRules - untestedRules, failedRules,
                untestedRules == 0 ? "" : ", " + untestedRules + " untested", cases, StageLines.plural(cases), failedCases,
                fixtureErrors == 0 ? "" : "; " + fixtureErrors + " fixture error" + StageLines.plural(fixtureErrors));
    }

    /** Only rules whose query excludes IP blocks get generated cases; for the others there is nothing to say. */
    private static String generated(RuleTestSummary r) {
        if (r.tally(TestCase.Kind.GENERATED_EXCLUDED).total() + r.tally(TestCase.Kind.GENERATED_OUTSIDE).total() == 0
                && r.generatedSkipped() == 0) {
            return "";
        }
        return ", " + ratio(r, TestCase.Kind.GENERATED_EXCLUDED) + " generated negatives quiet, "
                + ratio(r, TestCase.Kind.GENERATED_OUTSIDE) + " generated near-misses fired"
                + (r.generatedSkipped() == 0 ? "" : String.format(Locale.ROOT, " (%,d more generated cases skipped to keep the"
                        + " cost proportional, %s)", r.generatedSkipped(), HarnessCodes.GENERATED_CASES_CAPPED));
    }

    /** Multi-event cases and the boundary streams generated from them, counted apart. */
    private static String alertCases(RuleTestSummary r) {
        if (r.tally(TestCase.Kind.ALERT_CASE).total() == 0) {
            return "";
        }
        return ", " + ratio(r, TestCase.Kind.ALERT_CASE) + " alert cases gave their alerts"
                + (r.tally(TestCase.Kind.GENERATED_ALERT_BOUNDARY).total() == 0 ? ""
                : ", " + ratio(r, TestCase.Kind.GENERATED_ALERT_BOUNDARY) + " generated boundary cases");
    }

    private static String ratio(RuleTestSummary r, TestCase.Kind kind) {
        RuleTestSummary.Tally tally = r.tally(kind);
        return tally.passed() + "/" + tally.total();
    }
}
