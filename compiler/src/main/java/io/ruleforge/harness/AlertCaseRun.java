package io.ruleforge.harness;

import io.ruleforge.kql.KibanaVersion;

import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.evaluate.VerdictSource;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.files.FileProblems;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseCodes;
import io.ruleforge.harness.cases.CaseFileLoader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Tests a rule with its multi-event cases (and, for a query or EQL rule, its single-event fixtures too). A rule whose
 * alerts need a stream (threshold, new_terms, indicator match) is never tested with single events: a
 * {@code positive.ndjson} or {@code negative.ndjson} for it is an error saying how to write a case instead. An
 * indicator match rule's case is one run unless the rule has {@code alert_suppression}, which makes runs matter.
 */
final class AlertCaseRun {

    private final CompiledRule rule;
    private final AlertRuleSpec spec;
    private final VerdictSource verdicts;
    private final FixtureLoader fixtures;

    /** Whose indicator match searches the cases reproduce. */
    private final KibanaVersion kibanaVersion;

    AlertCaseRun(CompiledRule rule, AlertRuleSpec spec, VerdictSource verdicts, FixtureLoader fixtures, KibanaVersion kibanaVersion) {
        this.kibanaVersion = kibanaVersion;
        this.rule = rule;
        this.spec = spec;
        this.verdicts = verdicts;
        this.fixtures = fixtures;
    }

    /**
     * @param singleEvents the rule's single-event run, for rules that have one; {@code null} for rules whose
     *                     alerts need a stream
     */
    RuleTestResult run(CaseFileLoader.Result caseFiles, Supplier<RuleTestResult> singleEvents, List<Diagnostic> diagnostics) {
        String stem = rule.rule().fileStem();
        String folder = fixtures.displayFolderOf(stem);
        List<Diagnostic> errors = new ArrayList<>();
        for (Diagnostic d : caseFiles.diagnostics()) {
            (d.isError() ? errors : diagnostics).add(d);
        }
        List<CaseResult> results = new ArrayList<>();
        int eqlCompared = 0;
        int eqlAgreed = 0;
        int generatedSkipped = 0;
        if (singleEvents != null) {
            RuleTestResult single = singleEvents.get();
            results.addAll(single.cases());
            errors.addAll(single.fixtureErrors());
            eqlCompared = single.eqlCompared();
            eqlAgreed = single.eqlAgreed();
            generatedSkipped = single.generatedSkipped();
        } else {
            singleEventFixtures(stem).forEach(file -> errors.add(new Diagnostic(CaseCodes.SINGLE_EVENT_FIXTURES, Severity.ERROR,
                    SourcePosition.ofFile(file), "a " + spec.type() + " rule alerts on a stream of events, never on one: "
                    + "single-event fixtures cannot show what it alerts on, so they are not run",
                    "move the events into " + folder + "/" + CaseFileLoader.CASES_FOLDER + "/<name>.json with their @timestamp, "
                            + "the moment the rule runs (\"now\") and the alerts it must write (\"expect\"); see README, Multi-event cases")));
        }
        List<AlertCase> cases = caseFiles.cases();
        // indicator match alerts come from IndicatorMatchCases, not RuleAlerts
        boolean reproduced = RuleAlerts.supports(spec) || spec.type().equals("threat_match");
        if (!cases.isEmpty() && (!reproduced || !AlertCases.decidable(rule))) {
            diagnostics.add(new Diagnostic(CaseCodes.CASES_NOT_RUN, Severity.WARNING, SourcePosition.ofFile(rule.rule().displayPath()),
                    "the multi-event cases in " + folder + "/" + CaseFileLoader.CASES_FOLDER + " are not run: ruleforge does not "
                            + "reproduce the alerts of " + (RuleAlerts.supports(spec) ? "this query language" : spec.type() + " rules") + " yet", ""));
            cases = List.of();
        } else if (cases.isEmpty() && caseFiles.diagnostics().stream().noneMatch(Diagnostic::isError) && singleEvents == null) {
            diagnostics.add(new Diagnostic(HarnessCodes.NO_FIXTURES, Severity.WARNING, rule.rule().positionOf("/rule/type"),
                    "rule has no multi-event case: nothing shows what a " + spec.type() + " rule alerts on",
                    "add " + folder + "/" + CaseFileLoader.CASES_FOLDER + "/<name>.json (README, Multi-event cases)"));
        } else if (!cases.isEmpty() && singleEvents == null && cases.stream().noneMatch(AlertCaseRun::alerts)
                && errors.isEmpty()) {
            // as a single-event rule without a positive: cases that only stay quiet pass as well for a rule that
            // can never fire (probe29: a threshold rule on "x and not x")
            diagnostics.add(new Diagnostic(HarnessCodes.NO_POSITIVES, Severity.WARNING, rule.rule().positionOf("/rule/type"),
                    "rule has no case in which it alerts: nothing shows that it fires at all",
                    "add a case in " + folder + "/" + CaseFileLoader.CASES_FOLDER + " whose events make the "
                            + spec.type() + " rule alert (\"expect\": {\"alerts\": 1} or more)"));
        }
        AlertCases runner = new AlertCases(rule, spec, verdicts);
        List<CaseResult> caseResults = new ArrayList<>();
        if (spec.type().equals("threat_match")) {
            if (spec.suppression().isEmpty()) {
                // with suppression, a run's alerts decide what later runs write (IndicatorMatchCases runs them)
                cases = oneRunOnly(cases, errors, "an indicator match rule without alert_suppression's case as one "
                        + "execution (its alerts carry nothing to a later run but their ids)");
            }
            IndicatorMatchCases indicatorMatch = new IndicatorMatchCases(rule, spec, verdicts, fixtures.folderOf(stem), folder, kibanaVersion);
            errors.addAll(indicatorMatch.problems());
            for (AlertCase c : cases) {
                caseResults.add(indicatorMatch.run(c));
            }
            results.addAll(caseResults);
            results.addAll(indicatorMatch.boundaries(cases, caseResults));
            diagnostics.addAll(errors);
            return new RuleTestResult(rule, results, errors, eqlCompared, eqlAgreed, generatedSkipped);
        }
        for (AlertCase c : cases) {
            caseResults.add(runner.run(c));
        }
        results.addAll(caseResults);
        results.addAll(new AlertBoundaryCases(rule, spec, verdicts, runner).generate(cases, caseResults));
        diagnostics.addAll(errors);
        return new RuleTestResult(rule, results, errors, eqlCompared, eqlAgreed, generatedSkipped);
    }

    /** Whether a case expects the rule to write or update an alert in some run. */
    private static boolean alerts(AlertCase c) {
        return c.expect().alerts() > 0 || c.runs().stream().anyMatch(r -> r.expect().alerts() > 0 || !r.updated().isEmpty());
    }

    /** The single-event fixture files the rule has, as messages name them. */
    private List<String> singleEventFixtures(String stem) {
        List<String> files = new ArrayList<>();
        Optional<Path> folder = fixtures.folderOf(stem);
        for (String name : FixtureLoader.FILE_NAMES) {
            folder.map(f -> f.resolve(name)).filter(FileProblems::isPresent)
                    .ifPresent(f -> files.add(fixtures.displayFolderOf(stem) + "/" + name));
        }
        return files;
    }

    /** The cases of one execution; a case of several runs is an RF6201 error saying why ruleforge runs {@code what}. */
    private static List<AlertCase> oneRunOnly(List<AlertCase> cases, List<Diagnostic> errors, String what) {
        List<AlertCase> oneRun = new ArrayList<>();
        for (AlertCase c : cases) {
            if (c.multiRun()) {
                errors.add(Diagnostic.error(CaseCodes.BAD_CASE, c.runs().get(0).position(),
                        "expected \"now\": ruleforge runs " + what + ", found \"runs\""));
            } else {
                oneRun.add(c);
            }
        }
        return oneRun;
    }
}
