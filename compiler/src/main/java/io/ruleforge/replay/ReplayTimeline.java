package io.ruleforge.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import io.ruleforge.harness.ThreatQueries;
import io.ruleforge.kql.KibanaVersion;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The replayed period, event by event in input order. Rules are placed on a clock per time field they read
 * ({@link RuleTimestamp}: {@code @timestamp}, or a {@code timestamp_override} such as {@code event.ingested} with its
 * fallback): each clock creates its rules' {@link RuleTimeline}s at its first event (the schedules' origin), hands
 * each event to its rules that matched it (and to its ES|QL rules) at the event's time on that clock, and lets
 * windowed rules decide the runs the events have passed.
 *
 * <p>Events should come in time order. On the {@code @timestamp} clock, one earlier than an event before it is
 * counted as out of order and still handed on, but runs already decided do not see it. Input sorted by
 * {@code @timestamp} reaches an override clock shuffled by the events' ingest lag, so an override clock holds each
 * event up to {@link #OVERRIDE_LATENESS}, or its rules' longest look-back when that is longer, and hands them on in
 * its own time order; only an event later than that is out of order there. A clock no rule reads (the
 * {@code @timestamp} one when every rule overrides it) reports no disorder. An event with no time on any clock is in
 * no run's window: counted, never alerted on.
 */
final class ReplayTimeline {

    /**
     * How far behind the latest time an event may reach a {@code timestamp_override} clock and still be in order, at
     * least: a clock whose rules look back further ({@code from} … {@code to}) holds its events as long as that.
     */
    static final long OVERRIDE_LATENESS = Duration.ofMinutes(10).toMillis();

    private final List<ReplayRule> rules;
    private final RuleTally[] tallies;
    private final Replayer.AlertSink sink;
    private final List<ObjectNode> indicators;
    private final KibanaVersion kibanaVersion;
    /** The distinct time fields of the rules, in the order {@link #clocks} gives them. */
    private final List<RuleTimestamp> clockTimes;
    private final int[] clockOf;
    private final Clock[] clocks;
    private final RuleTimeline[] timelines;
    private final Executor workers;
    private final int helpers;
    /** The numbering of the events' leaf paths, shared by the rules they are handed to ({@link EventLeaves}). */
    private final LeafPaths leafPaths = new LeafPaths();
    long withoutTime;
    long outOfOrder;
    RecordedEvent firstOutOfOrder;
    /** The time field whose order the first out-of-order event broke ({@link #orderName}); null when none. */
    String outOfOrderOn;

    ReplayTimeline(List<ReplayRule> rules, RuleTally[] tallies, Replayer.AlertSink sink, List<ObjectNode> indicators,
                   KibanaVersion kibanaVersion) {
        this(rules, tallies, sink, indicators, kibanaVersion, null, 0);
    }

    /**
     * @param workers threads that decide rules' runs beside the calling one ({@code helpers} tasks at a time), or null
     * @param helpers how many of {@code workers} may join in; 0: every run is decided on the calling thread
     */
    ReplayTimeline(List<ReplayRule> rules, RuleTally[] tallies, Replayer.AlertSink sink, List<ObjectNode> indicators,
                   KibanaVersion kibanaVersion, Executor workers, int helpers) {
        this.workers = workers;
        this.helpers = workers == null ? 0 : helpers;
        this.indicators = indicators;
        this.kibanaVersion = kibanaVersion;
        this.rules = rules;
        this.tallies = tallies;
        this.sink = sink;
        this.clockTimes = clocks(rules);
        this.clockOf = new int[rules.size()];
        for (int r = 0; r < rules.size(); r++) {
            clockOf[r] = clockTimes.indexOf(rules.get(r).spec().time());
        }
        this.clocks = new Clock[clockTimes.size()];
        for (int c = 0; c < clocks.length; c++) {
            clocks[c] = new Clock(c, clockTimes.get(c).overridden());
        }
        this.timelines = new RuleTimeline[rules.size()];
    }

    /** The time fields the rules read, {@code @timestamp} first: {@link Replayer.Decider} gives each event's time on each. */
    static List<RuleTimestamp> clocks(List<ReplayRule> rules) {
        List<RuleTimestamp> out = new ArrayList<>(List.of(RuleTimestamp.DEFAULT));
        for (ReplayRule rule : rules) {
            if (!out.contains(rule.spec().time())) {
                out.add(rule.spec().time());
            }
        }
        return out;
    }

    /**
     * @param millis  the event's time on each clock ({@link EventTimes#NONE} where it has none)
     * @param matched the indexes of the rules whose query returns the event (EQL sequences: one of whose filters)
     */
    void accept(RecordedEvent event, long[] millis, int[] matched) {
        boolean timed = false;
        String lateOn = null;
        for (int c = 0; c < clocks.length; c++) {
            if (millis[c] != EventTimes.NONE) {
                timed = true;
                // the @timestamp clock keeps the period even when no rule reads it, but its order matters to none then
                if (clocks[c].accept(event, millis[c], matched) && clocks[c].members.length > 0 && lateOn == null) {
                    lateOn = orderName(clockTimes.get(c));
                }
            }
        }
        if (!timed) {
            withoutTime++;
        } else if (lateOn != null) {
            outOfOrder++;
            if (firstOutOfOrder == null) {
                firstOutOfOrder = event;
                outOfOrderOn = lateOn;
            }
        }
    }

    /** A clock's field as messages name its order: {@code @timestamp}, or {@code event.ingested (else @timestamp)}. */
    static String orderName(RuleTimestamp time) {
        return time.primary() + time.secondary().map(s -> " (else " + s + ")").orElse("");
    }

    /**
     * Decides every run whose window ends before {@code millis}, on every clock: no event before it is still to come
     * (the events an override clock holds up to it are handed on first).
     */
    void advanceTo(long millis) {
        for (Clock clock : clocks) {
            clock.decideUntil(millis);
        }
    }

    /** Places the runs of every clock: the first of each rule one interval after {@code origin}. */
    void start(long origin) {
        for (Clock clock : clocks) {
            clock.start(origin);
        }
    }

    void finish() {
        for (Clock clock : clocks) {
            clock.finish();
        }
    }

    /** The rule's timeline; null when no event had a time on its clock. */
    RuleTimeline of(int rule) {
        return timelines[rule];
    }

    /** How many runs of the rule the replayed period holds: up to the first whose window reaches its clock's last event. */
    long runs(int rule) {
        return timelines[rule] == null ? 0 : timelines[rule].schedule.runsUntil(clocks[clockOf[rule]].latest);
    }

    /** The earliest event's time on any clock, or {@link EventTimes#NONE}. */
    long firstMillis() {
        long first = EventTimes.NONE;
        for (Clock clock : clocks) {
            if (clock.origin != EventTimes.NONE && (first == EventTimes.NONE || clock.origin < first)) {
                first = clock.origin;
            }
        }
        return first;
    }

    /** The latest event's time on any clock, or {@link EventTimes#NONE}. */
    long lastMillis() {
        long last = EventTimes.NONE;
        for (Clock clock : clocks) {
            last = Math.max(last, clock.latest);
        }
        return last;
    }

    private RuleTimeline create(ReplayRule rule, RuleSchedule schedule, RuleTally tally) {
        if (rule.perEvent()) {
            return new PerEventTimeline(rule, schedule, tally, sink);
        }
        if (rule.spec().type().equals("eql") && rule.spec().suppression().isPresent()) {
            return new EqlSuppressedTimeline(rule, schedule, tally, sink);
        }
        if (rule instanceof ReplayRule.EqlGroups || rule instanceof ReplayRule.EqlEvents) {
            return new EqlTimeline(rule, rule.rule().eqlSource().orElseThrow(), schedule, tally, sink);
        }
        if (rule instanceof ReplayRule.Esql esql) {
            return new EsqlTimeline(esql, schedule, tally, sink);
        }
        if (rule.spec().type().equals("threat_match") && rule instanceof ReplayRule.Dsl dsl) {
            return new ThreatMatchTimeline(dsl, indicators, ThreatQueries.of(rule.rule(), new ArrayList<>()).orElseThrow(),
                    ThreatQueries.termsShortcut(rule.rule(), kibanaVersion), schedule, tally, sink);
        }
        if (rule.spec().threshold().isPresent()) {
            return new ThresholdTimeline(rule, schedule, tally, sink);
        }
        if (rule.spec().newTerms().isPresent()) {
            return new NewTermsTimeline(rule, schedule, tally, sink);
        }
        return new SuppressedTimeline(rule, schedule, tally, sink);
    }

    /** An event an override clock holds until no event earlier than it can still arrive in order. */
    private record Pending(RecordedEvent event, long millis, int[] matched) {
        static final Comparator<Pending> TIME_ORDER = Comparator.comparingLong(Pending::millis)
                .thenComparingLong(p -> p.event().sequence());
    }

    /**
     * Applies {@code step} to the timelines of {@code rules} on the workers and this thread at once, each timeline on
     * one thread, their alerts held for the caller to release in rule order ({@link RuleTimeline#releaseAlerts}): one
     * rule's runs never read another's state, so only the order the sink sees them in needs keeping. With fewer than
     * two rules or no workers nothing is done here, and the caller applies the step itself.
     *
     * @return per rule index, whether the step was applied here
     */
    private boolean[] together(int[] rules, java.util.function.Consumer<RuleTimeline> step) {
        boolean[] applied = new boolean[timelines.length];
        if (rules.length < 2 || helpers == 0) {
            return applied;
        }
        for (int r : rules) {
            timelines[r].holdAlerts();
            applied[r] = true;
        }
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(rules.length);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < rules.length; i = next.getAndIncrement()) {
                try {
                    if (failure.get() == null) {
                        step.accept(timelines[rules[i]]);
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }
        };
        // a helper that starts after the rules are taken finds none left and ends at once
        for (int h = Math.min(helpers, rules.length - 1); h > 0; h--) {
            workers.execute(work);
        }
        work.run();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the rules taken by workers are still being decided: wait for them
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable thrown = failure.get();
        if (thrown instanceof RuntimeException e) {
            throw e;
        }
        if (thrown instanceof Error e) {
            throw e;
        }
        return applied;
    }

    /** The rules reading one time field, and the runs they have passed. */
    private final class Clock {
        private final int index;
        private final long lateness;
        private final int[] members;
        private final PriorityQueue<Pending> pending = new PriorityQueue<>(Pending.TIME_ORDER);
        private int[] windowed = new int[0];
        private long minNextClose = Long.MAX_VALUE;
        /** No event earlier than this is in order any more: the runs before it are decided. */
        private long watermark = Long.MIN_VALUE;
        long origin = EventTimes.NONE;
        long latest = EventTimes.NONE;
        /** Before the clock starts: the earliest time it has seen. */
        private long earliest = Long.MAX_VALUE;

        /** @param override whether the clock reads a {@code timestamp_override}: it then holds events a while */
        Clock(int index, boolean override) {
            this.index = index;
            List<Integer> mine = new ArrayList<>();
            long lookBack = OVERRIDE_LATENESS;
            for (int r = 0; r < rules.size(); r++) {
                if (clockOf[r] == index) {
                    mine.add(r);
                    lookBack = Math.max(lookBack, lookBack(rules.get(r)));
                }
            }
            this.members = mine.stream().mapToInt(Integer::intValue).toArray();
            this.lateness = override ? lookBack : 0;
        }

        /** How far back a run of the rule searches ({@code to} − {@code from}), in milliseconds; 0 when unreadable. */
        private static long lookBack(ReplayRule rule) {
            try {
                Instant at = Instant.EPOCH.plus(Duration.ofDays(365));
                return Duration.between(RuleAlerts.resolve(rule.spec().from(), at), RuleAlerts.resolve(rule.spec().to(), at)).toMillis();
            } catch (RuntimeException unreadable) {
                return 0;
            }
        }

        /** Decides the runs before {@code millis} from outside (input known complete up to it), starting the clock if need be. */
        void decideUntil(long millis) {
            if (origin == EventTimes.NONE && earliest != Long.MAX_VALUE) {
                start(earliest);
            }
            if (origin != EventTimes.NONE) {
                releaseUntil(millis);
                advanceTo(millis);
            }
        }

        /** Takes the event at {@code millis}; true when it came out of order (after runs that should have seen it). */
        boolean accept(RecordedEvent event, long millis, int[] matched) {
            if (millis < watermark) {
                release(event, millis, matched);
                return true;
            }
            latest = Math.max(latest, millis);
            if (origin == EventTimes.NONE) {
                earliest = Math.min(earliest, millis);
            }
            if (wanted(matched)) {
                pending.add(new Pending(event, millis, matched));
            }
            long safe = latest - lateness;
            if (origin == EventTimes.NONE && earliest <= safe) {
                // the first event in order: the rules are enabled at it, whether or not they want it
                start(earliest);
            }
            if (origin != EventTimes.NONE) {
                releaseUntil(safe);
                advanceTo(safe);
            }
            return false;
        }

        /** Hands on the held events up to {@code millis}, in time order, deciding the runs before each. */
        private void releaseUntil(long millis) {
            while (!pending.isEmpty() && pending.peek().millis() <= millis) {
                Pending p = pending.poll();
                advanceTo(p.millis());
                release(p.event(), p.millis(), p.matched());
            }
        }

        private boolean wanted(int[] matched) {
            if (matched != null) {
                for (int r : matched) {
                    if (clockOf[r] == index) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** Hands the event to the clock's rules that matched it (an ES|QL rule: every event of the indices it reads). */
        private void release(RecordedEvent event, long millis, int[] matched) {
            if (matched != null) {
                EventLeaves leaves = new EventLeaves(event.source(), leafPaths);
                for (int r : matched) {
                    if (clockOf[r] == index) {
                        hand(r, event, millis, leaves);
                    }
                }
            }
        }

        private void hand(int r, RecordedEvent event, long millis, EventLeaves leaves) {
            RuleTimeline t = timelines[r];
            t.matched(event, millis, leaves);
            minNextClose = Math.min(minNextClose, t.nextClose());
        }

        /** Decides every run whose window ends before {@code millis}. */
        void advanceTo(long millis) {
            watermark = Math.max(watermark, millis);
            if (millis > minNextClose) {
                int[] due = java.util.Arrays.stream(windowed).filter(r -> timelines[r].nextClose() < millis).toArray();
                boolean[] decided = together(due, t -> t.advance(millis));
                minNextClose = Long.MAX_VALUE;
                for (int r : windowed) {
                    if (decided[r]) {
                        timelines[r].releaseAlerts();
                    } else {
                        timelines[r].advance(millis);
                    }
                    minNextClose = Math.min(minNextClose, timelines[r].nextClose());
                }
            }
        }

        /** Places the runs: the first of each rule one interval after {@code origin}. */
        void start(long origin) {
            this.origin = origin;
            latest = Math.max(latest, origin);
            List<Integer> windows = new ArrayList<>();
            for (int r : members) {
                ReplayRule rule = rules.get(r);
                RuleSchedule schedule = RuleSchedule.of(rule.interval(), rule.spec(), origin).orElseThrow();
                timelines[r] = create(rule, schedule, tallies[r]);
                if (timelines[r] instanceof WindowTimeline) {
                    windows.add(r);
                }
            }
            windowed = windows.stream().mapToInt(Integer::intValue).toArray();
        }

        void finish() {
            if (origin == EventTimes.NONE && earliest != Long.MAX_VALUE) {
                start(earliest);
            }
            releaseUntil(Long.MAX_VALUE);
            boolean[] decided = together(java.util.Arrays.stream(members).filter(r -> timelines[r] != null).toArray(),
                    RuleTimeline::finish);
            for (int r : members) {
                if (decided[r]) {
                    timelines[r].releaseAlerts();
                } else if (timelines[r] != null) {
                    timelines[r].finish();
                }
            }
        }
    }
}
