package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.Indicator;
import io.ruleforge.evaluate.alerts.IndicatorAlert;
import io.ruleforge.evaluate.alerts.IndicatorMatch;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.alerts.StreamEvent;
import io.ruleforge.evaluate.alerts.ThreatMapping;
import io.ruleforge.harness.IndicatorMatchCases;
import io.ruleforge.harness.ThreatQueries;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An indicator match rule's runs: the events its query returns in the run's window against the indicators of the
 * threat index ({@code --indicators}) its {@code threat_query} selects at the run's moment, decided by
 * {@link IndicatorMatch} as the multi-event cases decide them. One alert per matching event, once (the next run's
 * alert from the same event has the same {@code _id}); at most {@code max_signals} a run. With
 * {@code alert_suppression} (Kibana 8.13+) the runs go through the test stage's own model, {@link AlertRuns#searched}:
 * each run's matching events grouped in memory by their {@code group_by} values, {@code doNotSuppress} alerts first,
 * and with a duration a group an earlier run's alert still holds folded into it.
 */
final class ThreatMatchTimeline extends WindowTimeline {

    private final List<ObjectNode> indicators;
    private final ObjectNode threatQuery;
    private final IndicatorMatch match;
    /** The runs of a rule with alert suppression; null without. */
    private final AlertRuns.Executor suppressedRuns;

    /** @param termsShortcut which single-entry mapping items Kibana searches with {@code terms} ({@link ThreatQueries#termsShortcut}) */
    ThreatMatchTimeline(ReplayRule.Dsl rule, List<ObjectNode> indicators, ObjectNode threatQuery,
                        java.util.function.Predicate<io.ruleforge.evaluate.alerts.ThreatMapping.Entry> termsShortcut,
                        RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(rule, schedule, tally, sink);
        this.indicators = indicators;
        this.threatQuery = threatQuery;
        JsonNode table = rule.rule().rule().document().at("/rule");
        this.match = new IndicatorMatch(ThreatMapping.of(table.path("threat_mapping")),
                table.path("threat_indicator_path").asText(IndicatorMatch.DEFAULT_INDICATOR_PATH),
                new DslEvaluator(rule.rule().indexFields(), Clock.systemUTC()), termsShortcut);
        this.suppressedRuns = spec.suppression().isPresent() ? AlertRuns.searched(spec, match.windowSearch(this::selected)) : null;
    }

    /** The indicators the threat query selects at {@code now}, as the test stage selects them. */
    private List<Indicator> selected(Instant now) {
        return IndicatorMatchCases.selectIndicators(threatQuery, indicators, "indicator-", now);
    }

    /** A run of a rule with suppression, as {@link EqlSuppressedTimeline} runs an EQL rule's. */
    private void decideSuppressed(long run, List<Held> window) {
        alertOnFirstEvents(execute(suppressedRuns, run, stream(window)), window);
    }

    @Override
    void decide(long run) {
        List<Held> window = window(run);
        if (window.isEmpty()) {
            return;
        }
        List<IndicatorMatch.Event> events = new ArrayList<>();
        try {
            if (suppressedRuns != null) {
                decideSuppressed(run, window);
                return;
            }
            List<Indicator> selected = selected(runInstant(run));
            // the executor searches the events newest first without suppression: max_signals keeps the newest
            List<StreamEvent> ordered = new ArrayList<>(stream(window));
            ordered.sort(StreamEvent.searchOrder(spec));
            for (StreamEvent e : ordered) {
                events.add(new IndicatorMatch.Event(String.valueOf(e.index()), e.document()));
            }
            long written = 0;
            long left = 0;
            for (IndicatorAlert a : match.alerts(events, selected)) {
                Held h = window.get(Integer.parseInt(a.eventId()));
                if (h.alerted) {
                    continue;
                }
                if (written == spec.maxSignals()) {
                    left++;
                    continue;
                }
                written++;
                h.alerted = true;
                alert(h.millis, h.document(), List.of(h.event));
            }
            capped(left);
        } catch (DslEvaluationException | IllegalArgumentException e) {
            refusal = "the rule cannot run: " + e.getMessage();
            held.clear();
        }
    }
}
