package io.ruleforge.evaluate.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A new_terms rule's runs decided one term (or combination) at a time, as Kibana's new_terms executor decides each
 * run: a term of the run's window ({@code gte from, lte to}) is new when its first occurrence from
 * {@code history_window_start} (resolved against the run's {@code to}) up to {@code to} is after {@code from}
 * ({@code first_seen > from}); its alert is built from its first event of the window; an alert whose {@code _id}
 * (that event and the terms) an earlier run wrote is dropped before the {@code max_signals} cut, and the cut keeps
 * the first alerts in the executor's order (its composite aggregation's key order).
 * <p>
 * Terms must be handed over in that order: a run's alerts so far are counted per run ({@link #decide}), so a term is
 * cut by a run exactly when the terms before it filled the run — which is what lets a caller stream a composite
 * aggregation ordered by the terms first and hold one term's occurrences at a time, not every term's.
 * Alert suppression groups a run's alerts by fields other than the terms, across terms: {@link SuppressedNewTermsRuns}
 * decides it run by run from what {@link #found} gives per term.
 */
public final class NewTermsRuns {

    /** No occurrence. */
    public static final long NONE = Long.MIN_VALUE;

    /**
     * Kibana's phase 2 selector ({@code first_seen_value > start_time}) for a term of a run's window, from what a
     * streaming reader knows: whether its first occurrence in the window is after {@code from}, and whether the latest
     * occurrence before the window ({@link #NONE} when none) lies in the history window {@code historyStart}…{@code to}.
     * Replay (per run, over all terms) and a backtest (per term, over all runs) both decide by it.
     */
    public static boolean isNew(long firstInWindow, long latestBefore, long from, long historyStart, long to) {
        return firstInWindow > from && (latestBefore == NONE || latestBefore < historyStart || latestBefore > to);
    }

    /**
     * A stretch of a term's occurrences, its earliest and latest (epoch milliseconds): a bucket of a
     * {@code date_histogram} aligned to the runs, or a single event. No run's window bound may lie within
     * {@code (first, last]}: then what is before a bound is what the stretch holds entirely, and a window's first
     * occurrence is a stretch's {@code first}.
     */
    public record Seen(long first, long last) {
        public Seen {
            if (last < first) {
                throw new IllegalArgumentException("a stretch ends (" + last + ") before it starts (" + first + ")");
            }
        }
    }

    /**
     * An alert a run writes.
     *
     * @param run the run (from 0)
     * @param at  its term's first event in the run's window: what the alert is built from
     */
    public record Written(long run, long at) {
    }

    private final RuleSchedule schedule;
    private final int runs;
    private final int maxSignals;
    /** Per run, its history window's start: resolved once per run, not per term. */
    private final long[] historyStarts;
    /** Per run, the alerts it wrote for the terms decided so far (those before in the executor's order). */
    private final int[] written;
    /** The runs that left out an alert because they had written {@code max_signals}. */
    private final BitSet runsAtMax = new BitSet();
    private long leftOut;

    /**
     * @param runs               how many runs, from the schedule's first
     * @param historyWindowStart the rule's {@code history_window_start} (date math)
     */
    public NewTermsRuns(RuleSchedule schedule, int runs, String historyWindowStart, int maxSignals) {
        this.schedule = schedule;
        this.runs = runs;
        this.maxSignals = maxSignals;
        this.historyStarts = new long[runs];
        this.written = new int[runs];
        for (int k = 0; k < runs; k++) {
            historyStarts[k] = RuleAlerts.resolve(historyWindowStart, Instant.ofEpochMilli(schedule.windowEnd(k))).toEpochMilli();
        }
    }

    /**
     * A run that finds a term new.
     *
     * @param run     the run (from 0)
     * @param at      the term's first occurrence in the run's window: what the alert is built from
     * @param stretch the index of the stretch ({@link Seen}) that occurrence starts
     */
    public record Found(long run, long at, int stretch) {
    }

    /**
     * Every run that finds one term new, in run order, whatever earlier runs wrote: what a run's alert decision starts
     * from (Kibana's phase 2 selector), before {@code _id} de-duplication, suppression and {@code max_signals}.
     *
     * @param seen the term's occurrences, in time order, not overlapping ({@link Seen})
     */
    public List<Found> found(List<Seen> seen) {
        int n = seen.size();
        long[] firsts = new long[n];
        for (int i = 0; i < n; i++) {
            firsts[i] = seen.get(i).first();
        }
        List<Found> out = new ArrayList<>();
        long nextRun = 0;
        for (int s = 0; s < n; s++) {
            // the runs whose window holds this stretch's first occurrence: only they can take it as their first
            long first = firsts[s];
            long lo = Math.max(nextRun, schedule.firstRunReaching(first));
            long hi = Math.min(runs - 1L, Math.floorDiv(first - schedule.fromOffset() - schedule.origin(), schedule.interval()) - 1);
            for (long k = lo; k <= hi; k++) {
                long from = schedule.windowStart(k);
                long to = schedule.windowEnd(k);
                int i = firstAtOrAfter(firsts, from);
                if (i == n || firsts[i] > to) {
                    continue;
                }
                long latestBefore = i == 0 ? NONE : seen.get(i - 1).last();
                if (isNew(firsts[i], latestBefore, from, historyStarts[(int) k], to)) {
                    out.add(new Found(k, firsts[i], i));
                }
            }
            nextRun = Math.max(nextRun, hi + 1);
        }
        return out;
    }

    /**
     * Decides every run for one term, the terms in the executor's order.
     *
     * @param seen the term's occurrences, in time order, not overlapping ({@link Seen})
     * @return the alerts the runs write for it, in run order
     */
    public List<Written> decide(List<Seen> seen) {
        List<Written> out = new ArrayList<>();
        Set<Long> writtenAt = new HashSet<>();
        Set<Long> cutAt = new HashSet<>();
        for (Found f : found(seen)) {
            if (writtenAt.contains(f.at())) {
                continue; // its alert _id already written by an earlier run
            }
            if (written[(int) f.run()] < maxSignals) {
                written[(int) f.run()]++;
                writtenAt.add(f.at());
                out.add(new Written(f.run(), f.at()));
            } else {
                runsAtMax.set((int) f.run());
                cutAt.add(f.at());
            }
        }
        // left out: cut by every run that found it new, not taken up by a later one
        cutAt.removeAll(writtenAt);
        leftOut += cutAt.size();
        return out;
    }

    /** Where run {@code run}'s history window starts (epoch milliseconds). */
    public long historyStart(long run) {
        return historyStarts[(int) run];
    }

    /** Alerts found new but cut by {@code max_signals} in every run that found them. */
    public long leftOut() {
        return leftOut;
    }

    /** Runs that left out an alert because they had written {@code max_signals}. */
    public int runsAtMax() {
        return runsAtMax.cardinality();
    }

    /** The first index whose value is {@code >= bound}; {@code values.length} when none. */
    private static int firstAtOrAfter(long[] values, long bound) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < bound) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
