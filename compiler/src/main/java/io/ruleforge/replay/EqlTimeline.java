package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.evaluate.alerts.EqlAlerts;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlMatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An EQL rule without alert suppression (event query, sequence or sample), run by run as Kibana's EQL executor runs
 * it: one {@code _eql/search} over the run's window only (so a sequence is found when all its events lie in one
 * window, within its {@code maxspan}) with {@code size = max_signals}: the run gets the first {@code max_signals}
 * results of its window, drops those an earlier run already wrote (the same events: the same alert {@code _id}s) and
 * writes the others. So a result a full run left out is written by a later run only when it is among that run's
 * first {@code max_signals} results — the results already written count towards the size, unlike a query rule's
 * paged search. The events that pass none of the query's filters are never held.
 */
final class EqlTimeline extends WindowTimeline {

    private final EqlQuery query;
    private final EqlEvaluator evaluator;
    /** Results a full run left out that no run has written yet: their events' input positions → the first event's time. */
    private final Map<List<Long>, Long> leftOut = new HashMap<>();

    EqlTimeline(ReplayRule rule, EqlQuery query, RuleSchedule schedule, RuleTally tally, Replayer.AlertSink sink) {
        super(rule, schedule, tally, sink);
        this.query = query;
        this.evaluator = new EqlEvaluator(rule.rule().indexFields(), EqlAlerts.settings(rule.rule()).withSize(Integer.MAX_VALUE));
    }

    @Override
    void decide(long run) {
        List<Held> window = window(run);
        if (!window.isEmpty()) {
            // each run's search resolves its filter's date math at the run's moment
            search(window, evaluator.at(runInstant(run)));
        }
        // a left-out result whose first event no later window holds can no longer be found: left out for good
        long nextStart = schedule.windowStart(run + 1);
        leftOut.values().removeIf(first -> {
            if (first < nextStart) {
                cappedAlerts++;
                return true;
            }
            return false;
        });
    }

    private void search(List<Held> window, EqlEvaluator evaluator) {
        Map<JsonNode, Held> byDocument = new IdentityHashMap<>();
        List<JsonNode> documents = new ArrayList<>(window.size());
        for (Held h : window) {
            byDocument.put(h.event.source(), h);
            documents.add(h.event.source());
        }
        int position = 0;
        boolean full = false;
        for (EqlMatch match : evaluator.evaluate(query, documents)) {
            List<Held> events = match.events().stream().filter(Objects::nonNull).map(byDocument::get).toList();
            if (events.isEmpty()) {
                continue;
            }
            List<Long> identity = events.stream().map(h -> h.event.sequence()).toList();
            Held first = events.get(0);
            boolean written = first.alertedAs != null && first.alertedAs.contains(identity);
            if (position++ >= spec.maxSignals()) {
                // beyond the search's size: Kibana never sees it in this run
                if (!written) {
                    full = true;
                    leftOut.putIfAbsent(identity, first.millis);
                }
                continue;
            }
            if (written) {
                continue;
            }
            first.firstAlertAs(identity);
            leftOut.remove(identity);
            Held last = events.get(events.size() - 1);
            alert(last.millis, last.document(), events.stream().map(h -> h.event).toList());
        }
        if (full) {
            maxSignalsHits++;
        }
    }

    @Override
    void finish() {
        super.finish();
        cappedAlerts += leftOut.size();
        leftOut.clear();
    }
}
