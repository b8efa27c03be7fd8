package io.ruleforge.replay;

import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRun;
import io.ruleforge.evaluate.alerts.RuleAlerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A query or EQL event query rule with alert suppression: each event the query returns belongs to the first run
 * whose window holds it (a later run would build the same alert {@code _id} from it), and each run's events are
 * grouped by {@link RuleAlerts#finish} — suppression per run, then {@code max_signals} — and, with a duration,
 * folded into an earlier run's alert of the same group. Unlike the unsuppressed path, an event a full run left out
 * is not taken up by the next run.
 */
final class SuppressedTimeline extends WindowTimeline {

    SuppressedTimeline(ReplayRule rule, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(rule, schedule, tally, sink);
    }

    @Override
    void matched(RecordedEvent event, long millis) {
        long run = schedule.firstRunReaching(millis);
        if (!schedule.covers(run, millis)) {
            outsideWindows++;
            return;
        }
        super.matched(event, millis);
        if (!held.isEmpty() && held.peekLast().event == event) {
            held.peekLast().run = run;
        }
    }

    @Override
    void decide(long run) {
        List<Held> mine = window(run).stream().filter(h -> h.run == run).toList();
        if (mine.isEmpty()) {
            return;
        }
        List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < mine.size(); i++) {
            alerts.add(new Alert(new LinkedHashMap<>(), 1, OptionalLong.empty(), 0, List.of(i)));
        }
        Instant now = runInstant(run);
        AlertRun result = RuleAlerts.finish(spec, alerts, stream(mine), RuleAlerts.resolve(spec.from(), now),
                RuleAlerts.resolve(spec.to(), now), Optional.empty());
        capped(result.capped());
        for (Alert a : result.alerts()) {
            Held first = mine.get(a.events().get(0));
            if (!foldedIntoEarlierRun(a, now.toEpochMilli())) {
                alert(first.millis, first.document(), List.of(first.event));
            }
        }
    }
}
