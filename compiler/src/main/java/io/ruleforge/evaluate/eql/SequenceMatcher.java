package io.ruleforge.evaluate.eql;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.eql.Maxspan;
import io.ruleforge.eql.QueryBody;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Elasticsearch's sequence state machine (EQL_SPEC §5.2), over events already in search order.
 *
 * <p>Per join-key tuple each positive term k has at most one pending sequence waiting for it — the most recent one:
 * an event matching term 0 starts a sequence, an event matching term k extends the sequence waiting for k (moving it
 * on and overwriting what waited for k+1), unless that would make the sequence span more than maxspan (equality is
 * allowed). An {@code until} event drops every pending sequence of its key tuple. Terms are tried from the last to the
 * first for each event so that one event never fills two consecutive slots of the same sequence. Completed sequences
 * are then checked against their missing-event terms.
 */
final class SequenceMatcher {

    private final QueryBody.Sequence sequence;
    private final List<QueryBody.SequenceTerm> terms;
    private final List<Integer> positive = new ArrayList<>();
    private final EventFilter filter;
    private final JoinKeys joinKeys;
    private final Long maxspanMillis;

    /** Decides whether an event passes a term's filter (category and condition). */
    interface EventFilter {
        boolean accepts(QueryBody.SequenceTerm term, JsonNode document);
    }

    SequenceMatcher(QueryBody.Sequence sequence, EventFilter filter, JoinKeys joinKeys) {
        this.sequence = sequence;
        this.terms = sequence.expandedTerms();
        for (int i = 0; i < terms.size(); i++) {
            if (!terms.get(i).missing()) {
                positive.add(i);
            }
        }
        this.filter = filter;
        this.joinKeys = joinKeys;
        this.maxspanMillis = sequence.maxspan().map(Maxspan::millis).orElse(null);
    }

    private record Partial(List<OrderedEvent> events, List<Object> keys) {
        Partial plus(OrderedEvent e) {
            List<OrderedEvent> next = new ArrayList<>(events);
            next.add(e);
            return new Partial(next, keys);
        }
    }

    List<EqlMatch> match(List<OrderedEvent> events) {
        int stages = positive.size();
        Map<List<Object>, Partial[]> pending = new HashMap<>();
        List<Partial> completed = new ArrayList<>();
        for (OrderedEvent event : events) {
            if (event.timestamp() == null) {
                continue; // sequences need a timestamp to order and to measure maxspan
            }
            // the same term object appears several times after runs expansion; evaluate it once per event
            Map<QueryBody.SequenceTerm, List<Object>> keysByTerm = new IdentityHashMap<>();
            if (sequence.until().isPresent()) {
                List<Object> k = keysIfAccepted(sequence.until().get(), event, keysByTerm);
                if (k != null && pending.containsKey(k)) {
                    pending.remove(k);
                }
            }
            for (int stage = stages - 1; stage >= 0; stage--) {
                QueryBody.SequenceTerm term = terms.get(positive.get(stage));
                List<Object> k = keysIfAccepted(term, event, keysByTerm);
                if (k == null) {
                    continue;
                }
                Partial[] slots = pending.computeIfAbsent(k, x -> new Partial[stages + 1]);
                Partial extended;
                if (stage == 0) {
                    extended = new Partial(List.of(event), k);
                } else {
                    Partial waiting = slots[stage];
                    if (waiting == null) {
                        continue;
                    }
                    slots[stage] = null;
                    if (exceedsMaxspan(waiting.events().get(0).timestamp(), event.timestamp())) {
                        continue; // it could only get longer
                    }
                    extended = waiting.plus(event);
                }
                if (stage + 1 == stages) {
                    completed.add(extended);
                } else {
                    slots[stage + 1] = extended;
                }
            }
        }
        List<EqlMatch> out = new ArrayList<>();
        completed.sort(Comparator.comparingInt(p -> p.events().get(0).position()));
        for (Partial p : completed) {
            if (!discardedByMissingEvents(p, events)) {
                out.add(new EqlMatch(withPlaceholders(p), p.keys()));
            }
        }
        return out;
    }

    private List<Object> keysIfAccepted(QueryBody.SequenceTerm term, OrderedEvent event,
                                        Map<QueryBody.SequenceTerm, List<Object>> cache) {
        if (cache.containsKey(term)) {
            return cache.get(term);
        }
        List<Object> k = filter.accepts(term, event.document())
                ? joinKeys.of(sequence.joinKeysOf(term), event.document()) : null;
        cache.put(term, k);
        return k;
    }

    /**
     * Whether an event matching a missing-event term (with the same keys) discards the sequence, as Elasticsearch
     * decides it: an event of a middle term strictly between the timestamps of its neighbouring positive events
     * always does; leading and trailing terms look for the latest event before the first positive event and the
     * earliest after the last, and discard the sequence only when what they found lies within maxspan of the other
     * end — of the sequence, or with both a leading and a trailing term, of each other (Elasticsearch's
     * leadingAndTrailingExcluded1 keeps [-1, 2, -1] at maxspan=19m because its missing events are 20m apart).
     */
    private boolean discardedByMissingEvents(Partial p, List<OrderedEvent> events) {
        List<OrderedEvent> found = p.events();
        long start = found.get(0).timestamp();
        long end = found.get(found.size() - 1).timestamp();
        int firstPositive = positive.get(0);
        int lastPositive = positive.get(positive.size() - 1);
        Long lastLeading = null;
        Long firstTrailing = null;
        for (int t = 0; t < terms.size(); t++) {
            if (!terms.get(t).missing()) {
                continue;
            }
            // the slot: after the previous positive event's timestamp and before the next one's (unbounded at the ends)
            long after = Long.MIN_VALUE;
            long before = Long.MAX_VALUE;
            for (int s = 0; s < positive.size(); s++) {
                if (positive.get(s) < t) {
                    after = found.get(s).timestamp();
                } else if (before == Long.MAX_VALUE) {
                    before = found.get(s).timestamp();
                }
            }
            for (OrderedEvent e : events) {
                Long ts = e.timestamp();
                if (ts == null || ts <= after || ts >= before || !accepts(terms.get(t), e, p.keys())) {
                    continue;
                }
                if (t < firstPositive) {
                    lastLeading = lastLeading == null ? ts : Math.max(lastLeading, ts);
                } else if (t > lastPositive) {
                    firstTrailing = firstTrailing == null ? ts : Math.min(firstTrailing, ts);
                } else {
                    return true;
                }
            }
        }
        boolean leadingTerm = firstPositive > 0;
        boolean trailingTerm = lastPositive < terms.size() - 1;
        if (leadingTerm && trailingTerm) {
            return lastLeading != null && firstTrailing != null && !exceedsMaxspan(lastLeading, firstTrailing);
        }
        if (leadingTerm) {
            return lastLeading != null && !exceedsMaxspan(lastLeading, end);
        }
        return trailingTerm && firstTrailing != null && !exceedsMaxspan(start, firstTrailing);
    }

    private boolean accepts(QueryBody.SequenceTerm term, OrderedEvent e, List<Object> keys) {
        return filter.accepts(term, e.document()) && keys.equals(joinKeys.of(sequence.joinKeysOf(term), e.document()));
    }

    private boolean exceedsMaxspan(long from, long to) {
        // compared without subtracting: timestamps far apart (year 1 and year 292,000,000) overflow a difference
        return maxspanMillis != null && to > saturatedPlus(from, maxspanMillis);
    }

    /** {@code a + b} for a non-negative {@code b}, {@link Long#MAX_VALUE} where the sum would overflow. */
    private static long saturatedPlus(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }

    private List<JsonNode> withPlaceholders(Partial p) {
        List<JsonNode> out = new ArrayList<>();
        int next = 0;
        for (QueryBody.SequenceTerm term : terms) {
            out.add(term.missing() ? null : p.events().get(next++).document());
        }
        return out;
    }
}
