package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.testing.KqlCorpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled matcher and rule selection against {@link DslEvaluator} (itself tested against Elasticsearch and
 * Kibana): on the Kibana corpus DSL × the differential events (each query's own literals and their mutations,
 * fixture events and theirs), every (query, event) pair the evaluator decides gets the same verdict from
 * {@link CompiledQuery#matches} and from {@link RuleSelector}, with the ECS mapping (keyword fast paths and
 * required-value selection) and without one (dynamic mapping, the evaluator's fallbacks).
 */
class CompiledQueryDifferentialTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-10T12:00:00Z"), ZoneOffset.UTC);
    /** Every query meets its own events and every fixture event, and this share of the other queries' events. */
    private static final int OTHER_EVENTS_STRIDE = 23;

    @Test
    void agreesWithTheEvaluatorOnTheKibanaCorpusWithEcs() throws IOException {
        Result r = compare("kibana-8.12_ecs.jsonl", EcsSchemas.defaultSchema());
        assertThat(r.selective).as("queries with a required-values condition").isGreaterThan(r.queries / 2);
    }

    @Test
    void agreesWithTheEvaluatorOnTheKibanaCorpusWithoutFieldTypes() throws IOException {
        compare("kibana-8.9_nofields.jsonl", FieldSchema.none());
    }

    private record Result(int queries, long selective) {
    }

    private static Result compare(String file, FieldSchema schema) throws IOException {
        Map<String, JsonNode> queries = new LinkedHashMap<>();
        KqlCorpus.read(file).forEach(row -> queries.put(row.id(), row.dsl()));
        DifferentialEvents generator = new DifferentialEvents(schema);
        generator.addFixturesUnder(Path.of("../test-fixtures"));
        int fixtureEvents = generator.events().size();
        queries.forEach(generator::addFromQuery);
        List<Map.Entry<String, JsonNode>> events = new ArrayList<>(generator.events().entrySet());

        DslEvaluator evaluator = new DslEvaluator(schema, CLOCK);
        MatcherCompiler compiler = new MatcherCompiler(schema, CLOCK);
        List<String> ids = new ArrayList<>();
        List<CompiledQuery> compiled = new ArrayList<>();
        int rejectedAtCompile = 0;
        for (Map.Entry<String, JsonNode> q : queries.entrySet()) {
            try {
                compiled.add(compiler.compile(q.getValue()));
                ids.add(q.getKey());
            } catch (DslEvaluationException e) {
                rejectedAtCompile++; // the evaluator rejects it on every event too: nothing to compare
            }
        }
        RuleSelector selector = new RuleSelector(compiled);

        long pairs = 0;
        long matches = 0;
        List<String> disagreements = new ArrayList<>();
        for (int e = 0; e < events.size(); e++) {
            Map.Entry<String, JsonNode> event = events.get(e);
            IndexedEvent indexed = new IndexedEvent(event.getValue(), CLOCK.instant());
            TreeSet<Integer> expected = new TreeSet<>();
            TreeSet<Integer> decided = new TreeSet<>();
            for (int q = 0; q < compiled.size(); q++) {
                boolean own = event.getKey().startsWith(ids.get(q) + "#");
                if (!own && e >= fixtureEvents && e % OTHER_EVENTS_STRIDE != q % OTHER_EVENTS_STRIDE) {
                    continue;
                }
                boolean want;
                try {
                    want = evaluator.evaluate(compiled.get(q).query(), event.getValue()).matched();
                } catch (DslEvaluationException rejected) {
                    continue;
                }
                decided.add(q);
                pairs++;
                if (want) {
                    expected.add(q);
                    matches++;
                }
                if (compiled.get(q).matches(indexed) != want) {
                    disagreements.add(ids.get(q) + " on " + event.getKey() + ": evaluator says " + want);
                }
            }
            TreeSet<Integer> selected = new TreeSet<>();
            selector.forEachMatch(indexed, selected::add, (error, q) -> { });
            selected.retainAll(decided);
            if (!selected.equals(expected)) {
                disagreements.add("selection on " + event.getKey() + ": " + selected + " instead of " + expected);
            }
        }
        System.out.printf("%s: %d queries (%d rejected at compile, %d selective) × %d events: %,d pairs, %,d matches%n",
                file, queries.size(), rejectedAtCompile, selector.selective(), events.size(), pairs, matches);
        assertThat(disagreements).as("pairs where the compiled matcher disagrees with the evaluator").isEmpty();
        assertThat(pairs).isGreaterThan(100_000);
        assertThat(matches).isGreaterThan(1_000);
        return new Result(compiled.size(), selector.selective());
    }
}
