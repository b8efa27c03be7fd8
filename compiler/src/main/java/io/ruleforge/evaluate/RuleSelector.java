package io.ruleforge.evaluate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.ObjIntConsumer;

/**
 * Picks, per event, the compiled queries that can match it at all: a query with {@link RequiredValues} is looked up
 * by the event's own terms in those keyword fields (one hash look-up per value), so most queries never look at most
 * events; queries without such a condition are always candidates. The verdict then comes from the query itself,
 * so selection only saves work and never changes an answer. Immutable and thread-safe.
 */
public final class RuleSelector {

    /** The queries compiled by one compiler (one mapping): their selection reads that mapping's indexed values. */
    private record Group(MatcherCompiler compiler, int[] always, Map<String, Map<String, int[]>> byFieldAndTerm) {
    }

    private final List<CompiledQuery> queries;
    private final List<Group> groups;

    public RuleSelector(List<CompiledQuery> queries) {
        this.queries = List.copyOf(queries);
        Map<MatcherCompiler, List<Integer>> byCompiler = new IdentityHashMap<>();
        for (int i = 0; i < this.queries.size(); i++) {
            byCompiler.computeIfAbsent(this.queries.get(i).compiler(), c -> new ArrayList<>()).add(i);
        }
        List<Group> built = new ArrayList<>();
        byCompiler.forEach((compiler, ids) -> built.add(group(compiler, ids)));
        this.groups = List.copyOf(built);
    }

    private Group group(MatcherCompiler compiler, List<Integer> ids) {
        List<Integer> always = new ArrayList<>();
        Map<String, Map<String, List<Integer>>> index = new LinkedHashMap<>();
        for (int id : ids) {
            RequiredValues required = queries.get(id).required();
            if (required.isNone()) {
                always.add(id);
            }
            required.anyOf().forEach((field, terms) -> terms.forEach(term ->
                    index.computeIfAbsent(field, f -> new HashMap<>()).computeIfAbsent(term, t -> new ArrayList<>()).add(id)));
        }
        Map<String, Map<String, int[]>> frozen = new LinkedHashMap<>();
        index.forEach((field, terms) -> {
            Map<String, int[]> m = new HashMap<>();
            terms.forEach((term, list) -> m.put(term, list.stream().mapToInt(Integer::intValue).toArray()));
            frozen.put(field, m);
        });
        return new Group(compiler, always.stream().mapToInt(Integer::intValue).toArray(), frozen);
    }

    public List<CompiledQuery> queries() {
        return queries;
    }

    /**
     * Calls {@code matched} with the index (in the list given) of every query that matches the event, in order, and
     * {@code rejected} for each query Elasticsearch would reject on this event (it matches nothing).
     */
    public void forEachMatch(IndexedEvent event, IntConsumer matched, ObjIntConsumer<DslEvaluationException> rejected) {
        long[] candidates = new long[(queries.size() + 63) >>> 6];
        for (Group g : groups) {
            for (int id : g.always()) {
                candidates[id >>> 6] |= 1L << id;
            }
            EvaluationScope scope = event.scope(g.compiler());
            for (Map.Entry<String, Map<String, int[]>> field : g.byFieldAndTerm().entrySet()) {
                if (g.compiler().values(field.getKey(), scope) instanceof KeywordValues k) {
                    for (String term : k.terms()) {
                        int[] ids = field.getValue().get(term);
                        if (ids != null) {
                            for (int id : ids) {
                                candidates[id >>> 6] |= 1L << id;
                            }
                        }
                    }
                }
            }
        }
        for (int word = 0; word < candidates.length; word++) {
            long bits = candidates[word];
            while (bits != 0) {
                int id = (word << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                try {
                    if (queries.get(id).matches(event)) {
                        matched.accept(id);
                    }
                } catch (DslEvaluationException e) {
                    rejected.accept(e, id);
                }
            }
        }
    }

    /** How many queries have a required-values condition (the rest look at every event). */
    public long selective() {
        return queries.stream().filter(q -> !q.required().isNone()).count();
    }
}
