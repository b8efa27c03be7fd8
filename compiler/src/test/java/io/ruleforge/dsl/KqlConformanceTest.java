package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import io.ruleforge.testing.SharedFolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Differential test against Kibana's own {@code toElasticsearchQuery} output for every KQL query of a real rule
 * corpus ({@code shared/conformance/kql}). Skipped when the shared folder is not available.
 */
class KqlConformanceTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int MISMATCHES_SHOWN = 5;

    private static Path conformanceDir;

    @BeforeAll
    static void locateSharedFolder() {
        conformanceDir = SharedFolder.require("conformance/kql");
    }

    @Test
    void kibana89WithoutFields() throws IOException {
        assertConforms("kibana-8.9_nofields.jsonl", KibanaVersion.V8_9, FieldSchema.none());
    }

    @Test
    void kibana717WithoutFields() throws IOException {
        assertConforms("kibana-7.17_nofields.jsonl", KibanaVersion.V7_17, FieldSchema.none());
    }

    @Test
    void kibana812WithEcsFieldMap() throws IOException {
        assertConforms("kibana-8.12_ecs.jsonl", KibanaVersion.V8_12, conformanceFieldMap());
    }

    /**
     * The shipped ECS 9.4.0 schema knows object and nested containers, which the conformance field map (and hence
     * the data view Kibana was given) lacks. It could only differ on fields under a nested path (Kibana with a real
     * data view refuses them outside a nested group, or auto-wraps wildcard matches into nested queries) or on a
     * field typed differently; the corpus queries no such field, so the output must be identical.
     */
    @Test
    void shippedEcsSchemaAgreesWithConformanceFieldMap() throws IOException {
        List<Line> lines = read("kibana-8.12_ecs.jsonl");
        DslCompiler compiler = new DslCompiler(KibanaVersion.V8_12, EcsSchemas.load("9.4.0"));
        List<String> differences = new ArrayList<>();
        for (Line line : lines) {
            Outcome outcome = translate(line.query(), KibanaVersion.V8_12, compiler);
            if (!outcome.matches(line)) {
                differences.add("id: " + line.id() + "\n  query:    " + line.query().strip()
                        + "\n  expected: " + line.dsl() + "\n  shipped:  " + outcome);
            }
        }
        System.out.printf("[kql-conformance] 8.12 with shipped ECS 9.4.0: %d/%d identical%n",
                lines.size() - differences.size(), lines.size());
        assertThat(differences)
                .as("shipped ECS 9.4.0 differs from the conformance field map; first differences:%n%s",
                        String.join("\n", differences.subList(0, Math.min(MISMATCHES_SHOWN, differences.size()))))
                .isEmpty();
    }

    private void assertConforms(String file, KibanaVersion version, FieldSchema schema) throws IOException {
        List<Line> lines = read(file);
        DslCompiler compiler = new DslCompiler(version, schema);
        List<String> mismatches = new ArrayList<>();
        int matched = 0;
        for (Line line : lines) {
            Outcome outcome = translate(line.query(), version, compiler);
            if (outcome.matches(line)) {
                matched++;
            } else {
                mismatches.add("id: " + line.id() + "\n  query:    " + line.query()
                        + "\n  expected: " + (line.error() != null ? "error " + line.error() : line.dsl())
                        + "\n  actual:   " + outcome);
            }
        }
        System.out.printf("[kql-conformance] %s (%s, schema %s): %d/%d matched%n",
                file, version.label(), schema.name(), matched, lines.size());
        assertThat(mismatches)
                .as("%d of %d queries differ from Kibana; first mismatches:%n%s", mismatches.size(), lines.size(),
                        String.join("\n", mismatches.subList(0, Math.min(MISMATCHES_SHOWN, mismatches.size()))))
                .isEmpty();
    }

    private static Outcome translate(String query, KibanaVersion version, DslCompiler compiler) {
        KqlParseResult result = KqlParser.parse(query, version);
        if (result instanceof KqlParseResult.Failure failure) {
            return new Outcome(null, "syntax error: " + failure.error().message());
        }
        try {
            return new Outcome(compiler.compile(((KqlParseResult.Success) result).query().root()), null);
        } catch (DslTranslationException e) {
            return new Outcome(null, "translation error: " + e.getMessage());
        }
    }

    /** Exactly the data view Kibana was given: the flat name → type map, each field with esTypes [type]. */
    private static FieldSchema conformanceFieldMap() throws IOException {
        JsonNode map = MAPPER.readTree(conformanceDir.resolve("ecs-fieldmap-v9.4.0.json").toFile());
        List<FieldMapping> mappings = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            mappings.add(new FieldMapping(e.getKey(), e.getValue().asText()));
        }
        return FieldSchema.of("ecs-fieldmap-v9.4.0", mappings);
    }

    private static List<Line> read(String file) throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String text : Files.readAllLines(conformanceDir.resolve(file))) {
            if (text.isBlank()) {
                continue;
            }
            JsonNode json = MAPPER.readTree(text);
            lines.add(new Line(json.path("id").asText(), json.path("query").asText(), json.get("dsl"),
                    json.hasNonNull("error") ? json.get("error").asText() : null));
        }
        return lines;
    }

    private record Line(String id, String query, JsonNode dsl, String error) {
    }

    /** Either a DSL object or the error we produced instead. */
    private record Outcome(JsonNode dsl, String error) {

        boolean matches(Line line) {
            if (line.error() != null) {
                return error != null;
            }
            return dsl != null && dsl.equals(line.dsl());
        }

        @Override
        public String toString() {
            return dsl != null ? dsl.toString() : error;
        }
    }
}
