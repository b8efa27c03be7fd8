package io.ruleforge.replay;

import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRun;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.alerts.StreamEvent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A threshold rule's runs: each groups the events of its window as {@link RuleAlerts} does. Across runs, Kibana's
 * threshold executor keeps a signal history — per group, the time of the latest event of the group's last alert —
 * and leaves out of later runs every event of that group not after that time (a {@code must_not} of the group's
 * terms and {@code @timestamp lte} it), so an event counted into one alert never counts towards another. Memory: the
 * window's events and one history entry per group that alerted within a look-back.
 */
final class ThresholdTimeline extends WindowTimeline {

    /** Samples and alerts.ndjson list at most this many events of a group. */
    static final int EVENTS_PER_ALERT = 100;

    private final Map<Map<String, String>, Long> lastAlertedEvent = new HashMap<>();

    ThresholdTimeline(ReplayRule rule, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(rule, schedule, tally, sink);
    }

    @Override
    void decide(long run) {
        List<Held> window = window(run);
        if (window.isEmpty()) {
            return;
        }
        List<StreamEvent> stream = new ArrayList<>();
        List<String> fields = spec.threshold().orElseThrow().fields();
        for (int i = 0; i < window.size(); i++) {
            Held h = window.get(i);
            boolean counted = spec.groupKeys().combinations(h.document(), fields, false).stream()
                    .noneMatch(key -> h.millis <= lastAlertedEvent.getOrDefault(key, Long.MIN_VALUE));
            stream.add(new StreamEvent(i, h.document(), java.time.Instant.ofEpochMilli(h.millis), counted));
        }
        AlertRun result = RuleAlerts.run(spec, stream, runInstant(run));
        capped(result.capped());
        for (Alert a : result.alerts()) {
            long latest = a.events().stream().mapToLong(i -> window.get(i).millis).max().orElseThrow();
            lastAlertedEvent.merge(a.key(), latest, Math::max);
            if (!foldedIntoEarlierRun(a, schedule.at(run))) {
                alert(latest, window.get(a.events().get(0)).document(), events(window, a.events(), EVENTS_PER_ALERT), a);
            }
        }
        long nextStart = schedule.windowStart(run + 1);
        lastAlertedEvent.values().removeIf(t -> t < nextStart);
    }
}
