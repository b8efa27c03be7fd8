package io.ruleforge.replay;

import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.NewTermsRunAlerts;
import io.ruleforge.evaluate.alerts.NewTermsRuns;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.RuleSchedule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A new_terms rule's runs, as {@code NewTermsAlerts} decides one ({@link NewTermsRuns#isNew}, which a backtest
 * shares): a term (or combination) of the window is new when it is not seen from {@code history_window_start}
 * (resolved against the window's end) up to the window's start, the window's own first occurrence included
 * ({@code first_seen > from}). The history is not the events but, per
 * term, the latest time it was seen before the windows still to be decided — so memory grows with the distinct terms
 * of a history window, not with the events. A new term whose alert an earlier run already wrote (same first event,
 * same terms: the same alert {@code _id}) is not written again; one that a run found but did not write (cut by
 * {@code max_signals}, or suppressed into its group's alert) is written by a later run still holding it new.
 */
final class NewTermsTimeline extends WindowTimeline {

    /** Runs between two clean-ups of terms last seen before every later history window. */
    private static final int PRUNE_EVERY = 16;

    private final AlertRuleSpec.NewTerms newTerms;
    private final Map<Map<String, String>, Long> lastSeenBefore = new HashMap<>();
    /** What a run writes of its new terms (suppression, max_signals), as a backtest decides it too. */
    private final NewTermsRunAlerts runAlerts;
    private long decided;

    NewTermsTimeline(ReplayRule rule, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(rule, schedule, tally, sink);
        this.newTerms = spec.newTerms().orElseThrow();
        this.runAlerts = new NewTermsRunAlerts(spec);
    }

    /** An event before every window still to be decided is history at once (a case's events before its one run). */
    @Override
    void matched(RecordedEvent event, long millis) {
        if (!held.isEmpty() || millis >= schedule.windowStart(Math.max(next, schedule.firstRunReaching(millis)))) {
            super.matched(event, millis);
        } else {
            released(new Held(event, millis, false)); // history only: in no run's stream
        }
    }

    @Override
    void released(Held event) {
        for (Map<String, String> terms : spec.groupKeys().combinations(event.document(), newTerms.fields(), false)) {
            lastSeenBefore.merge(terms, event.millis, Math::max);
        }
    }

    @Override
    void decide(long run) {
        Instant now = runInstant(run);
        Instant from = RuleAlerts.resolve(spec.from(), now);
        Instant to = RuleAlerts.resolve(spec.to(), now);
        Instant historyStart = RuleAlerts.resolve(newTerms.historyWindowStart(), to);
        List<Held> window = window(run);
        // events before this window still held (out of order, or a shifted window) are history too
        for (Held h : held) {
            if (h.millis < from.toEpochMilli()) {
                released(h);
            }
        }
        Map<Map<String, String>, Integer> firstInWindow = new TreeMap<>(spec.groupKeys());
        for (int i = 0; i < window.size(); i++) {
            for (Map<String, String> terms : spec.groupKeys().combinations(window.get(i).document(), newTerms.fields(), false)) {
                firstInWindow.putIfAbsent(terms, i);
            }
        }
        List<Alert> alerts = new ArrayList<>();
        firstInWindow.forEach((terms, i) -> {
            Held first = window.get(i);
            Long seen = lastSeenBefore.get(terms);
            boolean isNew = NewTermsRuns.isNew(first.millis, seen == null ? NewTermsRuns.NONE : seen, from.toEpochMilli(),
                    historyStart.toEpochMilli(), to.toEpochMilli());
            if (isNew && !first.alertedAs(terms)) {
                alerts.add(new Alert(new LinkedHashMap<>(terms), 1, OptionalLong.empty(), 0, List.of(i)));
            }
        });
        NewTermsRunAlerts.Run result = runAlerts.decide(now, alerts, stream(window), from, to, historyStart);
        capped(result.capped());
        suppressed += result.suppressed();
        for (NewTermsRunAlerts.Decided d : result.alerts()) {
            // only what was written is refused next time: the term the alert is built from, not those folded into it
            Held first = window.get(d.alert().events().get(0));
            first.firstAlertAs(alerts.get(d.candidate()).key());
            if (!d.folded()) {
                alert(first.millis, first.document(), List.of(first.event), d.alert());
            }
        }
        if (++decided % PRUNE_EVERY == 0) {
            long start = historyStart.toEpochMilli();
            lastSeenBefore.values().removeIf(t -> t < start);
        }
    }
}
