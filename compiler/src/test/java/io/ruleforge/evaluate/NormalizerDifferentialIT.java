package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.ElasticSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.Normalizer;
import io.ruleforge.fields.ScopedMapping;
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
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyword fields with a normalizer are searched, grouped and returned as a real Elasticsearch does: Elastic Defend's
 * {@code process.*.caseless} fields as ruleforge ships them (the built-in {@code lowercase} normalizer,
 * {@code ignore_above} 1024) and a short {@code ignore_above}, with values in every case and the code points where
 * Lucene's lowercasing and Java's {@link String#toLowerCase()} part ({@code İ}, final {@code Σ}, the Kelvin sign, a
 * titlecase digraph, Deseret), under term, terms, match, match_phrase, wildcard (escapes included), regexp, range,
 * query_string and exists, case-sensitive and not; and the terms aggregation's keys and the fields API's values.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NormalizerDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final String[] NAMES = {"MSBuild.exe", "msbuild.EXE", "MSBUILD.EXE", "İstanbul.exe", "istanbul.exe",
            "ΟΔΥΣΣΕΥΣ.exe", "οδυσσευς.exe", "Straße.exe", "STRASSE.EXE", "\u212Aelvin.exe", "kelvin.exe", "\u01C5ab.exe",
            "\uD801\uDC00x.exe", "\uD801\uDC28x.exe", "Cmd.Exe", "a-very-LONG-process-name.exe"};
    private static final String[] FIELDS = {"process.name", "process.name.caseless", "process.executable.caseless",
            "process.command_line.caseless", "user.name.short"};

    @RegisterExtension
    final TestElasticsearch elasticsearch = new TestElasticsearch();

    private final FieldSchema schema = schema();

    /** ECS with Elastic Defend's fields as ruleforge ships them, and a keyword with a short ignore_above. */
    private static FieldSchema schema() {
        ScopedMapping endpoint = ElasticSchemas.layers().stream()
                .filter(layer -> layer.indexPatterns().contains("logs-endpoint.events.*")).findFirst().orElseThrow();
        FieldSchema shortKeyword = FieldSchema.of("short", List.of(
                new FieldMapping("user.name.short", "keyword", 12).withNormalizer(Normalizer.LOWERCASE)));
        return EcsSchemas.defaultSchema().overlay(endpoint.fields()).overlay(shortKeyword);
    }

    @Test
    void theShippedCaselessFieldsAreLowercaseKeywords() {
        FieldMapping caseless = schema.field("process.name.caseless").orElseThrow();
        assertThat(caseless.normalizer()).isEqualTo(Normalizer.LOWERCASE);
        assertThat(caseless.ignoreAbove()).isEqualTo(1024);
    }

    @Test
    void normalizedKeywordsAreSearchedAsElasticsearchSearchesThem() {
        Random random = new Random(1127);
        Map<String, JsonNode> events = new LinkedHashMap<>();
        for (int i = 0; i < 120; i++) {
            events.put("e" + i, event(random));
        }
        List<JsonNode> searches = new ArrayList<>(edgeCases());
        for (String field : FIELDS) {
            for (int i = 0; i < 40; i++) {
                searches.add(query(random, field));
            }
        }
        List<String> disagreements = new ArrayList<>();
        int matched = 0;
        try (EngineIndex index = elasticsearch.indexOf("ruleforge-normalizer", schema, events)) {
            for (ThreeWayVerdicts verdicts : ThreeWayVerdicts.decide(index, searches, events, schema, CLOCK)) {
                matched += verdicts.engine().size();
                if (!verdicts.agree()) {
                    disagreements.add(verdicts.search() + ": Elasticsearch " + verdicts.engine() + ", the evaluator "
                            + verdicts.evaluator() + ", replay " + verdicts.replay());
                }
            }
            System.out.printf("normalizer differential: %d searches x %d events, %d matches, %d disagreements%n",
                    searches.size(), events.size(), matched, disagreements.size());
            // the searches must find some events and miss others, or the comparison shows nothing
            assertThat(matched).isGreaterThan(searches.size()).isLessThan(searches.size() * events.size() / 2);
            assertThat(disagreements).isEmpty();
            assertGroupedAndReturnedAlike(index, events);
        }
    }

    /** The terms aggregation's buckets (threshold, new_terms, suppression keys) and the fields API's values. */
    private void assertGroupedAndReturnedAlike(EngineIndex index, Map<String, JsonNode> events) {
        EngineClient client = elasticsearch.client();
        TermKeys keys = TermKeys.of(schema);
        for (String field : FIELDS) {
            ObjectNode request = JSON.createObjectNode();
            request.put("size", events.size());
            request.putArray("fields").add(field);
            request.put("_source", false);
            request.putObject("aggs").putObject("keys").putObject("terms").put("field", field).put("size", 100);
            EngineClient.Response response = client.post("/" + index.name() + "/_search", request);
            assertThat(response.ok()).as(response.body().toString()).isTrue();
            Map<String, Integer> engineBuckets = new TreeMap<>();
            response.body().path("aggregations").path("keys").path("buckets")
                    .forEach(b -> engineBuckets.put(b.path("key").asText(), b.path("doc_count").asInt()));
            Map<String, Integer> ourBuckets = new TreeMap<>();
            events.values().forEach(e -> keys.keys(e, field).forEach(k -> ourBuckets.merge(k, 1, Integer::sum)));
            assertThat(ourBuckets).as("terms buckets of %s", field).isEqualTo(engineBuckets);
            for (JsonNode hit : response.body().path("hits").path("hits")) {
                List<String> engineValues = new ArrayList<>();
                hit.path("fields").path(field).forEach(v -> engineValues.add(v.asText()));
                assertThat(keys.fieldValues(events.get(hit.path("_id").asText()), field))
                        .as("fields API values of %s in %s", field, hit.path("_id").asText()).isEqualTo(engineValues);
            }
        }
    }

    /**
     * Searches every run has: an escaped letter in a wildcard query and in a query_string (Elasticsearch 8.19
     * normalizes it too), a term as Kibana writes it, case_insensitive on non-ASCII letters (ASCII letters only fold)
     * and on a regexp's character class (which does not fold), a regexp and a range in capitals, and a value over
     * ignore_above.
     */
    private static List<JsonNode> edgeCases() {
        List<JsonNode> out = new ArrayList<>();
        for (String search : List.of(
                "{\"wildcard\":{\"process.name.caseless\":\"\\\\M*\"}}",
                "{\"query_string\":{\"fields\":[\"process.name.caseless\"],\"query\":\"\\\\M*\",\"analyze_wildcard\":true}}",
                "{\"query_string\":{\"fields\":[\"process.name.caseless\"],\"query\":\"\\\\m*\",\"analyze_wildcard\":true}}",
                "{\"term\":{\"process.name.caseless\":\"MSBuild.exe\"}}",
                "{\"term\":{\"process.name\":{\"value\":\"οδυσσευς.exe\",\"case_insensitive\":true}}}",
                "{\"wildcard\":{\"process.name\":{\"value\":\"*ς*\",\"case_insensitive\":true}}}",
                "{\"regexp\":{\"process.name\":{\"value\":\"ο.*\",\"case_insensitive\":true}}}",
                "{\"regexp\":{\"process.name.caseless\":\"MS.*\"}}",
                "{\"regexp\":{\"process.executable.caseless\":{\"value\":\"C:.*[A-Z]+\\\\.EXE\"}}}",
                "{\"range\":{\"process.name.caseless\":{\"gte\":\"MS\",\"lt\":\"MT\"}}}",
                "{\"regexp\":{\"process.name\":{\"value\":\"[A-Z]+\\\\.exe\",\"case_insensitive\":true}}}",
                "{\"regexp\":{\"process.name\":{\"value\":\"[a-z]+\\\\.EXE\",\"case_insensitive\":true}}}",
                "{\"regexp\":{\"process.name\":{\"value\":\"\\\"CMD\\\".*\",\"case_insensitive\":true}}}",
                "{\"exists\":{\"field\":\"user.name.short\"}}")) {
            try {
                out.add(JSON.readTree(search));
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static JsonNode event(Random random) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode process = event.putObject("process");
        if (random.nextInt(5) == 0) {
            ArrayNode names = process.putArray("name");
            names.add(pick(random, NAMES)).add(pick(random, NAMES));
        } else {
            process.put("name", pick(random, NAMES));
        }
        process.put("executable", "C:\\Windows\\" + pick(random, "System32", "SYSTEM32", "Temp") + "\\" + pick(random, NAMES));
        if (random.nextBoolean()) {
            process.put("command_line", pick(random, NAMES) + " /P:" + pick(random, "X", "x", "İ"));
        }
        if (random.nextInt(4) > 0) {
            event.putObject("user").put("name", pick(random, "Administrator", "ADMIN", "admin", "Bob", "İlker"));
        }
        return event;
    }

    private static JsonNode query(Random random, String field) {
        String value = pick(random, NAMES);
        ObjectNode query = JSON.createObjectNode();
        switch (random.nextInt(10)) {
            case 0 -> {
                if (random.nextBoolean()) {
                    query.putObject("term").put(field, value);
                } else {
                    query.putObject("term").putObject(field).put("value", value).put("case_insensitive", true);
                }
            }
            case 1 -> query.putObject("terms").putArray(field).add(value).add(pick(random, NAMES)).add("admin");
            case 2 -> query.putObject("match").put(field, value);
            case 3 -> query.putObject("match_phrase").putObject(field).put("query", value);
            case 4 -> {
                String pattern = pick(random, "*BUILD*", "msb?ild.*", "\\M*", "İ*", "*\\\\SYSTEM32\\\\*", "*ß*",
                        "*ς*", "*Σ*", "\u212A*", "A*", "*/p:x", "*/P:İ");
                if (random.nextBoolean()) {
                    query.putObject("wildcard").put(field, pattern);
                } else {
                    query.putObject("wildcard").putObject(field).put("value", pattern).put("case_insensitive", random.nextBoolean());
                }
            }
            case 5 -> query.putObject("regexp").putObject(field).put("value", pick(random, "MS.*", "[A-Z]+\\.exe", "ms.*",
                    ".*\\.EXE", "i.*", "İ.*", ".*x.*")).put("case_insensitive", random.nextInt(3) == 0);
            case 6 -> query.putObject("range").putObject(field).put("gte", pick(random, "M", "m", "İ", "C"))
                    .put("lt", pick(random, "N", "n", "ZZ", "zz"));
            case 7 -> {
                ObjectNode qs = query.putObject("query_string");
                qs.putArray("fields").add(field);
                qs.put("query", pick(random, "*BUILD*", "MSBuild.exe", "msbuild.exe", "İstanbul.exe", "*EXE", "Cmd.Exe",
                        "\\M*", "\\m*", "İ*"));
                qs.put("analyze_wildcard", true);
            }
            case 8 -> query.putObject("exists").put("field", field);
            default -> query.putObject("match").putObject(field).put("query", value).put("operator", "and");
        }
        return query;
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
