package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.evaluate.engine.EngineVerdicts;
import io.ruleforge.testing.LocalElasticsearch;
import io.ruleforge.testing.KqlCorpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures for the README: how many (event, rule) evaluations per second the in-process evaluator does on
 * one thread, and what the same work costs as a round trip through a real Elasticsearch (create the index, bulk
 * the events, one search per rule, delete). Both must find the same matches, or the figures mean nothing.
 * Workload: Kibana 8.12/ECS DSL of the 482 prebuilt rules × the project's fixture events and their mutations.
 */
class EvaluatorThroughputIT {


    @Test
    void evaluatorAndEngineDoTheSameWorkAndFindTheSameMatches() throws IOException {
        List<JsonNode> queries = KqlCorpus.read("kibana-8.12_ecs.jsonl").stream().map(KqlCorpus.Row::dsl).toList();
        FieldSchema ecs = EcsSchemas.defaultSchema();
        DifferentialEvents generator = new DifferentialEvents(ecs);
        generator.addFixturesUnder(Path.of(System.getProperty("ruleforge.fixtures")));
        Map<String, JsonNode> events = new LinkedHashMap<>(generator.events());

        try (LocalElasticsearch node = LocalElasticsearch.start()) {
            EngineClient client = new EngineClient(EngineConnection.anonymous(node.url()));
            // the engine first: its index tells which events it accepts, and the evaluator then gets exactly those
            long engineStart = System.nanoTime();
            long engineMatches = 0;
            List<JsonNode> accepted;
            FieldSchema indexed;
            try (EngineIndex index = EngineIndex.create(client, ecs, "ruleforge-bench")) {
                EngineIndex.IndexingResult result = index.index(events);
                accepted = result.indexed().stream().map(events::get).toList();
                indexed = index.mapping().effectiveSchema();
                for (EngineIndex.QueryHits hits : index.search(queries)) {
                    engineMatches += hits.matchedIds().size();
                }
            }
            double engineSeconds = (System.nanoTime() - engineStart) / 1e9;

            DslEvaluator evaluator = new DslEvaluator(indexed);
            countMatches(evaluator, queries, accepted); // warm-up
            long evaluatorStart = System.nanoTime();
            long evaluatorMatches = countMatches(evaluator, queries, accepted);
            double evaluatorSeconds = (System.nanoTime() - evaluatorStart) / 1e9;

            long pairs = (long) queries.size() * accepted.size();
            System.out.printf("BENCH %d rules × %d events = %,d evaluations; evaluator (1 thread): %.2f s = %,.0f evaluations/s; "
                            + "Elasticsearch round trip (create index, bulk, %d searches, delete): %.2f s = %,.0f evaluations/s; "
                            + "%,d matches each%n", queries.size(), accepted.size(), pairs, evaluatorSeconds, pairs / evaluatorSeconds,
                    queries.size(), engineSeconds, pairs / engineSeconds, evaluatorMatches);
            assertThat(evaluatorMatches).as("matches found by the evaluator and by Elasticsearch").isEqualTo(engineMatches);
            assertThat(pairs).isGreaterThan(100_000);

            // live mode's unit of work: one rule on a fixture-sized batch (temporary index, bulk, search, explain, delete)
            List<JsonNode> batch = accepted.subList(0, 20);
            JsonNode rule = queries.get(0);
            EngineVerdicts engine = new EngineVerdicts(client, ecs);
            engine.decide(rule, batch); // warm-up
            int rounds = 10;
            long liveStart = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                assertThat(engine.decide(rule, batch)).hasSize(batch.size());
            }
            double liveMillis = (System.nanoTime() - liveStart) / 1e6 / rounds;
            long soloStart = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                assertThat(evaluator.decide(rule, batch)).hasSize(batch.size());
            }
            double soloMillis = (System.nanoTime() - soloStart) / 1e6 / rounds;
            System.out.printf("BENCH one rule on %d events: evaluator %.2f ms, Elasticsearch (live mode) %.0f ms%n",
                    batch.size(), soloMillis, liveMillis);
        }
    }

    /** Evaluations that match; a query the evaluator rejects counts no match (Elasticsearch answers none for it). */
    private static long countMatches(DslEvaluator evaluator, List<JsonNode> queries, List<JsonNode> events) {
        long matches = 0;
        for (JsonNode query : queries) {
            for (JsonNode event : events) {
                try {
                    if (evaluator.evaluate(query, event).matched()) {
                        matches++;
                    }
                } catch (DslEvaluationException rejected) {
                    break;
                }
            }
        }
        return matches;
    }
}
