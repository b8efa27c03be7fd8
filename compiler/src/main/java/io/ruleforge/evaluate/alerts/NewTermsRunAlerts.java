package io.ruleforge.evaluate.alerts;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one run of a new_terms rule writes from the new terms it found, as Kibana's executor goes on from them: alert
 * suppression in memory ({@link RuleAlerts#finish}: {@code executeBulkCreateAlerts}, groups by the {@code group_by}
 * values of each new term's first event), the {@code max_signals} cut, and with a duration the folding into an
 * earlier run's alert of the group ({@link SuppressionAcrossRuns}). Replay's runs and a backtest's
 * ({@link SuppressedNewTermsRuns}) both decide through it, one instance per rule, runs in order; so what the two count
 * differs only in how they find the new terms. Not thread-safe.
 */
public final class NewTermsRunAlerts {

    /**
     * An alert of the run.
     *
     * @param alert     the alert (a suppressed one's key is its group's)
     * @param candidate the new term it is built from: its index in the run's new terms. Kibana names the alert by that
     *                  term and its first event, so a later run does not write that term from that event again; the
     *                  other terms folded into it stay unwritten
     * @param folded    whether it was folded into an earlier run's alert of its group (not written)
     */
    public record Decided(Alert alert, int candidate, boolean folded) {
    }

    /**
     * @param alerts     the run's alerts, written and folded, in the order written
     * @param capped     alerts {@code max_signals} left out
     * @param suppressed events suppression folded: into this run's alerts and, with a duration, earlier ones
     */
    public record Run(List<Decided> alerts, int capped, long suppressed) {
        public Run {
            alerts = List.copyOf(alerts);
        }
    }

    private final AlertRuleSpec spec;
    private final SuppressionAcrossRuns acrossRuns;

    public NewTermsRunAlerts(AlertRuleSpec spec) {
        this.spec = spec;
        this.acrossRuns = new SuppressionAcrossRuns(spec.suppression());
    }

    /**
     * One run.
     *
     * @param now      the run's moment
     * @param newTerms the new terms it found and no earlier run wrote from the same first event, in the executor's
     *                 order (its composite's key order), each an alert keyed by its terms naming its first event
     * @param stream   the events the alerts name (their group values are read from them, and their time)
     */
    public Run decide(Instant now, List<Alert> newTerms, List<StreamEvent> stream, Instant from, Instant to, Instant historyStart) {
        acrossRuns.expire(now.toEpochMilli());
        AlertRun result = RuleAlerts.finish(spec, newTerms, stream, from, to, Optional.of(historyStart));
        // a result alert names its first event; the term it stands for is that event's first new term not yet taken
        // (an event's terms share their group and come in order)
        Map<Integer, Deque<Integer>> byEvent = new HashMap<>();
        for (int i = 0; i < newTerms.size(); i++) {
            byEvent.computeIfAbsent(newTerms.get(i).events().get(0), k -> new ArrayDeque<>()).add(i);
        }
        List<Decided> decided = new ArrayList<>();
        long suppressed = 0;
        for (Alert a : result.alerts()) {
            int candidate = byEvent.get(a.events().get(0)).poll();
            SuppressionAcrossRuns.Fold fold = acrossRuns.fold(a, now.toEpochMilli());
            suppressed += fold.suppressed();
            decided.add(new Decided(a, candidate, fold.folded()));
        }
        return new Run(decided, result.capped(), suppressed);
    }
}
