package io.ruleforge.eql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlMatch;
import io.ruleforge.evaluate.eql.EqlSettings;
import io.ruleforge.eql.verify.EqlProblem;
import io.ruleforge.eql.verify.EqlVerifier;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.testing.SharedFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every worked case of the shared {@code eql-examples.json} (hand-written vectors of Elasticsearch EQL
 * semantics) through parser, verifier and evaluator, with the ECS 9.4.0 field types.
 */
class EqlExamplesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final FieldSchema ECS = EcsSchemas.load("9.4.0");

    private static JsonNode examples;
    private static List<JsonNode> events;
    private static EqlSettings settings;

    @BeforeAll
    static void load() throws IOException {
        examples = MAPPER.readTree(SharedFolder.require("conformance/eql").resolve("eql-examples.json").toFile());
        events = new ArrayList<>();
        examples.get("events").forEach(events::add);
        JsonNode s = examples.get("settings");
        settings = EqlSettings.defaults()
                .withTimestampField(s.get("timestamp_field").asText())
                .withEventCategoryField(s.get("event_category_field").asText())
                .withTiebreakerField(s.get("tiebreaker_field").isNull() ? null : s.get("tiebreaker_field").asText())
                .withSize(s.get("size").asInt());
    }

    @Test
    void eventQueries() {
        List<String> failures = new ArrayList<>();
        JsonNode cases = examples.get("event_queries");
        for (JsonNode c : cases) {
            List<List<String>> actual = run(c.get("query").asText(), failures, c);
            if (actual == null) {
                continue;
            }
            List<String> ids = actual.stream().map(group -> group.get(0)).toList();
            List<String> expected = strings(c.get("expect"));
            if (!ids.equals(expected)) {
                failures.add(c.get("id").asText() + ": expected " + expected + " but got " + ids);
            }
        }
        report("event_queries", cases.size(), failures);
    }

    @Test
    void sequenceQueries() {
        List<String> failures = new ArrayList<>();
        JsonNode cases = examples.get("sequence_queries");
        for (JsonNode c : cases) {
            String id = c.get("id").asText();
            if (c.path("parse_only").asBoolean()) {
                EqlQuery written = parse(c.get("query").asText());
                EqlQuery equivalent = parse(c.get("equivalent_to").asText());
                List<String> a = termConditions(written);
                List<String> b = termConditions(equivalent);
                if (!a.equals(b)) {
                    failures.add(id + ": expanded terms " + a + " differ from " + b);
                }
                continue;
            }
            EqlQuery query = parse(c.get("query").asText());
            List<EqlMatch> matches = new EqlEvaluator(ECS, settings).evaluate(query, events);
            List<List<String>> actual = matches.stream().map(m -> ids(m.events())).toList();
            List<List<String>> expected = new ArrayList<>();
            c.get("expect").forEach(g -> expected.add(stringsWithNulls(g)));
            if (!actual.equals(expected)) {
                failures.add(id + ": expected " + expected + " but got " + actual);
            }
            if (c.has("expect_join_keys")) {
                List<String> keys = matches.stream().map(m -> m.joinKeys().toString()).toList();
                List<String> expectedKeys = new ArrayList<>();
                c.get("expect_join_keys").forEach(k -> expectedKeys.add(joinKeyText(k)));
                if (!keys.equals(expectedKeys)) {
                    failures.add(id + ": expected join keys " + expectedKeys + " but got " + keys);
                }
            }
        }
        report("sequence_queries", cases.size(), failures);
    }

    @Test
    void sampleQueries() {
        List<String> failures = new ArrayList<>();
        JsonNode cases = examples.get("sample_queries");
        for (JsonNode c : cases) {
            EqlQuery query = parse(c.get("query").asText());
            List<EqlMatch> matches = new EqlEvaluator(ECS, settings).evaluate(query, events);
            List<String> keys = matches.stream().map(m -> m.joinKeys().toString()).toList();
            List<String> expectedKeys = new ArrayList<>();
            c.get("expect_join_keys").forEach(k -> expectedKeys.add(joinKeyText(k)));
            int filters = ((QueryBody.Sample) query.body()).terms().size();
            if (!keys.equals(expectedKeys) || matches.stream().anyMatch(m -> m.events().size() != filters)) {
                failures.add(c.get("id").asText() + ": expected join keys " + expectedKeys + " but got " + keys);
            }
        }
        report("sample_queries", cases.size(), failures);
    }

    @Test
    void invalidQueries() {
        List<String> failures = new ArrayList<>();
        JsonNode cases = examples.get("invalid_queries");
        EqlVerifier verifier = new EqlVerifier(ECS);
        for (JsonNode c : cases) {
            String q = c.get("query").asText();
            EqlParseResult result = EqlParser.parse(q);
            if (result instanceof EqlParseResult.Success s) {
                List<EqlProblem> errors = verifier.verify(s.query()).stream()
                        .filter(p -> p.severity() == EqlProblem.Severity.ERROR).toList();
                if (errors.isEmpty()) {
                    failures.add("accepted: " + q + " (" + c.get("reason").asText() + ")");
                } else {
                    System.out.printf("[eql-examples] invalid (verifier) %s%n    -> %s%n", q, errors);
                }
            } else {
                System.out.printf("[eql-examples] invalid (parser)   %s%n    -> %s%n", q, ((EqlParseResult.Failure) result).error());
            }
        }
        report("invalid_queries", cases.size(), failures);
    }

    @Test
    void functionValues() {
        List<String> failures = new ArrayList<>();
        JsonNode cases = examples.get("function_values");
        EqlEvaluator evaluator = new EqlEvaluator(ECS, settings);
        for (JsonNode c : cases) {
            String expr = c.get("expr").asText();
            EqlQuery query = parse("any where " + expr);
            Object actual = evaluator.value(((EventQuery) query.body()).condition(), MAPPER.createObjectNode());
            JsonNode expected = c.get("value");
            if (!sameValue(expected, actual)) {
                failures.add(expr + ": expected " + expected + " but got " + actual
                        + (actual == null ? "" : " (" + actual.getClass().getSimpleName() + ")"));
            }
        }
        report("function_values", cases.size(), failures);
    }

    // ------------------------------------------------------------ helpers

    private static List<List<String>> run(String query, List<String> failures, JsonNode c) {
        EqlParseResult result = EqlParser.parse(query);
        if (result instanceof EqlParseResult.Failure f) {
            failures.add(c.get("id").asText() + ": does not parse: " + f.error());
            return null;
        }
        return new EqlEvaluator(ECS, settings).evaluate(((EqlParseResult.Success) result).query(), events)
                .stream().map(m -> ids(m.events())).toList();
    }

    private static EqlQuery parse(String query) {
        EqlParseResult result = EqlParser.parse(query);
        assertThat(result).as("parse %s", query).isInstanceOf(EqlParseResult.Success.class);
        return ((EqlParseResult.Success) result).query();
    }

    /** The condition text of every term after runs expansion, to compare two sequences structurally. */
    private static List<String> termConditions(EqlQuery query) {
        QueryBody.Sequence seq = (QueryBody.Sequence) query.body();
        return seq.expandedTerms().stream()
                .map(t -> t.query().category().name() + "|" + query.text().substring(t.query().condition().span().start(),
                        t.query().condition().span().end()) + "|" + seq.joinKeysOf(t).size())
                .toList();
    }

    private static List<String> ids(List<JsonNode> docs) {
        List<String> out = new ArrayList<>();
        docs.forEach(d -> out.add(d == null ? null : d.get("_id").asText()));
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> stringsWithNulls(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.isNull() ? null : n.asText()));
        return out;
    }

    /** Join keys printed as Java prints the List of values (strings unquoted, integers as digits). */
    private static String joinKeyText(JsonNode keys) {
        List<String> out = new ArrayList<>();
        keys.forEach(k -> out.add(k.isNull() ? "null" : k.asText()));
        return out.toString();
    }

    /** Integral JSON numbers must come out as Long, fractional ones as Double; strings, booleans, null exactly. */
    private static boolean sameValue(JsonNode expected, Object actual) {
        if (expected.isNull()) {
            return actual == null;
        }
        if (expected.isIntegralNumber()) {
            return actual instanceof Long l && l == expected.asLong();
        }
        if (expected.isNumber()) {
            return actual instanceof Double d && d == expected.asDouble();
        }
        if (expected.isBoolean()) {
            return Boolean.valueOf(expected.asBoolean()).equals(actual);
        }
        return expected.asText().equals(actual);
    }

    private static void report(String section, int total, List<String> failures) {
        System.out.printf("[eql-examples] %s: %d/%d passed%n", section, total - failures.size(), total);
        failures.forEach(f -> System.out.println("    FAIL " + f));
        assertThat(failures).as(section).isEmpty();
    }
}
