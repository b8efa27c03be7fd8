package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A new_terms rule with alert suppression, its runs decided from its terms' occurrences handed over one term at a
 * time (a backtest streams them so, from a composite aggregation ordered by the terms first). Suppression groups a
 * run's new terms across terms, by the {@code group_by} values of each one's first event, and orders them by time,
 * so a run cannot be decided term by term as {@link NewTermsRuns#decide} decides unsuppressed ones: each term's
 * findings ({@link NewTermsRuns#found}: the runs that find it new, and at which first event) are kept, and then every
 * run is decided in turn by {@link NewTermsRunAlerts}, as replay decides its runs — which new terms a run hands on
 * depends on what earlier runs wrote (an alert's term and first event are not written twice), so runs go in order.
 * <p>
 * The {@code group_by} values are asked for per finding ({@link #term} returns what to look up, {@link #firstEvent}
 * takes the answer), so a caller reads them for the few first events that are new terms, not for every occurrence.
 * Memory: per finding a run, a time, a group and a link to the same alert in earlier runs (24 bytes), at most
 * {@value #MAX_FOUND} findings; per distinct group its identity and one event's {@code group_by} values (a Jackson
 * tree: measured 0.66 KB a group by one short {@code host.name}, heap after GC), at most {@value #MAX_GROUPS} groups
 * ({@link TooManyException} beyond either); one run's findings at a time while deciding.
 */
public final class SuppressedNewTermsRuns {

    /** The most findings (a term new in a run) kept: about 24 MB. */
    public static final int MAX_FOUND = 1_000_000;

    /**
     * The most distinct groups kept: about 130 MB by one short {@code host.name} (0.66 KB a group measured, heap after
     * GC; more with more or longer {@code group_by} values). Without it a high-cardinality {@code group_by} held a
     * group per finding, up to 1,000,000 of them: some 700 MB.
     */
    public static final int MAX_GROUPS = 200_000;

    /** More findings than {@link #MAX_FOUND}. */
    public static final class TooManyException extends RuntimeException {
        TooManyException(String message) {
            super(message);
        }
    }

    /**
     * What the runs wrote.
     *
     * @param alerts     each alert written (not folded into an earlier run's), in run order
     * @param capped     alerts {@code max_signals} left out, summed over the runs (as replay counts them)
     * @param runsAtMax  runs that left out an alert because of {@code max_signals}
     * @param suppressed events folded by suppression (Kibana's {@code kibana.alert.suppression.docs_count}, summed,
     *                   and alerts folded into an earlier run's)
     * @param found      findings decided: new terms found by a run, before suppression and {@code max_signals}
     * @param lookups    first events asked for ({@link #term}): findings of the same alert in several runs ask once
     */
    public record Result(List<NewTermsRuns.Written> alerts, long capped, int runsAtMax, long suppressed, long found,
                         long lookups) {
        public Result {
            alerts = List.copyOf(alerts);
        }
    }

    private final int maxFound;
    private final int maxGroups;
    private final AlertRuleSpec spec;
    private final RuleSchedule schedule;
    private final int runs;
    private final NewTermsRuns finder;
    private final List<String> groupBy;
    /** A group's identity (its {@code group_by} terms as suppression keys them) → its index in {@link #groupEvents}. */
    private final Map<List<String>, Integer> groups = new HashMap<>();
    /** Per group, an event holding its values: what a run's grouping reads them from. */
    private final List<ObjectNode> groupEvents = new ArrayList<>();
    // the findings, in the executor's term order, then run order
    private int size;
    private int[] run = new int[1024];
    private long[] at = new long[1024];
    private int[] group = new int[1024];
    /** A finding whose first event is not known (yet), or whose group is its same alert's. */
    private static final int NO_GROUP = -1;
    /** The first finding of the same alert (same term, same first event) in an earlier run; itself when none. */
    private int[] sameAlert = new int[1024];
    private long lookedUp;

    /** @param runs how many runs, from the schedule's first */
    public SuppressedNewTermsRuns(AlertRuleSpec spec, RuleSchedule schedule, int runs) {
        this(spec, schedule, runs, MAX_FOUND, MAX_GROUPS);
    }

    /**
     * @param maxFound  the most findings kept ({@link #MAX_FOUND}; a test's smaller one)
     * @param maxGroups the most distinct groups kept ({@link #MAX_GROUPS}; a test's smaller one)
     */
    SuppressedNewTermsRuns(AlertRuleSpec spec, RuleSchedule schedule, int runs, int maxFound, int maxGroups) {
        this.maxFound = maxFound;
        this.maxGroups = maxGroups;
        this.spec = spec;
        this.schedule = schedule;
        this.runs = runs;
        this.finder = new NewTermsRuns(schedule, runs, spec.newTerms().orElseThrow().historyWindowStart(), spec.maxSignals());
        this.groupBy = spec.suppression().orElseThrow().groupBy();
    }

    /**
     * A first event whose {@code group_by} values the runs need: a term's first occurrence in a run's window that
     * no earlier finding of the same alert (same term, same first event) asked for.
     *
     * @param finding what {@link #firstEvent} names it by
     * @param at      its time
     */
    public record Lookup(int finding, long at) {
    }

    /**
     * One term's occurrences, the terms in the executor's order (its composite's key order).
     *
     * @param seen the term's occurrences, in time order, not overlapping
     * @return the first events of the term whose {@code group_by} values are to be handed to {@link #firstEvent}
     * @throws TooManyException beyond {@link #MAX_FOUND} findings
     */
    public List<Lookup> term(List<NewTermsRuns.Seen> seen) {
        Map<Long, Integer> firstFindingAt = new HashMap<>();
        List<Lookup> lookups = new ArrayList<>();
        for (NewTermsRuns.Found f : finder.found(seen)) {
            if (size == maxFound) {
                throw new TooManyException("its runs find more than " + maxFound + " new terms, which alert suppression "
                        + "groups run by run across terms: shorten the range");
            }
            if (size == run.length) {
                int larger = Math.min(maxFound, size * 2);
                run = Arrays.copyOf(run, larger);
                at = Arrays.copyOf(at, larger);
                group = Arrays.copyOf(group, larger);
                sameAlert = Arrays.copyOf(sameAlert, larger);
            }
            run[size] = (int) f.run();
            at[size] = f.at();
            group[size] = NO_GROUP;
            Integer earlier = firstFindingAt.putIfAbsent(f.at(), size);
            sameAlert[size] = earlier == null ? size : earlier;
            if (earlier == null) {
                lookups.add(new Lookup(size, f.at()));
                lookedUp++;
            }
            size++;
        }
        return lookups;
    }

    /**
     * The first event of a {@link Lookup}: at least its {@code group_by} fields.
     *
     * @throws TooManyException beyond {@link #MAX_GROUPS} distinct groups
     */
    public void firstEvent(int finding, ObjectNode event) {
        group[finding] = group(event);
    }

    private int group(ObjectNode event) {
        List<String> identity = new ArrayList<>(groupBy.size());
        for (String field : groupBy) {
            identity.add(spec.groupKeys().fieldsApiTerm(event, field).identity());
        }
        Integer known = groups.get(identity);
        if (known != null) {
            return known;
        }
        if (groupEvents.size() == maxGroups) {
            throw new TooManyException("its runs' new terms fall in more than " + maxGroups + " groups of "
                    + String.join(", ", groupBy) + ", which alert suppression groups run by run across terms: shorten the range");
        }
        groups.put(identity, groupEvents.size());
        groupEvents.add(event);
        return groupEvents.size() - 1;
    }

    /** Decides every run, in order, from the findings of all terms. */
    public Result decide() {
        // the findings by run (a counting sort), each run's in the executor's term order
        int[] startOfRun = new int[runs + 1];
        for (int i = 0; i < size; i++) {
            startOfRun[run[i] + 1]++;
        }
        for (int k = 0; k < runs; k++) {
            startOfRun[k + 1] += startOfRun[k];
        }
        int[] byRun = new int[size];
        int[] next = Arrays.copyOf(startOfRun, runs);
        for (int i = 0; i < size; i++) {
            byRun[next[run[i]]++] = i;
        }
        boolean[] written = new boolean[size];
        NewTermsRunAlerts runAlerts = new NewTermsRunAlerts(spec);
        List<NewTermsRuns.Written> out = new ArrayList<>();
        long capped = 0;
        int runsAtMax = 0;
        long suppressed = 0;
        for (int k = 0; k < runs; k++) {
            List<Alert> newTerms = new ArrayList<>();
            List<StreamEvent> stream = new ArrayList<>();
            List<Integer> findings = new ArrayList<>();
            for (int j = startOfRun[k]; j < startOfRun[k + 1]; j++) {
                int f = byRun[j];
                if (written[sameAlert[f]]) {
                    continue; // its alert _id an earlier run wrote
                }
                int g = group[sameAlert[f]];
                if (g == NO_GROUP) {
                    throw new IllegalStateException("the first event of finding " + f + " was not handed over");
                }
                int i = stream.size();
                stream.add(new StreamEvent(i, groupEvents.get(g), Instant.ofEpochMilli(at[f]), true));
                newTerms.add(new Alert(Map.of(), 1, OptionalLong.empty(), 0, List.of(i)));
                findings.add(f);
            }
            if (newTerms.isEmpty()) {
                continue;
            }
            NewTermsRunAlerts.Run decided = runAlerts.decide(Instant.ofEpochMilli(schedule.at(k)), newTerms, stream,
                    Instant.ofEpochMilli(schedule.windowStart(k)), Instant.ofEpochMilli(schedule.windowEnd(k)),
                    Instant.ofEpochMilli(finder.historyStart(k)));
            for (NewTermsRunAlerts.Decided d : decided.alerts()) {
                int f = findings.get(d.candidate());
                written[sameAlert[f]] = true;
                if (!d.folded()) {
                    out.add(new NewTermsRuns.Written(k, at[f]));
                }
            }
            if (decided.capped() > 0) {
                runsAtMax++;
                capped += decided.capped();
            }
            suppressed += decided.suppressed();
        }
        return new Result(out, capped, runsAtMax, suppressed, size, lookedUp);
    }
}
