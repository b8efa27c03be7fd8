package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.evaluate.VerdictSource;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseEvent;
import io.ruleforge.harness.cases.ExpectedAlert;
import io.ruleforge.harness.cases.ExpectedAlerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Streams generated at the edges of what makes a rule alert, from an event of a passing case that the query
 * returns (the seed): threshold — {@code value − 1} events of one group (quiet) and {@code value} (one alert), a
 * cardinality one below its value (quiet) and at it (alerts), the first event exactly at the window's start (inside)
 * and just before it (outside); new_terms — the term only in the window (alerts), also seen once inside the history
 * window (quiet), exactly at {@code history_window_start} (quiet: the history search includes its start), just
 * before it (alerts), and first seen exactly at the window's start (quiet: Kibana's {@code first_seen > from}).
 * What each must give follows from the rule's settings, not from the evaluation. A variant whose generated events
 * the query does not return (the seed's values are what it matches on) is not generated.
 */
final class AlertBoundaryCases {

    private static final String TIMESTAMP = "@timestamp";

    private final CompiledRule rule;
    private final AlertRuleSpec spec;
    private final VerdictSource verdicts;
    private final AlertCases runner;

    AlertBoundaryCases(CompiledRule rule, AlertRuleSpec spec, VerdictSource verdicts, AlertCases runner) {
        this.rule = rule;
        this.spec = spec;
        this.verdicts = verdicts;
        this.runner = runner;
    }

    /** A seed: an event the query returns, single-valued in the fields that matter, and the case it comes from. */
    private record Seed(AlertCase origin, ObjectNode event, SourcePosition position) {
    }

    List<CaseResult> generate(List<AlertCase> cases, List<CaseResult> results) {
        List<String> fields = spec.threshold().map(AlertRuleSpec.Threshold::fields)
                .or(() -> spec.newTerms().map(AlertRuleSpec.NewTerms::fields)).orElse(List.of());
        if (spec.threshold().isEmpty() && spec.newTerms().isEmpty()) {
            return List.of();
        }
        Optional<Seed> seed = seed(cases, results, fields);
        if (seed.isEmpty()) {
            return List.of();
        }
        return spec.threshold().isPresent() ? threshold(seed.get(), spec.threshold().get()) : newTerms(seed.get(), spec.newTerms().get());
    }

    private Optional<Seed> seed(List<AlertCase> cases, List<CaseResult> results, List<String> fields) {
        for (int i = 0; i < cases.size(); i++) {
            // a case of several runs seeds nothing: the generated streams are single runs
            if (!results.get(i).passed() || cases.get(i).multiRun()) {
                continue;
            }
            AlertCase c = cases.get(i);
            for (CaseEvent e : c.events()) {
                ObjectNode doc = e.document();
                boolean single = fields.stream().allMatch(f -> EventFields.values(doc, f).size() == 1
                        && EventFields.values(doc, f).get(0).isValueNode());
                if (single && matches(List.of(doc))) {
                    return Optional.of(new Seed(c, doc, e.position()));
                }
            }
        }
        return Optional.empty();
    }

    private List<CaseResult> threshold(Seed seed, AlertRuleSpec.Threshold t) {
        Instant now = seed.origin().now();
        Instant from = RuleAlerts.resolve(spec.from(), now);
        Instant to = RuleAlerts.resolve(spec.to(), now);
        ObjectNode key = key(seed.event(), t.fields());
        long value = t.value();
        long distinct = t.cardinality().isPresent() ? Math.max(t.cardinalityValue(), 1) : 0;
        long copies = Math.max(value, distinct);
        List<CaseResult> out = new ArrayList<>();
        String group = t.fields().isEmpty() ? "all events" : describe(key);
        if (value > 1 && copies - 1 >= distinct) {
            generated(out, seed, "threshold: " + (copies - 1) + " events of " + group + " (value " + value + " − 1) stay quiet",
                    now, burst(seed.event(), copies - 1, distinct, to.minusSeconds(1), Duration.ofMillis(1)), 0, null, OptionalLong.empty());
        }
        generated(out, seed, "threshold: " + copies + " events of " + group + " (value " + value + ") alert",
                now, burst(seed.event(), copies, distinct, to.minusSeconds(1), Duration.ofMillis(1)), 1, key, OptionalLong.of(copies));
        if (t.cardinality().isPresent() && t.cardinalityValue() >= 2) {
            generated(out, seed, "threshold: " + copies + " events of " + group + " with " + (t.cardinalityValue() - 1) + " distinct "
                            + t.cardinality().get() + " (cardinality " + t.cardinalityValue() + " − 1) stay quiet",
                    now, burst(seed.event(), copies, t.cardinalityValue() - 1, to.minusSeconds(1), Duration.ofMillis(1)), 0, null, OptionalLong.empty());
        }
        // The first event exactly at the window's start is inside it (gte); a millisecond earlier it is not.
        List<CaseEvent> atStart = burst(seed.event(), copies, distinct, from, Duration.ofMillis(1));
        generated(out, seed, "threshold: " + copies + " events of " + group + ", the first exactly at the window's start, alert",
                now, atStart, 1, key, OptionalLong.of(copies));
        List<CaseEvent> early = new ArrayList<>(atStart);
        early.set(0, at(atStart.get(0).document(), from.minusMillis(1), seed.position()));
        generated(out, seed, "threshold: " + copies + " events of " + group + ", the first 1 ms before the window, stay quiet",
                now, early, 0, null, OptionalLong.empty());
        return out;
    }

    private List<CaseResult> newTerms(Seed seed, AlertRuleSpec.NewTerms n) {
        Instant now = seed.origin().now();
        Instant from = RuleAlerts.resolve(spec.from(), now);
        Instant to = RuleAlerts.resolve(spec.to(), now);
        Instant history = RuleAlerts.resolve(n.historyWindowStart(), to);
        Instant inWindow = from.plus(Duration.between(from, to).dividedBy(2));
        Instant inHistory = history.plus(Duration.between(history, from).dividedBy(2));
        ObjectNode key = key(seed.event(), n.fields());
        String term = describe(key);
        CaseEvent current = at(seed.event(), inWindow, seed.position());
        List<CaseResult> out = new ArrayList<>();
        generated(out, seed, "new_terms: " + term + " only in the rule window alerts", now, List.of(current), 1, key, OptionalLong.empty());
        generated(out, seed, "new_terms: " + term + " also seen once inside the history window stays quiet", now,
                List.of(at(seed.event(), inHistory, seed.position()), current), 0, null, OptionalLong.empty());
        generated(out, seed, "new_terms: " + term + " also seen exactly at history_window_start stays quiet", now,
                List.of(at(seed.event(), history, seed.position()), current), 0, null, OptionalLong.empty());
        generated(out, seed, "new_terms: " + term + " also seen 1 ms before history_window_start alerts", now,
                List.of(at(seed.event(), history.minusMillis(1), seed.position()), current), 1, key, OptionalLong.empty());
        generated(out, seed, "new_terms: " + term + " first seen exactly at the window's start stays quiet", now,
                List.of(at(seed.event(), from, seed.position())), 0, null, OptionalLong.empty());
        return out;
    }

    private void generated(List<CaseResult> out, Seed seed, String subject, Instant now, List<CaseEvent> events, long alerts,
                           ObjectNode key, OptionalLong count) {
        if (!matches(events.stream().map(CaseEvent::document).toList())) {
            return;
        }
        List<ExpectedAlert> groups = key == null ? List.of()
                : List.of(new ExpectedAlert(key, count, OptionalLong.empty(), OptionalLong.empty(), seed.position()));
        ExpectedAlerts expect = new ExpectedAlerts(alerts, groups, OptionalLong.empty(), seed.position());
        out.add(runner.run(TestCase.Kind.GENERATED_ALERT_BOUNDARY, "generated from " + seed.origin().file() + " — " + subject,
                seed.origin().file() + ":" + seed.position().line(), now, events, expect));
    }

    /** {@code count} copies of the event, a step apart from {@code start}, with {@code distinct} values of the cardinality field. */
    private List<CaseEvent> burst(ObjectNode event, long count, long distinct, Instant start, Duration step) {
        List<CaseEvent> events = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            ObjectNode copy = event.deepCopy();
            if (distinct > 0 && spec.threshold().flatMap(AlertRuleSpec.Threshold::cardinality).isPresent()) {
                set(copy, spec.threshold().get().cardinality().get(), "ruleforge-distinct-" + (i % distinct));
            }
            events.add(at(copy, start.plus(step.multipliedBy(i)), SourcePosition.ofFile("generated")));
        }
        return events;
    }

    /**
     * The event at {@code time}: its {@code @timestamp}, and the rule's {@code timestamp_override} field when it has one,
     * which is what places the event in a run (an event copied with its own ingest time would stay where that puts it).
     */
    private CaseEvent at(ObjectNode event, Instant time, SourcePosition position) {
        ObjectNode copy = event.deepCopy();
        copy.put(TIMESTAMP, time.toString());
        if (spec.time().overridden()) {
            set(copy, spec.time().primary(), time.toString());
        }
        return new CaseEvent(copy, time, position);
    }

    /** Sets a dotted field, through nested objects, replacing what is there. */
    private static void set(ObjectNode event, String field, String value) {
        if (event.has(field)) {
            event.put(field, value);
            return;
        }
        String[] segments = field.split("\\.");
        ObjectNode node = event;
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode child = node.get(segments[i]);
            node = child instanceof ObjectNode o ? o : node.putObject(segments[i]);
        }
        node.put(segments[segments.length - 1], value);
    }

    private static ObjectNode key(ObjectNode event, List<String> fields) {
        ObjectNode key = JsonNodeFactory.instance.objectNode();
        fields.forEach(f -> key.set(f, EventFields.values(event, f).get(0)));
        return key;
    }

    private static String describe(ObjectNode key) {
        List<String> parts = new ArrayList<>();
        key.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        return String.join(", ", parts);
    }

    private boolean matches(List<ObjectNode> documents) {
        try {
            if (rule.searchDsl().isPresent()) {
                return verdicts.decide(rule.searchDsl().get(), documents).stream().allMatch(DslEvaluator.Verdict::matched);
            }
            return false;
        } catch (DslEvaluationException e) {
            return false;
        }
    }
}
