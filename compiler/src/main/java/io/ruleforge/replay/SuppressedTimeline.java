package io.ruleforge.replay;

import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.RuleSchedule;

import java.util.List;

/**
 * A query rule with alert suppression, run by run through the test stage's own model ({@link AlertRuns#matched}),
 * as Kibana's {@code groupAndBulkCreate} runs it: each run's window grouped as the composite aggregation groups it
 * (a group per value, key order, a missing value last), one page of {@code max_signals} groups, whose events up to
 * each group's latest stay out of later windows (the bucket history) — a group left out is found again by the next
 * run; {@code doNotSuppress} events one by one in what the groups leave; with a duration, a group an earlier run's
 * alert still holds is folded into it.
 */
final class SuppressedTimeline extends WindowTimeline {

    private final AlertRuns.Executor executor;

    SuppressedTimeline(ReplayRule rule, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(rule, schedule, tally, sink);
        this.executor = AlertRuns.matched(rule.spec());
    }

    @Override
    void decide(long run) {
        List<Held> window = window(run);
        if (window.isEmpty()) {
            return;
        }
        alertOnFirstEvents(execute(executor, run, stream(window)), window);
    }
}
