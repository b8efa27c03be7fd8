package io.ruleforge.evaluate.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The alerts of one rule run, and the windows it searched.
 *
 * @param from         the rule window's start (inclusive, as Kibana's {@code gte})
 * @param to           its end (inclusive, {@code lte})
 * @param historyStart new_terms: where the history window starts
 * @param capped       alerts left out because of {@code max_signals}
 */
public record AlertRun(List<Alert> alerts, Instant from, Instant to, Optional<Instant> historyStart, int capped) {
    public AlertRun {
        alerts = List.copyOf(alerts);
    }

    public long suppressed() {
        return alerts.stream().mapToLong(Alert::suppressed).sum();
    }
}
