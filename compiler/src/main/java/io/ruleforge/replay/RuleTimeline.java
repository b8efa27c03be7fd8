package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.alerts.SuppressionAcrossRuns;

import java.util.List;

/**
 * One rule's runs over the replayed period ({@link RuleSchedule}): it is handed, in timestamp order, the events its
 * query returns (every event, for ES|QL), and writes the alerts its runs would write into its {@link RuleTally},
 * counting what {@code max_signals} left out and what alert suppression folded. Fed by one thread (the replay's
 * reader, in input order); not thread-safe.
 */
abstract class RuleTimeline {

    final ReplayRule rule;
    final AlertRuleSpec spec;
    final RuleSchedule schedule;
    final RuleTally tally;
    private final Replayer.AlertSink sink;
    /** Alerts waiting for the sink while the timeline is decided beside others ({@link #holdAlerts}); null otherwise. */
    private List<HeldAlert> heldAlerts;
    /** Events folded into another alert by suppression (Kibana's {@code kibana.alert.suppression.docs_count}, summed). */
    long suppressed;
    /** Runs that had more alerts than {@code max_signals} and wrote only that many. */
    long maxSignalsHits;
    /** Alerts no run wrote because of {@code max_signals}. */
    long cappedAlerts;
    /** Events the query returns that no run's window holds (a look-back shorter than the interval leaves gaps). */
    long outsideWindows;
    /**
     * Events the query returns that came too late for the runs whose windows hold them — already decided, or before
     * the period's first event: the input was not in time order.
     */
    long lateEvents;
    /** Why the rule's runs could not be decided (an ES|QL query ruleforge cannot evaluate); null when they could. */
    String refusal;
    /** Suppression with a duration: the groups whose alerts later runs fold into. */
    private final SuppressionAcrossRuns acrossRuns;

    RuleTimeline(ReplayRule rule, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        this.rule = rule;
        this.spec = rule.spec();
        this.schedule = schedule;
        this.tally = tally;
        this.sink = sink;
        this.acrossRuns = new SuppressionAcrossRuns(spec.suppression());
    }

    /** Counts an event the query returns that no run will take: one that came too late, or one between windows. */
    final void missed(long millis) {
        if (millis < schedule.origin() || schedule.covers(schedule.firstRunReaching(millis), millis)) {
            lateEvents++;
        } else {
            outsideWindows++;
        }
    }

    /** An event the rule's query returns (for ES|QL: any event), not earlier than the events before it. */
    abstract void matched(RecordedEvent event, long millis);

    /** {@link #matched(RecordedEvent, long)}, with the event's leaf fields read for all the rules it is handed to. */
    void matched(RecordedEvent event, long millis, EventLeaves leaves) {
        matched(event, millis);
    }

    /** The time after which the next run to decide can receive no more events; {@code Long.MAX_VALUE} when none waits. */
    long nextClose() {
        return Long.MAX_VALUE;
    }

    /** Decides the runs whose windows end before {@code watermark}: no later event can be in them. */
    void advance(long watermark) {
    }

    /** Decides the runs still waiting: the input has ended. */
    void finish() {
    }

    /** Writes one alert: {@code keyEvent} is what its key values are read from (a sequence's last event, an ES|QL row). */
    final void alert(long millis, JsonNode keyEvent, List<RecordedEvent> events) {
        alert(millis, keyEvent, events, (AlertGroup) null);
    }

    /** Writes one alert the rule's model built: with its group (threshold, new terms, suppression), if any. */
    final void alert(long millis, JsonNode keyEvent, List<RecordedEvent> events, Alert built) {
        alert(millis, keyEvent, events, AlertGroup.of(spec, built));
    }

    private void alert(long millis, JsonNode keyEvent, List<RecordedEvent> events, AlertGroup group) {
        long sequence = events.isEmpty() ? Long.MAX_VALUE : events.get(events.size() - 1).sequence();
        tally.add(millis, sequence, keyEvent, events, group);
        if (sink == null) {
            return;
        }
        if (heldAlerts != null) {
            heldAlerts.add(new HeldAlert(millis, List.copyOf(events), java.util.Optional.ofNullable(group)));
        } else {
            sink.alert(rule.rule(), millis, events, java.util.Optional.ofNullable(group));
        }
    }

    /** An alert raised while the timeline was decided beside others, not yet handed to the sink. */
    private record HeldAlert(long millis, List<RecordedEvent> events, java.util.Optional<AlertGroup> group) {
    }

    /**
     * From now on the alerts go to the sink only at {@link #releaseAlerts}: the timeline is decided on another thread
     * beside other rules', and the sink must get every rule's alerts in the order deciding them one by one gives.
     */
    final void holdAlerts() {
        if (sink != null) {
            heldAlerts = new java.util.ArrayList<>();
        }
    }

    /** Hands the alerts held since {@link #holdAlerts} to the sink, in the order they were raised; then straight on again. */
    final void releaseAlerts() {
        if (heldAlerts != null) {
            List<HeldAlert> held = heldAlerts;
            heldAlerts = null;
            for (HeldAlert a : held) {
                sink.alert(rule.rule(), a.millis(), a.events(), a.group());
            }
        }
    }

    /** Notes a run's {@code max_signals} cap: {@code capped} alerts it left out. */
    final void capped(long capped) {
        if (capped > 0) {
            maxSignalsHits++;
            cappedAlerts += capped;
        }
    }

    /**
     * Alert suppression with a duration, across runs ({@link SuppressionAcrossRuns}, which a backtest's new_terms
     * runs share): counts what the alert suppressed, and whether it is folded into an earlier run's alert.
     *
     * @return whether the alert is folded
     */
    final boolean foldedIntoEarlierRun(Alert alert, long runMillis) {
        SuppressionAcrossRuns.Fold fold = acrossRuns.fold(alert, runMillis);
        suppressed += fold.suppressed();
        return fold.folded();
    }

    /** Forgets suppression windows that ended before {@code runMillis}, so memory grows with the active groups only. */
    final void expireSuppression(long runMillis) {
        acrossRuns.expire(runMillis);
    }
}
