package io.ruleforge.report;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.harness.LuceneSupport;
import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.TestCase;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a test run found about one rule, as data, detached from the rule's events: its status, the counts per kind
 * of case, every failing case (event, expected, actual, reason) and every fixture that could not be run. The console
 * ({@link ConsoleSummary}) and the Maven plugin's log render it; nothing re-parses its text. Small enough to keep
 * between builds, so that a rule whose inputs did not change is reported again without being re-run.
 *
 * @param ruleFile         the rule file as reports name it
 * @param ruleName         the rule's {@code name}
 * @param queries          which queries were compiled and run
 * @param tallies          per kind of case, how many ran and how many behaved (kinds with no case are absent)
 * @param cases            every case the rule was tested on (fixtures and generated)
 * @param eqlCompared      on how many cases the EQL translation's verdict was compared with the DSL's
 * @param eqlAgreed        on how many of them both agreed
 * @param generatedSkipped generated cases the per-rule cap left out
 * @param fixtureErrors    fixtures that could not be run, each failing the rule
 * @param failures         the cases that did not behave
 */
public record RuleTestSummary(String ruleFile, String ruleName, RuleTestResult.Status status, Queries queries,
                              Map<TestCase.Kind, Tally> tallies, long cases, int eqlCompared, int eqlAgreed,
                              int generatedSkipped, List<Diagnostic> fixtureErrors, List<FailedCase> failures) {

    /** Which queries a rule was compiled to, as the harness ran them. */
    public enum Queries {
        /** A language the harness does not evaluate yet: compiled, nothing run. */
        NOT_EVALUATED,
        /** A Lucene query using syntax the evaluator does not model (RF6302): compiled to DSL, nothing run. */
        LUCENE_NOT_EVALUATED,
        /** KQL, run as its DSL. */
        DSL,
        /** KQL, run as its DSL and cross-checked with its EQL translation. */
        DSL_AND_EQL,
        /** An EQL rule. */
        EQL,
        /** An ES|QL rule, run by the ES|QL evaluator (bundled as written). */
        ESQL
    }

    /** How many cases of one kind ran and how many of them behaved. */
    public record Tally(long passed, long total) {
    }

    /**
     * A case that did not behave.
     *
     * @param event    the event, as {@link TestCase#subject()} names it (file, line, description)
     * @param mustFire whether the rule was expected to fire on it
     * @param fired    whether it did
     * @param reason   which clause decided, in the evaluator's words
     * @param alertCase  whether it is a multi-event case, whose reason already says which alerts differ: shown as
     *                   {@code case: reason}, as {@link CaseResult#failureMessage()} does, not as "expected to fire"
     */
    public record FailedCase(String event, boolean mustFire, boolean fired, String reason, boolean alertCase) {

        /** A failed single-event case. */
        public FailedCase(String event, boolean mustFire, boolean fired, String reason) {
            this(event, mustFire, fired, reason, false);
        }

        public static FailedCase of(CaseResult result) {
            return new FailedCase(result.testCase().subject(), result.testCase().mustFire(), result.fired(), result.explanation(),
                    result.testCase().kind().isAlertCase());
        }

        /** The words of the failure, as {@link CaseResult#failureMessage()} gives them everywhere else. */
        public String message() {
            return alertCase ? event + ": " + reason : CaseResult.describeFailure(event, mustFire, fired, reason);
        }
    }

    public RuleTestSummary {
        Objects.requireNonNull(ruleFile, "ruleFile");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(queries, "queries");
        tallies = tallies.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(tallies));
        fixtureErrors = List.copyOf(fixtureErrors);
        failures = List.copyOf(failures);
    }

    /** The summary of one rule's run. */
    public static RuleTestSummary of(RuleTestResult r) {
        Queries queries = r.rule().esqlSource().isPresent() ? Queries.ESQL
                : r.rule().eqlSource().isPresent() ? Queries.EQL
                : r.rule().dsl().isEmpty() ? Queries.NOT_EVALUATED
                : LuceneSupport.notEvaluated(r.rule()).isPresent() ? Queries.LUCENE_NOT_EVALUATED
                : r.rule().eqlQuery().isPresent() ? Queries.DSL_AND_EQL : Queries.DSL;
        Map<TestCase.Kind, Tally> tallies = new EnumMap<>(TestCase.Kind.class);
        for (TestCase.Kind kind : TestCase.Kind.values()) {
            if (r.count(kind) > 0) {
                tallies.put(kind, new Tally(r.passedCount(kind), r.count(kind)));
            }
        }
        return new RuleTestSummary(r.rule().rule().displayPath(), r.rule().rule().name(), r.status(), queries, tallies,
                r.cases().size(), r.eqlCompared(), r.eqlAgreed(), r.generatedSkipped(), r.fixtureErrors(),
                r.failures().stream().map(FailedCase::of).toList());
    }

    public Tally tally(TestCase.Kind kind) {
        return tallies.getOrDefault(kind, new Tally(0, 0));
    }

    public long failedCases() {
        return failures.size();
    }

    public boolean failed() {
        return status == RuleTestResult.Status.FAILED;
    }
}
