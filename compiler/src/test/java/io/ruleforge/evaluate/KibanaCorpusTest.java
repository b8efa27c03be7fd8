package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.testing.KqlCorpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every DSL Kibana produced for the prebuilt rules must be accepted (evaluated without exception) unless
 * Elasticsearch itself would reject it. The rejections expected are predicted here independently of the
 * evaluator: a wildcard or query_string wildcard term on a field ECS maps as ip, numeric or date.
 */
class KibanaCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-10T12:00:00Z"), ZoneOffset.UTC);

    private record CorpusEntry(String id, JsonNode dsl) {
    }

    private static List<CorpusEntry> corpus(String file) throws IOException {
        return KqlCorpus.read(file).stream().map(row -> new CorpusEntry(row.id(), row.dsl())).toList();
    }

    @Test
    void kibana89WithoutFieldTypesNeverThrows() throws IOException {
        List<CorpusEntry> entries = corpus("kibana-8.9_nofields.jsonl");
        DslEvaluator evaluator = new DslEvaluator(FieldSchema.none(), CLOCK);
        Result result = runAll(entries, evaluator);
        assertThat(result.rejected).as("rejected queries").isEmpty();
        assertThat(result.evaluated).isEqualTo(entries.size() * events(null).size());
        assertThat(result.matchedOwnEvent).as("queries matching an event built from their own values").isPositive();
    }

    @Test
    void kibana812WithEcsRejectsOnlyWildcardsOnNonStringFields() throws IOException {
        assertRejectsExactlyPredicted("kibana-8.12_ecs.jsonl");
    }

    /** The 8.9 engine sent the same strings without field types; the index still has ECS types. */
    @Test
    void kibana89AgainstAnEcsIndexRejectsOnlyWildcardsOnNonStringFields() throws IOException {
        assertRejectsExactlyPredicted("kibana-8.9_nofields.jsonl");
    }

    /**
     * With the shipped ECS 9.4.0 types the current corpus happens to hold no wildcard on an ip/numeric/date field
     * (such rules were rewritten upstream), so the predicted set may be empty; the rejection itself is covered by
     * {@code DslEvaluatorTest.queriesElasticsearchRejectsThrow}.
     */
    private static void assertRejectsExactlyPredicted(String file) throws IOException {
        List<CorpusEntry> entries = corpus(file);
        FieldSchema ecs = EcsSchemas.defaultSchema();
        Result result = runAll(entries, new DslEvaluator(ecs, CLOCK));

        Set<String> predicted = new TreeSet<>();
        for (CorpusEntry e : entries) {
            if (hasWildcardOnNonStringField(e.dsl(), ecs)) {
                predicted.add(e.id());
            }
        }
        assertThat(result.rejected.keySet()).as("rules whose DSL ES rejects").isEqualTo(predicted);
        assertThat(result.rejected.values()).allSatisfy(message ->
                assertThat(message).contains("Can only use wildcard queries on keyword and text fields"));
        System.out.println(file + " with ECS " + EcsSchemas.VERSIONS.get(0) + ": " + predicted.size() + " of "
                + entries.size() + " rules put wildcards on ip/numeric/date fields and are rejected");
        assertThat(result.matchedOwnEvent).isPositive();
    }

    private static final class Result {
        final Map<String, String> rejected = new TreeMap<>();
        int evaluated;
        int matchedOwnEvent;
    }

    private static Result runAll(List<CorpusEntry> entries, DslEvaluator evaluator) {
        Result result = new Result();
        for (CorpusEntry e : entries) {
            List<JsonNode> events = events(e.dsl());
            for (int i = 0; i < events.size(); i++) {
                try {
                    boolean matched = evaluator.evaluate(e.dsl(), events.get(i)).matched();
                    result.evaluated++;
                    if (matched && i == events.size() - 1) {
                        result.matchedOwnEvent++;
                    }
                } catch (DslEvaluationException ex) {
                    result.rejected.put(e.id(), ex.getMessage());
                }
            }
        }
        return result;
    }

    /** An empty event, a Sysmon network event, and one built from the values the query itself mentions. */
    private static List<JsonNode> events(JsonNode dsl) {
        try {
            List<JsonNode> events = new ArrayList<>();
            events.add(JSON.readTree("{}"));
            events.add(JSON.readTree("{\"@timestamp\":\"2024-05-10T11:00:00Z\",\"event\":{\"category\":[\"network\"],"
                    + "\"action\":\"Network connection detected (rule: NetworkConnect)\"},\"process\":{\"name\":\"cmd.exe\","
                    + "\"args\":[\"cmd.exe\",\"/c\",\"whoami\"],\"command_line\":\"cmd.exe /c whoami\",\"pid\":4},"
                    + "\"destination\":{\"ip\":\"8.8.8.8\",\"port\":443},\"source\":{\"ip\":\"10.0.0.5\"},"
                    + "\"host\":{\"os\":{\"type\":\"windows\"}},\"user\":{\"name\":\"bob\"}}"));
            ObjectNode own = JSON.createObjectNode();
            if (dsl != null) {
                collectValues(dsl, own);
            }
            events.add(own);
            return events;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts every (field, value) a leaf mentions into the event as dotted keys, multi-valued (terms values aside). */
    private static void collectValues(JsonNode dsl, ObjectNode event) {
        for (DslLeaves.Leaf leaf : DslLeaves.of(dsl)) {
            switch (leaf.query()) {
                case "terms" -> {
                }
                case "exists" -> add(event, leaf.field(), "x");
                case "range" -> add(event, leaf.field(), leaf.value().asText());
                case "query_string" -> add(event, leaf.field(), leaf.value().asText().replace("*", "x").replace("\\", ""));
                default -> add(event, leaf.field(),
                        leaf.value().asText().replace("*", "x").replace("\\", "").replaceFirst("/\\d+$", ""));
            }
        }
    }

    private static void add(ObjectNode event, String field, String value) {
        JsonNode existing = event.get(field);
        ArrayNode values = existing instanceof ArrayNode a ? a : event.putArray(field);
        values.add(value);
    }

    private static boolean hasWildcardOnNonStringField(JsonNode node, FieldSchema schema) {
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (hasWildcardOnNonStringField(n, schema)) {
                    return true;
                }
            }
            return false;
        }
        if (!node.isObject()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode body = e.getValue();
            if (e.getKey().equals("wildcard")) {
                if (isNonString(schema, body.fieldNames().next())) {
                    return true;
                }
            } else if (e.getKey().equals("query_string")) {
                boolean wildcardQuery = body.get("query").asText().replace("\\*", "").contains("*");
                for (JsonNode f : body.path("fields")) {
                    if (wildcardQuery && isNonString(schema, f.asText())) {
                        return true;
                    }
                }
            } else if (hasWildcardOnNonStringField(body, schema)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isNonString(FieldSchema schema, String field) {
        Optional<FieldMapping> m = schema.field(field);
        return m.isPresent() && (m.get().isIp() || m.get().isNumeric() || m.get().isDate());
    }
}
