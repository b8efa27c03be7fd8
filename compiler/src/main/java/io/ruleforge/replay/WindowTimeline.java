package io.ruleforge.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.alerts.StreamEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A rule whose runs are decided over their whole window at once (threshold, new_terms, alert suppression, EQL,
 * ES|QL, indicator match): it holds the events its query returns only while a run still to
 * be decided can see them, decides each run when the events have passed its window's end, and lets go of the
 * events before the next run's window. So memory grows with the events of one look-back, not with the input.
 */
abstract class WindowTimeline extends RuleTimeline {

    private static final Comparator<Held> TIME_ORDER = Comparator.comparingLong((Held h) -> h.millis)
            .thenComparingLong(h -> h.event.sequence());

    /** An event held for the runs that can still see it, with what those runs have already alerted on it. */
    static final class Held {
        final RecordedEvent event;
        final long millis;
        /** Whether {@code millis} is the rule's fallback ({@code @timestamp} of an event without the override). */
        final boolean fallback;
        /** Whether a run wrote an alert built from this event (the next run's alert would have the same {@code _id}). */
        boolean alerted;
        /** Whether a full run left out an alert built from this event that a later run may still write. */
        boolean leftOut;
        /** The alerts built from this event as their first, by identity (new terms, sequences); null when none. */
        java.util.Set<Object> alertedAs;
        /**
         * What the rule's runs read instead of the whole event (ES|QL: the fields its query names, and what the runs'
         * indices read of them); null for the event, and for an ES|QL event no run's index reads (only its time counts).
         */
        io.ruleforge.evaluate.esql.EventIndex.ReadEvent projected;

        Held(RecordedEvent event, long millis, boolean fallback) {
            this.event = event;
            this.millis = millis;
            this.fallback = fallback;
        }

        ObjectNode document() {
            return (ObjectNode) event.source();
        }

        /** Whether an alert as {@code identity} was written (an alert {@code _id} Kibana would refuse to create again). */
        boolean alertedAs(Object identity) {
            return alertedAs != null && alertedAs.contains(identity);
        }

        /** Marks {@code identity} as alerted; false when it already was. */
        boolean firstAlertAs(Object identity) {
            if (alertedAs == null) {
                alertedAs = new java.util.HashSet<>();
            }
            return alertedAs.add(identity);
        }
    }

    final ArrayDeque<Held> held = new ArrayDeque<>();
    /** The next run to decide. */
    long next;

    WindowTimeline(ReplayRule rule, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(rule, schedule, tally, sink);
    }

    @Override
    void matched(RecordedEvent event, long millis) {
        hold(event, millis);
    }

    /** Holds the event for the runs that can see it; null when none can. */
    final Held hold(RecordedEvent event, long millis) {
        return hold(event, millis, spec.time().fallsBack(event.source()));
    }

    /**
     * As {@link #hold(RecordedEvent, long)}, knowing whether the event lacks the rule's time field and is placed by the
     * fallback ({@link io.ruleforge.evaluate.alerts.RuleTimestamp#fallsBack}).
     */
    final Held hold(RecordedEvent event, long millis, boolean fallsBack) {
        if (held.isEmpty()) {
            skipTo(schedule.firstRunReaching(millis));
        }
        if (millis < schedule.windowStart(next)) {
            missed(millis);
            return null;
        }
        // read once per event, not per run that sees it
        Held h = new Held(event, millis, fallsBack);
        held.addLast(h);
        return h;
    }

    @Override
    long nextClose() {
        return held.isEmpty() || refusal != null ? Long.MAX_VALUE : schedule.windowEnd(next);
    }

    @Override
    void advance(long watermark) {
        while (!held.isEmpty() && schedule.windowEnd(next) < watermark) {
            decideNext();
        }
    }

    @Override
    void finish() {
        while (!held.isEmpty()) {
            decideNext();
        }
    }

    private void decideNext() {
        if (refusal == null) {
            decide(next);
        }
        next++;
        expireSuppression(schedule.at(next));
        dropBefore(schedule.windowStart(next));
    }

    /** No event is held: the runs before {@code run} see nothing and write nothing. */
    private void skipTo(long run) {
        if (run > next) {
            next = run;
        }
    }

    private void dropBefore(long start) {
        while (!held.isEmpty() && held.peekFirst().millis < start) {
            released(held.pollFirst());
        }
    }

    /** An event no later run can see any more; new terms keep its terms as history. */
    void released(Held event) {
    }

    /** Decides run {@code run}: the alerts it writes. */
    abstract void decide(long run);

    /** The held events in the run's window, in timestamp order (input order among equal times). */
    final List<Held> window(long run) {
        return window(run, held);
    }

    /** Those of {@code candidates} (held events) in the run's window, in timestamp order (input order among equal times). */
    final List<Held> window(long run, Iterable<Held> candidates) {
        long from = schedule.windowStart(run);
        long to = schedule.windowEnd(run);
        List<Held> in = new ArrayList<>();
        for (Held h : candidates) {
            if (h.millis >= from && h.millis <= to) {
                in.add(h);
            }
        }
        in.sort(TIME_ORDER);
        return in;
    }

    /** Whether any held event is in the run's window. */
    final boolean holdsAny(long run) {
        long from = schedule.windowStart(run);
        long to = schedule.windowEnd(run);
        for (Held h : held) {
            if (h.millis >= from && h.millis <= to) {
                return true;
            }
        }
        return false;
    }

    /**
     * The events as the stream {@code evaluate.alerts} decides runs on, all returned by the query, at their time on
     * the rule's clock (whether it is the override's fallback decides the search's order).
     */
    final List<StreamEvent> stream(List<Held> events) {
        List<StreamEvent> stream = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Held h = events.get(i);
            stream.add(new StreamEvent(i, h.document(), Instant.ofEpochMilli(h.millis), true, h.fallback));
        }
        return stream;
    }

    /** The recorded events of an alert's stream indexes, at most {@code limit} of them. */
    static List<RecordedEvent> events(List<Held> window, List<Integer> indexes, int limit) {
        return indexes.stream().limit(limit).map(i -> window.get(i).event).toList();
    }

    Instant runInstant(long run) {
        return Instant.ofEpochMilli(schedule.at(run));
    }

    /**
     * Run {@code run} of a rule the test stage's own model decides ({@link AlertRuns}), over {@code stream} (the
     * window's events, or what its search made of them): counts the alerts {@code max_signals} left out and the
     * events suppressed; returns the alerts the run wrote.
     */
    final List<Alert> execute(AlertRuns.Executor executor, long run, List<StreamEvent> stream) {
        AlertRuns.Execution execution = executor.next(runInstant(run), new AlertRuns.Window(
                Instant.ofEpochMilli(schedule.windowStart(run)), Instant.ofEpochMilli(schedule.windowEnd(run))), stream);
        capped(execution.capped());
        suppressed += execution.suppressed();
        return execution.created();
    }

    /** Writes each alert as built from its first event of {@code window}. */
    final void alertOnFirstEvents(List<Alert> alerts, List<Held> window) {
        for (Alert a : alerts) {
            Held first = window.get(a.events().get(0));
            alert(first.millis, first.document(), List.of(first.event), a);
        }
    }
}
