package io.ruleforge.evaluate.alerts;

import io.ruleforge.rule.RuleInterval;

import java.time.Instant;
import java.util.Optional;

/**
 * When the detection engine would run one rule over a period, and what each run searches: replay's runs over the
 * recorded events and a backtest's over its range share it, so that both place the same runs. Runs are not aligned
 * to the clock: the first runs one {@code interval} after the {@code origin} (replay: the first event's
 * {@code @timestamp}; backtest: the range's start), as if the rule had been enabled then, and then every
 * {@code interval}; run {@code k} (from 0) is at {@code origin + (k + 1) × interval} and searches
 * {@code from}…{@code to} resolved against that moment, both ends inclusive (Kibana's {@code gte}/{@code lte}). The
 * last run counted is the first one whose window reaches the last event (replay) or the range's end (backtest).
 *
 * @param origin     epoch milliseconds one interval before the first run
 * @param interval   milliseconds between runs
 * @param fromOffset the window's start relative to the run ({@code now-6m}: −360,000)
 * @param toOffset   its end relative to the run ({@code now}: 0)
 */
public record RuleSchedule(long origin, long interval, long fromOffset, long toOffset) {

    public static final String DEFAULT_INTERVAL = RuleInterval.DEFAULT;

    /** The rule's schedule from its {@code interval}, {@code from} and {@code to}; empty when the interval is not a duration. */
    public static Optional<RuleSchedule> of(String interval, AlertRuleSpec spec, long origin) {
        return intervalMillis(interval).map(millis -> of(java.time.Duration.ofMillis(millis), spec, origin));
    }

    /** The rule's schedule from its {@code interval} ({@link AlertRuleSpec#interval}), {@code from} and {@code to}. */
    public static RuleSchedule of(java.time.Duration interval, AlertRuleSpec spec, long origin) {
        Instant firstRun = Instant.ofEpochMilli(origin + interval.toMillis());
        long from = RuleAlerts.resolve(spec.from(), firstRun).toEpochMilli() - firstRun.toEpochMilli();
        long to = RuleAlerts.resolve(spec.to(), firstRun).toEpochMilli() - firstRun.toEpochMilli();
        return new RuleSchedule(origin, interval.toMillis(), from, to);
    }

    /** {@code 5m}, {@code 30s}, {@code 1h}, {@code 1d} in milliseconds; empty for anything else ({@link RuleInterval}). */
    public static Optional<Long> intervalMillis(String text) {
        return RuleInterval.parse(text).map(java.time.Duration::toMillis);
    }

    /** The moment of run {@code k}. */
    public long at(long k) {
        return origin + (k + 1) * interval;
    }

    public long windowStart(long k) {
        return at(k) + fromOffset;
    }

    public long windowEnd(long k) {
        return at(k) + toOffset;
    }

    /** The first run whose window ends at or after {@code millis}: the only one that can be the first to see it. */
    public long firstRunReaching(long millis) {
        long runs = -Math.floorDiv(-(millis - toOffset - origin), interval);
        return Math.max(0, runs - 1);
    }

    public boolean covers(long k, long millis) {
        return windowStart(k) <= millis && millis <= windowEnd(k);
    }

    /** Runs from the first to the one whose window reaches {@code lastMillis}. */
    public long runsUntil(long lastMillis) {
        return firstRunReaching(lastMillis) + 1;
    }
}
