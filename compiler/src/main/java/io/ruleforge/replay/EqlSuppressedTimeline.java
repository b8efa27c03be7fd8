package io.ruleforge.replay;

import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.EqlAlerts;
import io.ruleforge.evaluate.alerts.RuleSchedule;

import java.util.List;

/**
 * An EQL rule with alert suppression (event query, sequence or sample), run by run as Kibana runs it — through the
 * test stage's own model, {@link AlertRuns#eql}: each run's window searched as the EQL executor searches it
 * ({@link EqlAlerts}: {@code size = max_signals}, the first results), its alerts grouped in memory by the
 * suppression key (an event's fields-API values sorted; a sequence's shell alert, {@code null} where its events
 * disagree), {@code doNotSuppress} alerts first, {@code max_signals} counting a sequence's building blocks; with a
 * duration, a group an earlier run's alert still holds is folded into it. Events and sequences an earlier run
 * already alerted on are not alerted again.
 */
final class EqlSuppressedTimeline extends WindowTimeline {

    private final AlertRuns.Executor executor;

    EqlSuppressedTimeline(ReplayRule rule, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(rule, schedule, tally, sink);
        this.executor = AlertRuns.eql(rule.spec(), rule.rule().eqlSource().orElseThrow(), rule.rule().indexFields(),
                EqlAlerts.settings(rule.rule()));
    }

    @Override
    void decide(long run) {
        List<Held> window = window(run);
        if (window.isEmpty()) {
            return;
        }
        for (Alert a : execute(executor, run, stream(window))) {
            List<Held> events = a.events().stream().map(window::get).toList();
            Held last = events.get(events.size() - 1);
            alert(last.millis, last.document(), events.stream().map(h -> h.event).toList(), a);
        }
    }
}
