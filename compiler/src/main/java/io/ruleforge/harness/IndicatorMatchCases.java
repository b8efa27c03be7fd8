package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.evaluate.VerdictSource;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.AlertRun;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.Indicator;
import io.ruleforge.evaluate.alerts.IndicatorAlert;
import io.ruleforge.evaluate.alerts.IndicatorMatch;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import io.ruleforge.evaluate.alerts.StreamEvent;
import io.ruleforge.evaluate.alerts.ThreatMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.files.FileProblems;
import io.ruleforge.files.Utf8Text;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseEvent;
import io.ruleforge.harness.cases.CaseRun;
import io.ruleforge.harness.cases.ExpectedAlert;
import io.ruleforge.harness.cases.ExpectedAlerts;
import io.ruleforge.kql.KibanaVersion;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Runs the multi-event cases of an indicator match rule. The indicators of a case are its own {@code indicators}
 * or else the rule's {@code indicators.ndjson} (the threat index); the rule's {@code threat_query} (KQL compiled by
 * ruleforge's own compiler, or lucene), with its enabled {@code threat_filters}, selects among them at the case's
 * {@code now}; the rule's query and window select the events; {@link IndicatorMatch} decides the alerts. An alert is
 * named by what matched: {@code {"destination.ip": "203.0.113.7"}}. Generated boundary cases: each alerting event of
 * a passing case alone (alerts), without the mapped field (quiet), and with a different value in it (quiet). A rule
 * with {@code alert_suppression} runs its cases, of one run or several, through the alerts model's runs
 * ({@link #executions}): its alerts are named by their {@code group_by} values, and have no boundary cases.
 */
public final class IndicatorMatchCases {

    static final String INDICATORS_FILE = "indicators.ndjson";
    /** The threat index's field types: the ECS mapping of {@code threat.*}. */
    private static final FieldSchema THREAT_FIELDS = ThreatQueries.THREAT_FIELDS;

    private final CompiledRule rule;
    private final AlertRuleSpec spec;
    private final VerdictSource verdicts;
    private final ThreatMapping mapping;
    private final String indicatorPath;
    private final List<ObjectNode> folderIndicators;
    private final String folderIndicatorsName;
    private final List<Diagnostic> problems = new ArrayList<>();
    private final Optional<ObjectNode> threatQuery;
    private final RuleTimestamp time;

    /**
     * @param verdicts      decides the rule's query and the match clauses (for the rule's own index fields)
     * @param fixtureFolder the rule's fixture folder, whose {@code indicators.ndjson} is the threat index of cases
     *                      without their own {@code indicators}
     * @param displayFolder that folder as messages name it
     */
    private final KibanaVersion kibanaVersion;

    /** @param kibanaVersion the release whose threat searches are reproduced (its terms shortcut: 8.10 and later) */
    public IndicatorMatchCases(CompiledRule rule, AlertRuleSpec spec, VerdictSource verdicts, Optional<Path> fixtureFolder,
                               String displayFolder, KibanaVersion kibanaVersion) {
        this.kibanaVersion = kibanaVersion;
        this.rule = rule;
        this.spec = spec;
        this.verdicts = verdicts;
        JsonNode table = rule.rule().document().at("/rule");
        this.mapping = ThreatMapping.of(table.path("threat_mapping"));
        this.indicatorPath = table.path("threat_indicator_path").asText(IndicatorMatch.DEFAULT_INDICATOR_PATH);
        this.folderIndicatorsName = displayFolder + "/" + INDICATORS_FILE;
        this.folderIndicators = readIndicators(fixtureFolder.map(f -> f.resolve(INDICATORS_FILE)));
        this.threatQuery = ThreatQueries.of(rule, problems);
        this.time = spec.time();
    }

    /** Whether the rule has {@code alert_suppression}: its cases run through {@link #executions}, grouped. */
    public boolean suppressing() {
        return spec.suppression().isPresent();
    }

    /** Problems with the indicator file or the threat query, reported once for the rule. */
    List<Diagnostic> problems() {
        return List.copyOf(problems);
    }

    private List<ObjectNode> readIndicators(Optional<Path> file) {
        if (file.isEmpty() || !FileProblems.isPresent(file.get())) {
            return List.of();
        }
        try {
            String text = Utf8Text.read(file.get());
            List<ObjectNode> out = new ArrayList<>();
            for (EventFile.Event e : EventFile.parse(folderIndicatorsName, text)) {
                if (!(e.document() instanceof ObjectNode object)) {
                    problems.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, new io.ruleforge.diag.SourcePosition(folderIndicatorsName, e.line(), 1),
                            "expected an indicator document (a JSON object) but found " + e.document().getNodeType()));
                    continue;
                }
                out.add(object);
            }
            return out;
        } catch (Utf8Text.NotUtf8Exception e) {
            problems.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, e.position(folderIndicatorsName), e.problem()));
        } catch (IOException e) {
            problems.add(Diagnostic.error(HarnessCodes.BAD_FIXTURE, io.ruleforge.diag.SourcePosition.ofFile(folderIndicatorsName),
                    "cannot read the indicators file: " + FileProblems.describe(e)));
        } catch (DiagnosticException e) {
            problems.add(e.diagnostic());
        }
        return List.of();
    }

    CaseResult run(AlertCase alertCase) {
        if (spec.suppression().isPresent()) {
            return runSuppressed(alertCase);
        }
        return run(TestCase.Kind.ALERT_CASE, alertCase.label(), alertCase.file() + ":1", alertCase.now(),
                alertCase.events().stream().map(CaseEvent::document).toList(), indicatorsOf(alertCase),
                indicatorSourceOf(alertCase), alertCase.expect());
    }

    /**
     * The alerts one run of the case writes (at most {@code max_signals}, in event order), for the diff, which
     * compares two versions of a rule on the same case.
     *
     * @throws RunFailure when this version of the rule cannot run on the case: a broken threat query, a query
     *                    Elasticsearch would reject, or an indicator path Kibana's enrichment fails on
     */
    public List<IndicatorAlert> alerts(AlertCase alertCase) throws RunFailure {
        return decide(alertCase.now(), alertCase.events().stream().map(CaseEvent::document).toList(), indicatorsOf(alertCase),
                indicatorSourceOf(alertCase)).written();
    }

    /**
     * A case of a rule with {@code alert_suppression} (Kibana 8.13+), of one run or several: its executions through
     * the alerts model's runs ({@link AlertRuns#runSearched}), so suppression per execution or over a duration, and
     * {@code missing_fields_strategy}, follow the same model as the other types; each run is checked as a case of
     * several runs is ({@code suppressed} counts, earlier alerts {@code updated}).
     */
    private CaseResult runSuppressed(AlertCase alertCase) {
        TestCase testCase = new TestCase(alertCase.label(), TestCase.Kind.ALERT_CASE, alertCase.file() + ":1",
                alertCase.events().stream().map(CaseEvent::document).toList(), true);
        List<AlertRuns.Execution> executions;
        try {
            executions = executions(alertCase);
        } catch (RunFailure e) {
            return new CaseResult(testCase, false, e.getMessage());
        }
        String indicators = "; the threat query selects among " + indicatorsOf(alertCase).size() + " indicators of "
                + indicatorSourceOf(alertCase) + ", alerts suppressed by " + String.join(", ", spec.suppression().get().groupBy());
        if (alertCase.multiRun()) {
            return AlertCases.runsResult(spec, testCase, alertCase.runs(), executions, indicators);
        }
        AlertRun run = executions.get(0).asRun(Optional.empty());
        Optional<String> mismatch = AlertCases.mismatch(alertCase.expect(), run);
        String explanation = mismatch.orElseGet(() -> run.alerts().size() + " alert" + (run.alerts().size() == 1 ? "" : "s")
                + (run.alerts().isEmpty() ? "" : " (" + run.alerts().stream()
                .map(a -> a.describeKey() + (a.suppressed() > 0 ? " +" + a.suppressed() + " suppressed" : ""))
                .collect(Collectors.joining("; ")) + ")") + " in the window " + run.from() + " … " + run.to());
        return new CaseResult(testCase, mismatch.isEmpty(), explanation + indicators);
    }

    /**
     * The executions of a case of a rule with suppression: one per run of a case of several, else one at its
     * {@code now}. Each window's events are those the query returns in it; the threat query selects the indicators
     * at the run's moment.
     *
     * @throws RunFailure when this version of the rule cannot run on the case (as {@link #alerts})
     */
    public List<AlertRuns.Execution> executions(AlertCase alertCase) throws RunFailure {
        if (threatQuery.isEmpty()) {
            throw new RunFailure("no indicator can be selected: the threat_query is broken");
        }
        List<ObjectNode> documents = alertCase.events().stream().map(CaseEvent::document).toList();
        List<ObjectNode> indicatorDocs = indicatorsOf(alertCase);
        String indicatorSource = indicatorSourceOf(alertCase);
        try {
            List<DslEvaluator.Verdict> matched = verdicts.decide(rule.searchDsl().orElseThrow(), documents);
            List<StreamEvent> stream = new ArrayList<>();
            for (int i = 0; i < documents.size(); i++) {
                stream.add(StreamEvent.of(i, documents.get(i), time, matched.get(i).matched()));
            }
            IndicatorMatch match = new IndicatorMatch(mapping, indicatorPath, verdicts, ThreatQueries.termsShortcut(rule, kibanaVersion));
            List<Instant> nows = alertCase.multiRun() ? alertCase.runs().stream().map(CaseRun::now).toList() : List.of(alertCase.now());
            return AlertRuns.runSearched(spec, AlertRuleSpec.interval(rule.rule()),
                    match.windowSearch(now -> selectIndicators(threatQuery.orElseThrow(), indicatorDocs, indicatorSource + "#", now)), stream, nows);
        } catch (DslEvaluationException | IllegalArgumentException e) {
            throw new RunFailure("the rule cannot run: " + e.getMessage());
        }
    }

    /**
     * The indicators the threat query selects at {@code now} (its date math resolved against that moment), each
     * named {@code idPrefix} + its place from 1 — the test stage's and replay's selection alike.
     */
    public static List<Indicator> selectIndicators(ObjectNode threatQuery, List<ObjectNode> indicatorDocs, String idPrefix, Instant now) {
        DslEvaluator threatEvaluator = new DslEvaluator(THREAT_FIELDS, Clock.fixed(now, ZoneOffset.UTC));
        List<Indicator> selected = new ArrayList<>();
        for (int i = 0; i < indicatorDocs.size(); i++) {
            if (threatEvaluator.evaluate(threatQuery, indicatorDocs.get(i)).matched()) {
                selected.add(new Indicator(idPrefix + (i + 1), "threat-index", indicatorDocs.get(i)));
            }
        }
        return selected;
    }

    /** Why a version of the rule cannot run on a case; its message says it for reports. */
    public static final class RunFailure extends Exception {
        RunFailure(String message) {
            super(message);
        }
    }

    private List<ObjectNode> indicatorsOf(AlertCase alertCase) {
        return alertCase.indicators().isEmpty()
                ? folderIndicators : alertCase.indicators().stream().map(CaseEvent::document).toList();
    }

    private String indicatorSourceOf(AlertCase alertCase) {
        return alertCase.indicators().isEmpty() ? folderIndicatorsName : alertCase.file();
    }

    /**
     * One run's outcome.
     *
     * @param written            the alerts written, at most {@code max_signals}
     * @param capped             alerts left out by {@code max_signals}
     * @param selectedEvents     events the query returns in the window
     * @param selectedIndicators indicators the threat query selects
     */
    private record Outcome(List<IndicatorAlert> written, int capped, Instant from, Instant to, int selectedEvents,
                           int selectedIndicators) {
    }

    private Outcome decide(Instant now, List<ObjectNode> documents, List<ObjectNode> indicatorDocs,
                           String indicatorSource) throws RunFailure {
        if (threatQuery.isEmpty()) {
            throw new RunFailure("no indicator can be selected: the threat_query is broken");
        }
        Instant from = RuleAlerts.resolve(spec.from(), now);
        Instant to = RuleAlerts.resolve(spec.to(), now);
        List<IndicatorMatch.Event> selectedEvents = new ArrayList<>();
        List<Indicator> selectedIndicators = new ArrayList<>();
        List<IndicatorAlert> alerts;
        try {
            List<DslEvaluator.Verdict> matched = verdicts.decide(rule.searchDsl().orElseThrow(), documents);
            List<StreamEvent> returned = new ArrayList<>();
            for (int i = 0; i < documents.size(); i++) {
                StreamEvent event = StreamEvent.of(i, documents.get(i), time, matched.get(i).matched());
                if (event.matched() && event.within(from, to)) {
                    returned.add(event);
                }
            }
            // the executor searches the events newest first without suppression: max_signals keeps the newest
            returned.sort(StreamEvent.searchOrder(spec));
            returned.forEach(e -> selectedEvents.add(new IndicatorMatch.Event(String.valueOf(e.index()), e.document())));
            selectedIndicators.addAll(selectIndicators(threatQuery.orElseThrow(), indicatorDocs, indicatorSource + "#", now));
            // the verdict source decides each match clause: in live mode the cluster's own match query
            alerts = new IndicatorMatch(mapping, indicatorPath, verdicts, ThreatQueries.termsShortcut(rule, kibanaVersion)).alerts(selectedEvents, selectedIndicators);
        } catch (DslEvaluationException | IllegalArgumentException e) {
            throw new RunFailure("the rule cannot run: " + e.getMessage());
        }
        int capped = Math.max(0, alerts.size() - spec.maxSignals());
        return new Outcome(alerts.stream().limit(spec.maxSignals()).toList(), capped, from, to, selectedEvents.size(),
                selectedIndicators.size());
    }

    private CaseResult run(TestCase.Kind kind, String subject, String source, Instant now, List<ObjectNode> documents,
                           List<ObjectNode> indicatorDocs, String indicatorSource, ExpectedAlerts expect) {
        TestCase testCase = new TestCase(subject, kind, source, documents, true);
        Outcome outcome;
        try {
            outcome = decide(now, documents, indicatorDocs, indicatorSource);
        } catch (RunFailure e) {
            return new CaseResult(testCase, false, e.getMessage());
        }
        List<Alert> written = outcome.written().stream()
                .map(a -> new Alert(a.matchedValues(), 1, OptionalLong.empty(), 0, List.of(Integer.parseInt(a.eventId()))))
                .toList();
        AlertRun run = new AlertRun(written, outcome.from(), outcome.to(), Optional.empty(), outcome.capped());
        Optional<String> mismatch = AlertCases.mismatch(expect, run);
        String explanation = mismatch.orElseGet(() -> written.size() + " alert" + (written.size() == 1 ? "" : "s")
                + (written.isEmpty() ? "" : " (" + written.stream().map(Alert::describeKey).collect(Collectors.joining("; ")) + ")"))
                + "; the query returns " + outcome.selectedEvents() + " events in the window " + outcome.from() + " … " + outcome.to()
                + ", the threat query selects " + outcome.selectedIndicators() + " of " + indicatorDocs.size() + " indicators";
        return new CaseResult(testCase, mismatch.isEmpty(), explanation);
    }

    /**
     * Boundary streams from the alerting events of passing cases: the event alone alerts; without the matched
     * field, or with its value changed, it is quiet.
     */
    List<CaseResult> boundaries(List<AlertCase> cases, List<CaseResult> results) {
        List<CaseResult> out = new ArrayList<>();
        if (spec.suppression().isPresent()) {
            // a suppressed alert is named by its group_by values, not by what matched: the variations below (the
            // matched field removed or changed) cannot be read from the case's expectation
            return out;
        }
        for (int c = 0; c < cases.size(); c++) {
            if (!results.get(c).passed() || cases.get(c).expect().alerts() == 0) {
                continue;
            }
            AlertCase alertCase = cases.get(c);
            List<ObjectNode> indicators = indicatorsOf(alertCase);
            String indicatorSource = indicatorSourceOf(alertCase);
            for (ExpectedAlert expected : alertCase.expect().groups()) {
                Map<String, String> key = AlertCases.keyOf(expected.key());
                Instant from = RuleAlerts.resolve(spec.from(), alertCase.now());
                Instant to = RuleAlerts.resolve(spec.to(), alertCase.now());
                for (CaseEvent event : alertCase.events()) {
                    // an event behind the alert: in the window, returned by the query, holding the matched value
                    if (!matchesKey(event.document(), key) || !time.time(event.document()).map(t -> !t.isBefore(from) && !t.isAfter(to)).orElse(false)
                            || !returnedByQuery(event.document())) {
                        continue;
                    }
                    String at = alertCase.file() + ":" + event.position().line();
                    out.add(run(TestCase.Kind.GENERATED_ALERT_BOUNDARY, "the alerting event of " + alertCase.file() + " alone",
                            at, alertCase.now(), List.of(event.document()), indicators,
                            indicatorSource, new ExpectedAlerts(1, List.of(), OptionalLong.empty(), event.position())));
                    for (String field : key.keySet()) {
                        ObjectNode without = event.document();
                        remove(without, field);
                        out.add(run(TestCase.Kind.GENERATED_ALERT_BOUNDARY, "the alerting event of " + alertCase.file()
                                        + " without " + field, at, alertCase.now(), List.of(without),
                                indicators, indicatorSource, new ExpectedAlerts(0, List.of(), OptionalLong.empty(), event.position())));
                        ObjectNode different = event.document();
                        String changed = differentValue(key.get(field));
                        set(different, field, changed);
                        out.add(run(TestCase.Kind.GENERATED_ALERT_BOUNDARY, "the alerting event of " + alertCase.file()
                                        + " with " + field + " " + changed, at, alertCase.now(), List.of(different),
                                indicators, indicatorSource, new ExpectedAlerts(0, List.of(), OptionalLong.empty(), event.position())));
                    }
                    break;
                }
            }
        }
        return out;
    }

    private boolean returnedByQuery(ObjectNode event) {
        try {
            return verdicts.decide(rule.searchDsl().orElseThrow(), List.of(event)).get(0).matched();
        } catch (DslEvaluationException e) {
            return false;
        }
    }

    private static boolean matchesKey(ObjectNode event, Map<String, String> key) {
        return key.entrySet().stream().allMatch(e -> EventFields.values(event, e.getKey()).stream()
                .anyMatch(v -> v.asText().equals(e.getValue())));
    }

    /** A value next to {@code value}: an IPv4 address with its last byte changed, otherwise the text with a suffix. */
    static String differentValue(String value) {
        String[] octets = value.split("\\.");
        if (octets.length == 4 && value.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            int last = Integer.parseInt(octets[3]);
            return octets[0] + "." + octets[1] + "." + octets[2] + "." + (last == 255 ? 254 : last + 1);
        }
        return value + "-x";
    }

    private static void remove(ObjectNode event, String field) {
        if (event.has(field)) {
            event.remove(field);
            return;
        }
        int dot = field.indexOf('.');
        if (dot > 0 && event.get(field.substring(0, dot)) instanceof ObjectNode child) {
            remove(child, field.substring(dot + 1));
        }
    }

    private static void set(ObjectNode event, String field, String value) {
        if (event.has(field)) {
            event.put(field, value);
            return;
        }
        int dot = field.indexOf('.');
        if (dot > 0 && event.get(field.substring(0, dot)) instanceof ObjectNode child) {
            set(child, field.substring(dot + 1), value);
        }
    }
}
