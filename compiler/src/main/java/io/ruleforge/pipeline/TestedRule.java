package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.evaluate.engine.EngineException;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.report.RuleTestSummary;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What the test stage keeps of one rule once its fixtures have run: the rule's findings without the compiled rule
 * ({@link RuleCompilation#findingsOnly()}), and what its run left for the reports and the build state — its report
 * in a spool, its summary, its failing cases, its findings. A compiled rule and its full results are many times that
 * size, and a run holds these for every rule until its reports are switched in.
 *
 * @param compilation   the rule's compilation, findings only; replayed or compiled now
 * @param compiled      whether it was compiled now into a rule to test (a rule with query errors is not)
 * @param run           what testing it now left; empty when replayed, or not run because the engine had failed
 * @param engineFailure the engine's failure while testing it, which stops the run
 */
record TestedRule(RuleCompilation compilation, boolean compiled, Optional<Run> run, Optional<EngineException> engineFailure) {

    static TestedRule replayed(RuleCompilation replay) {
        return new TestedRule(replay.findingsOnly(), false, Optional.empty(), Optional.empty());
    }

    static TestedRule notRun(RuleCompilation c, Optional<EngineException> engineFailure) {
        return new TestedRule(c.findingsOnly(), c.compiled().isPresent(), Optional.empty(), engineFailure);
    }

    static TestedRule ran(RuleCompilation c, Run run) {
        return new TestedRule(c.findingsOnly(), c.compiled().isPresent(), Optional.of(run), Optional.empty());
    }

    /**
     * What testing a rule now left.
     *
     * @param diagnostics what testing found (fixtures, untestable rule, disagreements)
     * @param reports     its report (none for a rule that did not compile), rendered and spooled
     * @param failed      whether a case or a fixture failed, or testing found an error: then nothing is recorded
     * @param failedCases the cases that did not behave, for the SARIF
     */
    record Run(List<Diagnostic> diagnostics, List<Report> reports, boolean failed, List<CaseResult> failedCases) {

        /** A rule that did not compile: nothing run, nothing found. */
        static final Run NOTHING = new Run(List.of(), List.of(), false, List.of());

        Run {
            diagnostics = List.copyOf(diagnostics);
            reports = List.copyOf(reports);
            failedCases = List.copyOf(failedCases);
        }
    }

    /**
     * One rule's JUnit XML report, rendered.
     *
     * @param fileName its name in the reports folder
     * @param spooled  the spooled file holding its bytes; empty when the spool could not be written (the reports
     *                 are then withheld)
     * @param sha256   the SHA-256 of its bytes, what the build state records
     * @param summary  the rule's test summary
     */
    record Report(String fileName, Optional<Path> spooled, String sha256, RuleTestSummary summary) {
    }
}
