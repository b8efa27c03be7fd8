package io.ruleforge.harness.eql;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.eql.QueryBody;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Samples (EQL_SPEC §5.3): per join-key tuple, one event per filter in any time order, up to
 * {@code max_samples_per_key} samples per tuple. Which events are picked is implementation-defined in
 * Elasticsearch; here the earliest unused ones, tuples in order of their first event.
 */
final class SampleMatcher {

    interface EventFilter {
        boolean accepts(QueryBody.SampleTerm term, JsonNode document);
    }

    private final QueryBody.Sample sample;
    private final EventFilter filter;
    private final JoinKeys joinKeys;
    private final int maxSamplesPerKey;

    SampleMatcher(QueryBody.Sample sample, EventFilter filter, JoinKeys joinKeys, int maxSamplesPerKey) {
        this.sample = sample;
        this.filter = filter;
        this.joinKeys = joinKeys;
        this.maxSamplesPerKey = maxSamplesPerKey;
    }

    List<EqlMatch> match(List<OrderedEvent> events) {
        List<QueryBody.SampleTerm> terms = sample.terms();
        // key tuple -> per term, the candidate events in order
        Map<List<Object>, List<List<OrderedEvent>>> candidates = new LinkedHashMap<>();
        for (OrderedEvent e : events) {
            for (int t = 0; t < terms.size(); t++) {
                QueryBody.SampleTerm term = terms.get(t);
                if (!filter.accepts(term, e.document())) {
                    continue;
                }
                List<Object> k = joinKeys.of(sample.joinKeysOf(term), e.document());
                if (k == null) {
                    continue;
                }
                List<List<OrderedEvent>> perTerm = candidates.computeIfAbsent(k, x -> {
                    List<List<OrderedEvent>> lists = new ArrayList<>();
                    terms.forEach(ignored -> lists.add(new ArrayList<>()));
                    return lists;
                });
                perTerm.get(t).add(e);
            }
        }
        List<EqlMatch> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<List<OrderedEvent>>> entry : candidates.entrySet()) {
            Set<Integer> used = new HashSet<>();
            for (int n = 0; n < maxSamplesPerKey; n++) {
                List<JsonNode> picked = pick(entry.getValue(), used);
                if (picked == null) {
                    break;
                }
                out.add(new EqlMatch(picked, entry.getKey()));
            }
        }
        return out;
    }

    /** One unused event per filter (distinct events), or null when some filter has none left. */
    private static List<JsonNode> pick(List<List<OrderedEvent>> perTerm, Set<Integer> used) {
        List<JsonNode> picked = new ArrayList<>();
        Set<Integer> now = new HashSet<>();
        for (List<OrderedEvent> options : perTerm) {
            OrderedEvent chosen = null;
            for (OrderedEvent e : options) {
                if (!used.contains(e.position()) && !now.contains(e.position())) {
                    chosen = e;
                    break;
                }
            }
            if (chosen == null) {
                return null;
            }
            now.add(chosen.position());
            picked.add(chosen.document());
        }
        used.addAll(now);
        return picked;
    }
}
