package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.fields.FieldSchema;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One search decided three ways on the same events: by Elasticsearch (the events indexed in {@code index}), by the
 * evaluator that decides fixtures, and by the compiled matcher replay uses — the ids of the events each returns.
 */
record ThreeWayVerdicts(JsonNode search, Set<String> engine, Set<String> evaluator, Set<String> replay) {

    boolean agree() {
        return engine.equals(evaluator) && engine.equals(replay);
    }

    /** The first event the three do not return alike, with its document; "none" when they agree. */
    String firstDifference(Map<String, JsonNode> events) {
        for (String id : events.keySet()) {
            if (engine.contains(id) != evaluator.contains(id) || engine.contains(id) != replay.contains(id)) {
                return id + " " + events.get(id);
            }
        }
        return "none";
    }

    /** Every search, which Elasticsearch must accept, decided three ways over the events {@code index} holds. */
    static List<ThreeWayVerdicts> decide(EngineIndex index, List<JsonNode> searches, Map<String, JsonNode> events,
                                         FieldSchema schema, Clock clock) {
        DslEvaluator evaluator = new DslEvaluator(schema, clock);
        MatcherCompiler matchers = new MatcherCompiler(schema, clock);
        List<EngineIndex.QueryHits> answers = index.search(searches);
        List<ThreeWayVerdicts> out = new ArrayList<>();
        for (int s = 0; s < searches.size(); s++) {
            JsonNode search = searches.get(s);
            EngineIndex.QueryHits hits = answers.get(s);
            assertThat(hits.rejected()).as("Elasticsearch rejected %s: %s", search, hits.rejection()).isFalse();
            CompiledQuery compiled = matchers.compile(search);
            Set<String> ours = new TreeSet<>();
            Set<String> replay = new TreeSet<>();
            for (Map.Entry<String, JsonNode> e : events.entrySet()) {
                if (evaluator.evaluate(search, e.getValue()).matched()) {
                    ours.add(e.getKey());
                }
                if (compiled.matches(new IndexedEvent(e.getValue(), clock.instant()))) {
                    replay.add(e.getKey());
                }
            }
            out.add(new ThreeWayVerdicts(search, new TreeSet<>(hits.matchedIds()), ours, replay));
        }
        return out;
    }
}
