package io.ruleforge.eql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.eql.verify.EqlProblem;
import io.ruleforge.eql.verify.EqlVerifier;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.MappingFile;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlMatch;
import io.ruleforge.evaluate.eql.EqlSettings;
import io.ruleforge.harness.EventFile;
import io.ruleforge.testing.SharedFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Elasticsearch's own EQL integration-test specs ({@code shared/conformance/eql-es}, read from there, never copied)
 * run through ruleforge's parser, verifier and evaluator, as Elasticsearch's spec runner
 * ({@code x-pack/plugin/eql/qa/common}: {@code BaseEqlSpecTestCase} and its subclasses, {@code DataLoader}) runs
 * them: the same indices, timestamp, category and tiebreaker fields, {@code size} (the spec's, else 50), either
 * {@code result_position} (the runner picks one at random, so both must hold), the events of all results flattened
 * to their id field ({@code -1} for a missing-event placeholder), and the join keys where the spec gives them.
 *
 * <p>A case is skipped only for a feature ruleforge deliberately does not support because Elasticsearch's detection
 * rules cannot use it (see {@link Unsupported}); any other case that does not give Elasticsearch's answer fails.
 */
class EqlConformanceTest {

    private static final TomlMapper TOML = new TomlMapper();
    /** The runner's default {@code size}: "some queries return more than 10 results". */
    private static final int RUNNER_SIZE = 50;
    /** Windows filetime (100 ns ticks since 1601) to Unix epoch millis, as the runner's DataLoader converts it. */
    private static final long FILETIME_TICKS_PER_MILLI = 10_000L;
    private static final long FILETIME_EPOCH_OFFSET_MILLIS = 11_644_473_600_000L;

    private static Path dir;

    @BeforeAll
    static void locateSharedFolder() {
        dir = SharedFolder.require("conformance/eql-es");
    }

    /**
     * Features of Elasticsearch EQL that ruleforge does not run, and why: pipes other than {@code head}/{@code tail}
     * and the Endgame lineage operators are rejected by Elasticsearch itself, and the specs keep only commented-out
     * cases for them; the detection engine runs none of them. Dates in a custom mapping {@code format} (the sample
     * indices map {@code @timestamp_pretty} as {@code dd-MM-yyyy} in one index and {@code yyyy-MM-dd} in another):
     * ruleforge reads ISO-8601 and epoch millis, which is what ECS data and rule fixtures use.
     */
    enum Unsupported {
        CUSTOM_DATE_FORMAT("date field with a custom mapping format", Pattern.compile("@timestamp_pretty")),
        PIPE_UNIQUE("| unique", Pattern.compile("\\|\\s*unique\\b")),
        PIPE_SORT("| sort", Pattern.compile("\\|\\s*sort\\b")),
        PIPE_FILTER("| filter", Pattern.compile("\\|\\s*filter\\b")),
        PIPE_COUNT("| count", Pattern.compile("\\|\\s*count\\b")),
        LINEAGE("descendant of / child of / event of", Pattern.compile("\\b(descendant|child|event)\\s+of\\b"));

        final String label;
        final Pattern pattern;

        Unsupported(String label, Pattern pattern) {
            this.label = label;
            this.pattern = pattern;
        }

        static Unsupported in(String query) {
            for (Unsupported u : values()) {
                if (u.pattern.matcher(query).find()) {
                    return u;
                }
            }
            return null;
        }
    }

    /** One {@code [[queries]]} entry: the accepted results (more than one for some samples), each a flat id list. */
    record Spec(String name, String query, List<List<Long>> expected, List<String> joinKeys, Integer size,
                Integer maxSamplesPerKey, boolean insensitiveModeOnly) {
    }

    /**
     * Older spec files flag cases {@code case_sensitive} / {@code case_insensitive} for the two case modes that
     * Elasticsearch had before 7.10; the runner keeps a case unless it is flagged to hold only in the insensitive
     * mode, which Elasticsearch no longer has (its {@code ==} is case-sensitive, {@code :} and {@code ~} are not).
     */
    private static final String INSENSITIVE_MODE_ONLY = "only for the removed case-insensitive mode";

    /** Events, their mapping and the runner's request settings for one spec file. */
    record Dataset(List<JsonNode> events, FieldSchema schema, EqlSettings settings, String idField) {
    }

    record Tally(int passed, List<String> failures, Map<String, Integer> skipped) {
        @Override
        public String toString() {
            return passed + " passed, " + failures.size() + " failed, "
                    + skipped.values().stream().mapToInt(Integer::intValue).sum() + " skipped " + skipped;
        }
    }

    @Test
    void testQueriesGiveElasticsearchsEventIds() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (EventFile.Event e : EventFile.read(dir.resolve("test_data.json"))) {
            ObjectNode doc = (ObjectNode) e.document();
            doc.put("@timestamp", doc.get("timestamp").asLong() / FILETIME_TICKS_PER_MILLI - FILETIME_EPOCH_OFFSET_MILLIS);
            events.add(doc);
        }
        Dataset data = new Dataset(events, MappingFile.read(dir.resolve("mapping-default.json")),
                runnerSettings("serial_event_id"), "serial_event_id");
        assertConforms("test_queries.toml", data);
    }

    /** The mapping's random type placeholder, as the runner's DataLoader replaces it: both types must give the same. */
    @Test
    void missingEventSpecsGiveElasticsearchsEventIds() throws Exception {
        for (String type : List.of("keyword", "wildcard")) {
            Dataset data = new Dataset(documents("data/missing-events.data"),
                    mapping("data/missing-events.mapping", type), runnerSettings("sequence"), "sequence");
            assertConforms("test_missing_events.toml", data);
        }
    }

    /** The runner searches the three sample indices at once, without a tiebreaker. */
    @Test
    void sampleSpecsGiveElasticsearchsEventIds() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        FieldSchema schema = FieldSchema.none();
        for (String index : List.of("sample1", "sample2", "sample3")) {
            events.addAll(documents("data/" + index + ".data"));
            schema = schema.overlay(mapping("data/" + index + ".mapping", "keyword"));
        }
        assertConforms("test_sample.toml", new Dataset(events, schema, runnerSettings(null), "id"));
    }

    private static EqlSettings runnerSettings(String tiebreaker) {
        return EqlSettings.defaults().withTiebreakerField(tiebreaker).withSize(RUNNER_SIZE);
    }

    private static List<JsonNode> documents(String file) throws DiagnosticException {
        return EventFile.read(dir.resolve(file)).stream().map(EventFile.Event::document).toList();
    }

    private static FieldSchema mapping(String file, String placeholderType) throws IOException, DiagnosticException {
        String text = Files.readString(dir.resolve(file), StandardCharsets.UTF_8)
                .replace("[runtime_random_keyword_type]", placeholderType);
        Path resolved = Files.createTempFile("eql-es-mapping", ".json");
        try {
            Files.writeString(resolved, text, StandardCharsets.UTF_8);
            return MappingFile.read(resolved);
        } finally {
            Files.delete(resolved);
        }
    }

    private static void assertConforms(String specFile, Dataset data) throws IOException {
        Tally tally = run(specs(specFile), data);
        System.out.printf("[eql-conformance] %s: %s%n", specFile, tally);
        assertThat(tally.failures())
                .as("%s: cases where ruleforge differs from Elasticsearch", specFile)
                .isEmpty();
    }

    private static Tally run(List<Spec> specs, Dataset data) {
        int passed = 0;
        List<String> failures = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        for (Spec spec : specs) {
            if (spec.insensitiveModeOnly()) {
                skipped.merge(INSENSITIVE_MODE_ONLY, 1, Integer::sum);
                continue;
            }
            Unsupported unsupported = Unsupported.in(spec.query());
            if (unsupported != null) {
                skipped.merge(unsupported.label, 1, Integer::sum);
                continue;
            }
            String failure = failure(spec, data);
            if (failure == null) {
                passed++;
            } else {
                failures.add(spec.name() + " [" + spec.query().replaceAll("\\s+", " ") + "]: " + failure);
            }
        }
        return new Tally(passed, failures, skipped);
    }

    /** Why ruleforge's answer differs from Elasticsearch's, or null when it does not. */
    private static String failure(Spec spec, Dataset data) {
        EqlParseResult parsed = EqlParser.parse(spec.query());
        if (parsed instanceof EqlParseResult.Failure f) {
            return "syntax error " + f.error();
        }
        EqlQuery query = ((EqlParseResult.Success) parsed).query();
        List<EqlProblem> errors = new EqlVerifier(data.schema()).verify(query).stream()
                .filter(p -> p.severity() == EqlProblem.Severity.ERROR).toList();
        if (!errors.isEmpty()) {
            return "rejected " + errors;
        }
        EqlSettings settings = data.settings();
        if (spec.size() != null) {
            settings = settings.withSize(spec.size());
        }
        if (spec.maxSamplesPerKey() != null) {
            settings = settings.withMaxSamplesPerKey(spec.maxSamplesPerKey());
        }
        for (EqlSettings.ResultPosition position : EqlSettings.ResultPosition.values()) {
            List<EqlMatch> matches = new EqlEvaluator(data.schema(), settings.withResultPosition(position))
                    .evaluate(query, data.events());
            List<Long> ids = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (EqlMatch m : matches) {
                for (JsonNode event : m.events()) {
                    ids.add(event == null ? -1L : event.get(data.idField()).asLong());
                }
                m.joinKeys().forEach(k -> keys.add(String.valueOf(k)));
            }
            if (!spec.expected().contains(ids)) {
                return "result_position " + position.name().toLowerCase() + ": expected "
                        + (spec.expected().size() == 1 ? spec.expected().get(0) : "one of " + spec.expected())
                        + ", found " + ids;
            }
            if (!spec.joinKeys().isEmpty() && !spec.joinKeys().equals(keys)) {
                return "result_position " + position.name().toLowerCase() + ": expected join keys " + spec.joinKeys()
                        + ", found " + keys;
            }
        }
        return null;
    }

    private static List<Spec> specs(String file) throws IOException {
        JsonNode root = TOML.readTree(dir.resolve(file).toFile());
        List<Spec> specs = new ArrayList<>();
        for (JsonNode q : root.path("queries")) {
            JsonNode ids = q.path("expected_event_ids");
            List<List<Long>> expected = new ArrayList<>();
            if (ids.size() > 0 && ids.get(0).isArray()) {
                ids.forEach(alternative -> expected.add(longs(alternative)));
            } else {
                expected.add(longs(ids));
            }
            List<String> joinKeys = new ArrayList<>();
            q.path("join_keys").forEach(k -> joinKeys.add(k.asText()));
            specs.add(new Spec(q.path("name").asText(), q.path("query").asText().strip(), expected, joinKeys,
                    q.has("size") ? q.get("size").asInt() : null,
                    q.has("max_samples_per_key") ? q.get("max_samples_per_key").asInt() : null,
                    q.path("case_insensitive").asBoolean(false) && !q.path("case_sensitive").asBoolean(false)));
        }
        assertThat(specs).as("cases in %s", file).isNotEmpty();
        return specs;
    }

    private static List<Long> longs(JsonNode array) {
        List<Long> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asLong()));
        return out;
    }
}
