package io.ruleforge.evaluate.eql;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.eql.QueryBody;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Samples (EQL_SPEC §5.3) as Elasticsearch's SampleIterator builds them: per join-key tuple that every filter has
 * events for, one distinct event per filter in any time order, up to {@code max_samples_per_key} samples per tuple.
 * Each filter's candidates are its events in document (input) order, as a search without sort returns them, the
 * first of them (as many as there are filters) taken with backtracking so that no event fills two filters; samples
 * come in the composite aggregation's order of their key tuples (ascending, null first). Elasticsearch's
 * anyRulesWithOneDifferentNameKey and sizeBig pin both.
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

    /** The samples among the events, which are in document (input) order. */
    List<EqlMatch> match(List<JsonNode> events) {
        List<QueryBody.SampleTerm> terms = sample.terms();
        // key tuple -> per term, the indices of its candidate events in document order
        Map<List<Object>, List<List<Integer>>> candidates = new TreeMap<>(JoinKeys.ORDER);
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            for (int t = 0; t < terms.size(); t++) {
                QueryBody.SampleTerm term = terms.get(t);
                if (!filter.accepts(term, e)) {
                    continue;
                }
                List<Object> k = joinKeys.of(sample.joinKeysOf(term), e);
                if (k == null) {
                    continue;
                }
                List<List<Integer>> perTerm = candidates.computeIfAbsent(k, x -> {
                    List<List<Integer>> lists = new ArrayList<>();
                    terms.forEach(ignored -> lists.add(new ArrayList<>()));
                    return lists;
                });
                perTerm.get(t).add(i);
            }
        }
        int perFilter = terms.size() * maxSamplesPerKey;
        List<EqlMatch> out = new ArrayList<>();
        for (Map.Entry<List<Object>, List<List<Integer>>> entry : candidates.entrySet()) {
            List<List<Integer>> limited = new ArrayList<>();
            entry.getValue().forEach(c -> limited.add(c.subList(0, Math.min(perFilter, c.size()))));
            Set<Integer> used = new HashSet<>();
            for (int n = 0; n < maxSamplesPerKey; n++) {
                List<Integer> picked = new ArrayList<>();
                if (!pick(limited, 0, used, picked)) {
                    break;
                }
                used.addAll(picked);
                out.add(new EqlMatch(picked.stream().map(events::get).toList(), entry.getKey()));
            }
        }
        return out;
    }

    /** Backtracking: one event per filter from {@code term} on, none used before or twice; false when impossible. */
    private static boolean pick(List<List<Integer>> perTerm, int term, Set<Integer> used, List<Integer> picked) {
        if (term == perTerm.size()) {
            return true;
        }
        for (Integer e : perTerm.get(term)) {
            if (used.contains(e) || picked.contains(e)) {
                continue;
            }
            picked.add(e);
            if (pick(perTerm, term + 1, used, picked)) {
                return true;
            }
            picked.remove(picked.size() - 1);
        }
        return false;
    }
}
