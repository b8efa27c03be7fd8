package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.testing.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The edges of the {@code bool} query that a value-list exception item reaches (an empty list, an excluded
 * {@code ip_range} list: a bool of must_not clauses with {@code minimum_should_match: 1}) and their neighbours, decided
 * by a real Elasticsearch, by the evaluator that decides fixtures and by replay's compiled matchers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoolShapesDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestElasticsearch elasticsearch = new TestElasticsearch();

    @Test
    void boolEdgesAreDecidedAsElasticsearchDecidesThem() throws Exception {
        Map<String, JsonNode> events = new LinkedHashMap<>();
        events.put("a", JSON.readTree("{\"user\":{\"name\":\"a\"},\"host\":{\"name\":\"x\"}}"));
        events.put("b", JSON.readTree("{\"user\":{\"name\":\"b\"},\"host\":{\"name\":\"y\"}}"));
        events.put("c", JSON.readTree("{\"host\":{\"name\":\"x\"}}"));
        String a = "{\"term\":{\"user.name\":\"a\"}}";
        String b = "{\"term\":{\"user.name\":\"b\"}}";
        String x = "{\"term\":{\"host.name\":\"x\"}}";
        List<String> shapes = List.of(
                "{\"bool\":{}}",
                "{\"bool\":{\"minimum_should_match\":1}}",
                "{\"bool\":{\"should\":[],\"minimum_should_match\":1}}",
                "{\"bool\":{\"must_not\":[],\"minimum_should_match\":1}}",
                "{\"bool\":{\"must_not\":[],\"minimum_should_match\":\"abc\"}}",
                "{\"bool\":{\"must_not\":[A],\"minimum_should_match\":1}}",
                "{\"bool\":{\"must_not\":[A,B],\"minimum_should_match\":\"100%\"}}",
                "{\"bool\":{\"should\":[],\"must_not\":[A],\"minimum_should_match\":1}}",
                "{\"bool\":{\"filter\":[X],\"minimum_should_match\":1}}",
                "{\"bool\":{\"must\":[X],\"minimum_should_match\":1}}",
                "{\"bool\":{\"filter\":[X],\"must_not\":[A],\"minimum_should_match\":1}}",
                "{\"bool\":{\"filter\":[X],\"should\":[A],\"minimum_should_match\":1}}",
                "{\"bool\":{\"filter\":[X],\"should\":[A],\"minimum_should_match\":2}}",
                "{\"bool\":{\"should\":[A,B],\"minimum_should_match\":3}}",
                "{\"bool\":{\"should\":[A,B],\"minimum_should_match\":-1}}",
                "{\"bool\":{\"should\":[A,B,X],\"minimum_should_match\":\"9<-3 1<-1\"}}",
                "{\"bool\":{\"should\":[A,B,X],\"minimum_should_match\":\"1 < -1\"}}",
                "{\"bool\":{\"filter\":{\"terms\":{\"user.name\":[]}}}}",
                "{\"bool\":{\"must_not\":{\"terms\":{\"user.name\":[]}}}}");
        List<JsonNode> searches = new ArrayList<>();
        for (String shape : shapes) {
            searches.add(JSON.readTree(shape.replace("A", a).replace("B", b).replace("X", x)));
        }
        Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
        List<String> disagreements = new ArrayList<>();
        int matchedSomething = 0;
        try (EngineIndex index = elasticsearch.indexOf("ruleforge-bool-shapes", EcsSchemas.defaultSchema(), events)) {
            for (ThreeWayVerdicts verdicts : ThreeWayVerdicts.decide(index, searches, events, EcsSchemas.defaultSchema(), clock)) {
                matchedSomething += verdicts.engine().isEmpty() ? 0 : 1;
                if (!verdicts.agree()) {
                    disagreements.add(verdicts.search() + ": Elasticsearch " + verdicts.engine() + ", the evaluator "
                            + verdicts.evaluator() + ", replay " + verdicts.replay());
                }
            }
        }
        // shapes that match all, some and none, or the comparison shows little
        assertThat(matchedSomething).isBetween(3, shapes.size() - 3);
        assertThat(disagreements).isEmpty();
    }

    /** A minimum Elasticsearch cannot read fails a bool that has clauses, must_not clauses alone included. */
    @Test
    void aMinimumElasticsearchCannotReadIsRefusedByBoth() throws Exception {
        Map<String, JsonNode> events = Map.of("a", JSON.readTree("{\"user\":{\"name\":\"a\"}}"));
        List<JsonNode> searches = List.of(
                JSON.readTree("{\"bool\":{\"must_not\":[{\"term\":{\"user.name\":\"b\"}}],\"minimum_should_match\":\"abc\"}}"),
                JSON.readTree("{\"bool\":{\"filter\":[{\"term\":{\"user.name\":\"a\"}}],\"minimum_should_match\":\"abc\"}}"));
        DslEvaluator evaluator = new DslEvaluator(EcsSchemas.defaultSchema(), Clock.systemUTC());
        try (EngineIndex index = elasticsearch.indexOf("ruleforge-bool-refused", EcsSchemas.defaultSchema(), events)) {
            List<EngineIndex.QueryHits> answers = index.search(searches);
            for (int i = 0; i < searches.size(); i++) {
                JsonNode search = searches.get(i);
                assertThat(answers.get(i).rejected()).as("Elasticsearch on %s", search).isTrue();
                assertThatThrownBy(() -> evaluator.evaluate(search, events.get("a"))).as("the evaluator on %s", search)
                        .isInstanceOf(DslEvaluationException.class);
            }
        }
    }
}
