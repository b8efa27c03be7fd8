package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.TermKeys;
import io.ruleforge.evaluate.VerdictSource;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.AlertRun;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.AlertSearch;
import io.ruleforge.evaluate.alerts.EqlAlerts;
import io.ruleforge.evaluate.alerts.GroupKeys;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import io.ruleforge.evaluate.alerts.StreamEvent;
import io.ruleforge.eql.QueryBody;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseEvent;
import io.ruleforge.harness.cases.CaseRun;
import io.ruleforge.harness.cases.ExpectedAlert;
import io.ruleforge.harness.cases.ExpectedAlerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Runs a rule's multi-event cases: its query decides each event of the stream (through the verdict source: the
 * built-in evaluator or a real Elasticsearch), {@link RuleAlerts} turns the verdicts into the alerts of a run at the
 * case's {@code now} ({@link EqlAlerts} for an EQL rule, whose query runs over the window's events as a whole), and
 * the case passes when those are the alerts it states. In live mode the cluster groups
 * threshold and new_terms alerts itself ({@link AlertSearch}), with the searches Kibana's executors send.
 */
final class AlertCases {

    private final CompiledRule rule;
    private final AlertRuleSpec spec;
    private final VerdictSource verdicts;
    private final RuleTimestamp time;

    AlertCases(CompiledRule rule, AlertRuleSpec spec, VerdictSource verdicts) {
        this.rule = rule;
        this.spec = spec;
        this.verdicts = verdicts;
        this.time = spec.time();
    }

    /** Whether the rule's query can decide events here: KQL or Lucene (DSL), or EQL. */
    static boolean decidable(CompiledRule rule) {
        return rule.dsl().isPresent() || rule.eqlSource().isPresent();
    }

    CaseResult run(AlertCase alertCase) {
        if (alertCase.multiRun()) {
            return runAll(alertCase);
        }
        return run(TestCase.Kind.ALERT_CASE, alertCase.label(), alertCase.file() + ":1", alertCase.now(),
                alertCase.events(), alertCase.expect());
    }

    /** Runs one stream; {@code kind} tells fixture cases from generated ones. */
    CaseResult run(TestCase.Kind kind, String subject, String source, Instant now, List<CaseEvent> events, ExpectedAlerts expect) {
        List<ObjectNode> documents = events.stream().map(CaseEvent::document).toList();
        TestCase testCase = new TestCase(subject, kind, source, documents, true);
        List<StreamEvent> stream = new ArrayList<>();
        AlertRun run;
        Optional<AlertRun> clusterRun;
        try {
            List<Boolean> matched = decide(documents);
            for (int i = 0; i < events.size(); i++) {
                stream.add(StreamEvent.of(i, documents.get(i), time, matched.get(i)));
            }
            clusterRun = clusterAlerts(stream, now);
            run = clusterRun.orElseGet(() -> rule.eqlSource().isPresent()
                    ? EqlAlerts.run(spec, rule.eqlSource().get(), rule.indexFields(), RuleTestRunner.eqlSettings(rule), stream, now)
                    : RuleAlerts.run(spec, stream, now));
        } catch (DslEvaluationException e) {
            return new CaseResult(testCase, false, e.refusal("the query") + ": " + e.getMessage());
        }
        Optional<String> mismatch = mismatch(expect, run, spec.groupKeys())
                .map(m -> clusterRun.isPresent() ? m : m + belowThreshold(stream, now));
        String decidedBy = clusterRun.isPresent() ? "; alerts decided by " + ((AlertSearch) verdicts).alertsDecidedBy() : "";
        boolean sequences = rule.eqlSource().map(q -> q.body() instanceof QueryBody.Sequence).orElse(false);
        return new CaseResult(testCase, mismatch.isEmpty(), mismatch.orElse(describe(run, stream, sequences)) + decidedBy);
    }

    /**
     * A case of several executions ({@link AlertRuns}): the query decides every event once, each run's alerts are
     * checked against that run's expectation, and the case passes when every run gives its alerts. In live mode the
     * cluster decides the events; the runs' grouping and what they carry from one to the next stay in-process.
     */
    private CaseResult runAll(AlertCase alertCase) {
        List<ObjectNode> documents = alertCase.events().stream().map(CaseEvent::document).toList();
        TestCase testCase = new TestCase(alertCase.label(), TestCase.Kind.ALERT_CASE, alertCase.file() + ":1", documents, true);
        List<StreamEvent> stream = new ArrayList<>();
        List<CaseRun> runs = alertCase.runs();
        List<Instant> nows = runs.stream().map(CaseRun::now).toList();
        List<AlertRuns.Execution> executions;
        try {
            List<Boolean> matched = decide(documents);
            for (int i = 0; i < documents.size(); i++) {
                stream.add(StreamEvent.of(i, documents.get(i), time, matched.get(i)));
            }
            // an EQL rule's filters are compiled with its evaluator: a refused filter refuses the case here too
            executions = rule.eqlSource().isPresent()
                    ? AlertRuns.runEql(spec, AlertRuleSpec.interval(rule.rule()), rule.eqlSource().get(), rule.indexFields(),
                            RuleTestRunner.eqlSettings(rule), stream, nows)
                    : AlertRuns.run(spec, AlertRuleSpec.interval(rule.rule()), stream, nows);
        } catch (DslEvaluationException e) {
            return new CaseResult(testCase, false, e.refusal("the query") + ": " + e.getMessage());
        }
        String decidedBy = verdicts instanceof AlertSearch ? "; events decided by " + verdicts.description()
                + ", the runs grouped in-process" : "";
        return runsResult(spec, testCase, runs, executions, decidedBy);
    }

    /**
     * The result of a case of several runs: each execution checked against its run's expectation, the case passing
     * when every run gives its alerts; {@code suffix} ends the explanation.
     */
    static CaseResult runsResult(AlertRuleSpec spec, TestCase testCase, List<CaseRun> runs, List<AlertRuns.Execution> executions,
                                 String suffix) {
        List<String> failures = new ArrayList<>();
        List<String> summaries = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            AlertRuns.Execution execution = executions.get(r);
            Optional<Instant> historyStart = spec.newTerms().map(n -> RuleAlerts.resolve(n.historyWindowStart(),
                    execution.windows().get(execution.windows().size() - 1).to()));
            Optional<String> mismatch = mismatch(runs.get(r), execution, historyStart, spec.groupKeys());
            String label = "run " + (r + 1) + " at " + execution.now();
            mismatch.ifPresent(m -> failures.add(label + ": " + m));
            summaries.add(label + ": " + plural(execution.created().size(), "alert")
                    + (execution.created().isEmpty() ? "" : " (" + keys(execution.created()) + ")")
                    + (execution.extended().isEmpty() ? "" : ", suppressed into earlier " + execution.extended().stream()
                    .map(x -> describe(x.key()) + " (+" + x.added() + ", " + x.suppressed() + " in all)").collect(Collectors.joining("; ")))
                    + (execution.windows().size() > 1 ? ", " + (execution.windows().size() - 1) + " catch-up window"
                    + (execution.windows().size() > 2 ? "s" : "") + " first" : ""));
        }
        return new CaseResult(testCase, failures.isEmpty(),
                (failures.isEmpty() ? String.join("; ", summaries) : String.join("; ", failures)) + suffix);
    }

    /** What differs in one run of several: its alerts as {@link #mismatch(ExpectedAlerts, AlertRun, GroupKeys)}, and the earlier alerts it updates. */
    private static Optional<String> mismatch(CaseRun expected, AlertRuns.Execution execution, Optional<Instant> historyStart,
                                             GroupKeys keys) {
        ExpectedAlerts expect = expected.expect();
        // a run's suppressed total includes the events it suppresses into earlier alerts
        ExpectedAlerts ownAlerts = new ExpectedAlerts(expect.alerts(), expect.groups(), OptionalLong.empty(), expect.position());
        List<String> problems = new ArrayList<>();
        mismatch(ownAlerts, execution.asRun(historyStart), keys).ifPresent(problems::add);
        expect.suppressed().ifPresent(s -> {
            if (execution.suppressed() != s) {
                problems.add("expected " + plural(s, "suppressed event") + " in all, found " + execution.suppressed());
            }
        });
        for (ExpectedAlert updated : expected.updated()) {
            Map<String, String> key = keyOf(updated.key());
            Optional<AlertRuns.Extended> found = execution.extended().stream().filter(x -> keys.names(key, x.key())).findFirst();
            if (found.isEmpty()) {
                problems.add("expected the run to suppress events into the earlier alert " + describe(key) + ", found "
                        + (execution.extended().isEmpty() ? "none updated" : execution.extended().stream()
                        .map(x -> describe(x.key())).collect(Collectors.joining("; ")) + " updated"));
                continue;
            }
            updated.suppressed().ifPresent(s -> {
                if (found.get().suppressed() != s) {
                    problems.add("earlier alert " + describe(key) + ": expected " + plural(s, "suppressed event")
                            + " after the run, found " + found.get().suppressed());
                }
            });
        }
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    }

    /** In live mode, the alerts as the cluster's own aggregations group them, for the rule types it decides. */
    private Optional<AlertRun> clusterAlerts(List<StreamEvent> stream, Instant now) {
        if (verdicts instanceof AlertSearch cluster && rule.searchDsl().isPresent()) {
            return cluster.alerts(rule.searchDsl().get(), spec, stream, now);
        }
        return Optional.empty();
    }

    private List<Boolean> decide(List<ObjectNode> documents) {
        if (rule.searchDsl().isPresent()) {
            return verdicts.decide(rule.searchDsl().get(), documents).stream().map(DslEvaluator.Verdict::matched).toList();
        }
        // an EQL rule's alerts come from EqlAlerts; the flags only tell reports which events an event query returns
        // (a sequence term's events are not returned on their own)
        EqlEvaluator eql = new EqlEvaluator(rule.indexFields(), RuleTestRunner.eqlSettings(rule));
        boolean sequence = rule.eqlSource().orElseThrow().body() instanceof QueryBody.Sequence;
        List<Boolean> out = new ArrayList<>();
        for (ObjectNode document : documents) {
            out.add(!sequence && !eql.evaluate(rule.eqlSource().orElseThrow(), List.of(document)).isEmpty());
        }
        return out;
    }

    /** What differs between the alerts stated and those written; empty when they are the same. */
    static Optional<String> mismatch(ExpectedAlerts expect, AlertRun run) {
        return mismatch(expect, run, GroupKeys.KEYWORDS);
    }

    /** The same, with the expected keys read as {@code keys} stores them (a date stated as text is its epoch millis). */
    static Optional<String> mismatch(ExpectedAlerts expect, AlertRun run, GroupKeys keys) {
        List<String> problems = new ArrayList<>();
        if (run.alerts().size() != expect.alerts()) {
            problems.add("expected " + plural(expect.alerts(), "alert") + ", found " + plural(run.alerts().size(), "alert")
                    + (run.alerts().isEmpty() ? "" : " (" + keys(run.alerts()) + ")"));
        }
        List<Alert> unclaimed = new ArrayList<>(run.alerts());
        for (ExpectedAlert expected : expect.groups()) {
            Map<String, String> key = keyOf(expected.key());
            Optional<Alert> found = unclaimed.stream().filter(a -> keys.names(key, a.key())).findFirst();
            if (found.isEmpty()) {
                problems.add("expected an alert for " + describe(key) + ", found none");
                continue;
            }
            unclaimed.remove(found.get());
            Alert alert = found.get();
            expected.count().ifPresent(c -> {
                if (alert.count() != c) {
                    problems.add(describe(key) + ": expected a count of " + c + ", found " + alert.count());
                }
            });
            expected.cardinality().ifPresent(c -> {
                if (alert.cardinality().orElse(-1) != c) {
                    problems.add(describe(key) + ": expected a cardinality of " + c + ", found "
                            + (alert.cardinality().isPresent() ? alert.cardinality().getAsLong() : "none (the rule has no threshold.cardinality)"));
                }
            });
            expected.suppressed().ifPresent(s -> {
                if (alert.suppressed() != s) {
                    problems.add(describe(key) + ": expected " + plural(s, "suppressed event") + ", found " + alert.suppressed());
                }
            });
        }
        expect.suppressed().ifPresent(s -> {
            if (run.suppressed() != s) {
                problems.add("expected " + plural(s, "suppressed event") + " in all, found " + run.suppressed());
            }
        });
        return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems) + " — " + window(run));
    }

    private String describe(AlertRun run, List<StreamEvent> stream, boolean sequences) {
        long inWindow = stream.stream().filter(e -> e.within(run.from(), run.to())).count();
        long matched = stream.stream().filter(e -> e.matched() && e.within(run.from(), run.to())).count();
        return plural(run.alerts().size(), "alert") + (run.alerts().isEmpty() ? "" : " (" + keys(run.alerts()) + ")")
                + (sequences ? "; the sequence runs over the " + inWindow + " events in " + window(run)
                : "; the query returns " + matched + " of the " + inWindow + " events in " + window(run))
                + (time.overridden() ? ", placed by " + time.describe() : "")
                + (run.capped() > 0 ? "; " + run.capped() + " more left out by max_signals" : "");
    }

    /**
     * For a threshold rule, the groups of the window that wrote no alert, with their counts against the threshold:
     * why an expected alert is missing ({@code source.ip=10.0.0.5: 4 events, below 5}).
     */
    private String belowThreshold(List<StreamEvent> stream, Instant now) {
        if (spec.threshold().isEmpty()) {
            return "";
        }
        long value = spec.threshold().get().value();
        List<String> below = new ArrayList<>();
        RuleAlerts.thresholdGroups(spec, stream, now).forEach((key, count) -> {
            if (count < value) {
                below.add((key.isEmpty() ? "all events" : describe(key)) + ": " + plural(count, "event"));
            }
        });
        if (below.isEmpty()) {
            return "";
        }
        int shown = Math.min(below.size(), 5);
        return "; below the threshold of " + value + ": " + String.join(", ", below.subList(0, shown))
                + (below.size() > shown ? " and " + (below.size() - shown) + " more group" + (below.size() - shown == 1 ? "" : "s") : "");
    }

    private static String window(AlertRun run) {
        return "the window " + run.from() + " … " + run.to()
                + run.historyStart().map(h -> ", history from " + h).orElse("");
    }

    private static String keys(List<Alert> alerts) {
        return alerts.stream().map(a -> a.describeKey() + (a.count() > 1 ? ": " + a.count() + " events" : "")
                        + (a.count() == 1 && a.events().size() > 1 ? ": a sequence of " + a.events().size() + " events" : "")
                        + (a.cardinality().isPresent() ? ", " + a.cardinality().getAsLong() + " distinct" : "")
                        + (a.suppressed() > 0 ? ", " + a.suppressed() + " suppressed" : ""))
                .collect(Collectors.joining("; "));
    }

    /** An expected alert's key as written, numbers in their plain form ({@link GroupKeys#names} reads it by type). */
    static Map<String, String> keyOf(ObjectNode key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            out.put(field.getKey(), field.getValue().isNull() ? null : TermKeys.sourceText(field.getValue()));
        }
        return out;
    }

    private static String describe(Map<String, String> key) {
        if (key.isEmpty()) {
            return "(all events)";
        }
        return key.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue() == null ? "(missing)" : e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String plural(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
