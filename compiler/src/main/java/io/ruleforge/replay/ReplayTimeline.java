package io.ruleforge.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.harness.ThreatQueries;
import io.ruleforge.kql.KibanaVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * The replayed period, event by event in input order: creates each rule's {@link RuleTimeline} at the first event
 * with a {@code @timestamp} (the schedules' origin), hands each event to the rules that matched it (and to every
 * ES|QL rule), and lets windowed rules decide the runs the events have passed. Events should come in timestamp
 * order; one earlier than an event before it is counted as out of order and still handed on, but runs already
 * decided do not see it. Events without a {@code @timestamp} are in no run's window: counted, never alerted on.
 */
final class ReplayTimeline {

    private final List<ReplayRule> rules;
    private final RuleTally[] tallies;
    private final Replayer.AlertSink sink;
    private final List<ObjectNode> indicators;
    private final KibanaVersion kibanaVersion;
    private RuleTimeline[] timelines;
    private int[] windowed;
    private int[] everyEvent;
    private long minNextClose = Long.MAX_VALUE;
    private long watermark = Long.MIN_VALUE;
    long firstMillis = EventTimes.NONE;
    long lastMillis = EventTimes.NONE;
    long withoutTime;
    long outOfOrder;
    RecordedEvent firstOutOfOrder;

    ReplayTimeline(List<ReplayRule> rules, RuleTally[] tallies, Replayer.AlertSink sink, List<ObjectNode> indicators,
                   KibanaVersion kibanaVersion) {
        this.indicators = indicators;
        this.kibanaVersion = kibanaVersion;
        this.rules = rules;
        this.tallies = tallies;
        this.sink = sink;
    }

    /** @param matched the indexes of the rules whose query returns the event (EQL sequences: one of whose filters) */
    void accept(RecordedEvent event, long millis, int[] matched) {
        if (millis == EventTimes.NONE) {
            withoutTime++;
            return;
        }
        if (timelines == null) {
            start(millis);
        }
        if (millis < watermark) {
            outOfOrder++;
            firstOutOfOrder = firstOutOfOrder == null ? event : firstOutOfOrder;
        } else {
            watermark = millis;
            lastMillis = millis;
        }
        advanceTo(watermark);
        if (matched != null) {
            for (int r : matched) {
                hand(r, event, millis);
            }
        }
        for (int r : everyEvent) {
            hand(r, event, millis);
        }
    }

    /** Decides every run whose window ends before {@code millis}. */
    void advanceTo(long millis) {
        if (millis > minNextClose) {
            minNextClose = Long.MAX_VALUE;
            for (int r : windowed) {
                timelines[r].advance(millis);
                minNextClose = Math.min(minNextClose, timelines[r].nextClose());
            }
        }
    }

    private void hand(int r, RecordedEvent event, long millis) {
        RuleTimeline t = timelines[r];
        t.matched(event, millis);
        minNextClose = Math.min(minNextClose, t.nextClose());
    }

    /** Places the runs: the first of each rule one interval after {@code origin}. */
    void start(long origin) {
        firstMillis = origin;
        timelines = new RuleTimeline[rules.size()];
        List<Integer> windows = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (int r = 0; r < rules.size(); r++) {
            ReplayRule rule = rules.get(r);
            RuleSchedule schedule = RuleSchedule.of(rule.interval(), rule.spec(), origin).orElseThrow();
            timelines[r] = create(rule, schedule, tallies[r]);
            if (timelines[r] instanceof WindowTimeline) {
                windows.add(r);
            }
            if (rule instanceof ReplayRule.Esql) {
                all.add(r);
            }
        }
        windowed = windows.stream().mapToInt(Integer::intValue).toArray();
        everyEvent = all.stream().mapToInt(Integer::intValue).toArray();
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

    void finish() {
        if (timelines != null) {
            for (RuleTimeline t : timelines) {
                t.finish();
            }
        }
    }

    /** The rule's timeline; null when no event had a {@code @timestamp}. */
    RuleTimeline of(int rule) {
        return timelines == null ? null : timelines[rule];
    }

    /** How many runs of the rule the replayed period holds: up to the first whose window reaches the last event. */
    long runs(int rule) {
        return timelines == null ? 0 : timelines[rule].schedule.runsUntil(lastMillis);
    }
}
