package io.ruleforge.replay;
import io.ruleforge.evaluate.alerts.RuleSchedule;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A query rule without alert suppression, decided one event at a time: each event the query
 * returns is written by the first run whose window holds it and that has not yet written {@code max_signals}
 * alerts. That is what the detection engine does over overlapping windows: a run searches its window in
 * timestamp order (paging until it has written {@code max_signals}), and an event a run already alerted on is not alerted again by the next run (the alert's
 * {@code _id} comes from the event and the rule), while one a full run left out is taken by the next run whose
 * window still holds it. Memory: one counter per run whose window is still open.
 */
final class PerEventTimeline extends RuleTimeline {

    /** Run → {alerts written, alerts it had to leave to a later run or drop}. */
    private final TreeMap<Long, long[]> open = new TreeMap<>();

    PerEventTimeline(ReplayRule rule, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(rule, schedule, tally, sink);
    }

    @Override
    void matched(RecordedEvent event, long millis) {
        long first = schedule.firstRunReaching(millis);
        close(open.headMap(first));
        if (!schedule.covers(first, millis)) {
            missed(millis);
            return;
        }
        for (long run = first; schedule.covers(run, millis); run++) {
            long[] counts = open.computeIfAbsent(run, r -> new long[2]);
            if (counts[0] < spec.maxSignals()) {
                counts[0]++;
                alert(millis, event.source(), List.of(event));
                return;
            }
            counts[1]++;
        }
        cappedAlerts++;
    }

    @Override
    void finish() {
        close(open);
    }

    private void close(Map<Long, long[]> runs) {
        runs.values().forEach(counts -> maxSignalsHits += counts[1] > 0 ? 1 : 0);
        runs.clear();
    }
}
