package io.ruleforge.evaluate.alerts;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Alert suppression with a duration, across the runs of a rule whose runs group alerts one run at a time (threshold,
 * new_terms): an alert of a group that an earlier run's alert opened suppression for, no longer than the duration
 * before this run, is folded into that alert (it and the events it suppressed count as suppressed) and not written.
 * The suppression runs from the run that wrote the group's alert; alerts of a group missing a field with
 * {@code doNotSuppress} are never folded. Without a duration nothing is folded across runs. Replay's timelines and a
 * backtest's new_terms runs both fold through it, so that they fold alike. Not thread-safe: one rule's runs, in order.
 */
public final class SuppressionAcrossRuns {

    /**
     * What suppression made of one alert of a run.
     *
     * @param folded     whether it was folded into an earlier run's alert (and so not written)
     * @param suppressed events it adds to suppression counts: the alert itself when folded, and the events it folded
     */
    public record Fold(boolean folded, long suppressed) {
    }

    private final Optional<AlertRuleSpec.Suppression> suppression;
    /** Group → the run (epoch ms) whose alert the group's later alerts fold into. */
    private final Map<Map<String, String>, Long> suppressedSince = new HashMap<>();

    public SuppressionAcrossRuns(Optional<AlertRuleSpec.Suppression> suppression) {
        this.suppression = suppression;
    }

    /** Decides one alert of the run at {@code runMillis}, the run's alerts in the order they are written. */
    public Fold fold(Alert alert, long runMillis) {
        Optional<Duration> duration = suppression.flatMap(AlertRuleSpec.Suppression::duration);
        if (duration.isEmpty() || alert.key().containsValue(null) && !suppression.get().suppressMissing()) {
            return new Fold(false, alert.suppressed());
        }
        Long since = suppressedSince.get(alert.key());
        if (since != null && runMillis - since <= duration.get().toMillis()) {
            return new Fold(true, 1 + alert.suppressed());
        }
        suppressedSince.put(alert.key(), runMillis);
        return new Fold(false, alert.suppressed());
    }

    /** Forgets suppression windows that ended before {@code runMillis}, so memory grows with the active groups only. */
    public void expire(long runMillis) {
        suppression.flatMap(AlertRuleSpec.Suppression::duration).ifPresent(d ->
                suppressedSince.values().removeIf(since -> runMillis - since > d.toMillis()));
    }
}
