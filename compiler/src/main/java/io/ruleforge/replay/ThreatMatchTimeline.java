package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.alerts.Indicator;
import io.ruleforge.evaluate.alerts.IndicatorAlert;
import io.ruleforge.evaluate.alerts.IndicatorMatch;
import io.ruleforge.evaluate.alerts.ThreatMapping;
import io.ruleforge.harness.ThreatQueries;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * An indicator match rule's runs: the events its query returns in the run's window against the indicators of the
 * threat index ({@code --indicators}) its {@code threat_query} selects at the run's moment, decided by
 * {@link IndicatorMatch} as the multi-event cases decide them. One alert per matching event, once (the next run's
 * alert from the same event has the same {@code _id}); at most {@code max_signals} a run.
 */
final class ThreatMatchTimeline extends WindowTimeline {

    private final List<ObjectNode> indicators;
    private final ObjectNode threatQuery;
    private final IndicatorMatch match;

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
    }

    @Override
    void decide(long run) {
        List<Held> window = window(run);
        if (window.isEmpty()) {
            return;
        }
        DslEvaluator threat = new DslEvaluator(ThreatQueries.THREAT_FIELDS, Clock.fixed(runInstant(run), ZoneOffset.UTC));
        List<Indicator> selected = new ArrayList<>();
        List<IndicatorMatch.Event> events = new ArrayList<>();
        try {
            for (int i = 0; i < indicators.size(); i++) {
                if (threat.evaluate(threatQuery, indicators.get(i)).matched()) {
                    selected.add(new Indicator("indicator-" + (i + 1), "threat-index", indicators.get(i)));
                }
            }
            for (int i = 0; i < window.size(); i++) {
                events.add(new IndicatorMatch.Event(String.valueOf(i), window.get(i).document()));
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
