package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlMatch;
import io.ruleforge.evaluate.alerts.EqlAlerts;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An EQL sequence or sample (or an event query with pipes), run by run as Kibana's EQL executor runs it: the EQL
 * search over the run's window only, so a sequence is found when all its events lie in one window (and within its
 * {@code maxspan}); the events that pass none of its filters are never held. At most {@code max_signals} alerts a
 * run; a sequence an earlier run already alerted on (the same events: the same alert {@code _id}s) is not written
 * again.
 */
final class SequenceTimeline extends WindowTimeline {

    private final ReplayRule.EqlGroups groups;
    private final EqlEvaluator evaluator;

    SequenceTimeline(ReplayRule.EqlGroups groups, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(groups, schedule, tally, sink);
        this.groups = groups;
        this.evaluator = new EqlEvaluator(groups.rule().indexFields(), EqlAlerts.settings(groups.rule().rule()).withSize(Integer.MAX_VALUE));
    }

    @Override
    void decide(long run) {
        List<Held> window = window(run);
        if (window.isEmpty()) {
            return;
        }
        Map<JsonNode, Held> byDocument = new IdentityHashMap<>();
        List<JsonNode> documents = new ArrayList<>(window.size());
        for (Held h : window) {
            byDocument.put(h.event.source(), h);
            documents.add(h.event.source());
        }
        long written = 0;
        long left = 0;
        for (EqlMatch match : evaluator.evaluate(groups.query(), documents)) {
            List<Held> events = match.events().stream().filter(Objects::nonNull).map(byDocument::get).toList();
            if (events.isEmpty()) {
                continue;
            }
            List<Long> identity = events.stream().map(h -> h.event.sequence()).toList();
            Held first = events.get(0);
            if (first.alertedAs != null && first.alertedAs.contains(identity)) {
                continue;
            }
            if (written == spec.maxSignals()) {
                left++;
                continue;
            }
            first.firstAlertAs(identity);
            written++;
            Held last = events.get(events.size() - 1);
            alert(last.millis, last.document(), events.stream().map(h -> h.event).toList());
        }
        capped(left);
    }
}
