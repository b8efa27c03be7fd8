package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IndexMappingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void leavesMultiFieldsNestedAndObjectsBecomeAnElasticsearchMapping() throws Exception {
        FieldSchema schema = FieldSchema.of("t", List.of(
                new FieldMapping("process.command_line", "wildcard"),
                new FieldMapping("process.command_line.text", "match_only_text"),
                new FieldMapping("process.name", "keyword", 1024),
                new FieldMapping("destination.ip", "ip"),
                new FieldMapping("labels", "object"),
                new FieldMapping("file.pe.sections", "nested"),
                new FieldMapping("file.pe.sections.name", "keyword", 1024),
                new FieldMapping("host.cpu.usage", "scaled_float")));
        JsonNode expected = JSON.readTree("""
                {"properties":{
                  "destination":{"properties":{"ip":{"type":"ip"}}},
                  "file":{"properties":{"pe":{"properties":{"sections":{"type":"nested","properties":{
                      "name":{"type":"keyword","ignore_above":1024}}}}}}},
                  "host":{"properties":{"cpu":{"properties":{"usage":{"type":"scaled_float","scaling_factor":1000}}}}},
                  "labels":{"properties":{}},
                  "process":{"properties":{
                      "command_line":{"type":"wildcard","fields":{"text":{"type":"match_only_text"}}},
                      "name":{"type":"keyword","ignore_above":1024}}}}}""");
        assertThat(IndexMapping.of(schema).mapping()).isEqualTo(expected);
    }

    /** A date's own format and a field's ignore_malformed reach the index live mode creates, as the user's mapping has them. */
    @Test
    void aDateFormatAndAFieldsIgnoreMalformedGoIntoTheMapping() {
        FieldSchema schema = FieldSchema.of("t", List.of(new FieldMapping("app.logged", "date").withFormat("yyyy-MM-dd HH:mm:ss"),
                new FieldMapping("app.seen", "date"), new FieldMapping("source.ip", "ip").withIgnoreMalformed(true)));
        JsonNode mapping = IndexMapping.of(schema).mapping();
        assertThat(mapping.at("/properties/app/properties/logged/format").asText()).isEqualTo("yyyy-MM-dd HH:mm:ss");
        assertThat(mapping.at("/properties/app/properties/seen/format").isMissingNode()).isTrue();
        assertThat(mapping.at("/properties/source/properties/ip/ignore_malformed").asBoolean(false)).isTrue();
    }

    /**
     * A normalizer the index must have: lowercasing ones as the built-in lowercase (no settings needed), one ruleforge
     * does not model with its definition from the user's settings, so that a cluster deciding in live mode has it.
     */
    @Test
    void normalizersGoIntoTheMappingAndCustomOnesIntoTheSettings() throws Exception {
        JsonNode folding = new ObjectMapper().readTree("{\"type\":\"custom\",\"filter\":[\"lowercase\",\"asciifolding\"]}");
        FieldSchema schema = FieldSchema.of("t", List.of(new FieldMapping("user.name", "keyword"),
                new FieldMapping("user.name.caseless", "keyword").withNormalizer(io.ruleforge.fields.Normalizer.custom(
                        "lower", List.of("lowercase"), List.of())),
                new FieldMapping("user.name.folded", "keyword").withNormalizer(io.ruleforge.fields.Normalizer.custom(
                        "folding", List.of("lowercase", "asciifolding"), List.of()).withDefinition(folding))));
        IndexMapping mapping = IndexMapping.of(schema);
        JsonNode fields = mapping.mapping().at("/properties/user/properties/name/fields");
        assertThat(fields.at("/caseless/normalizer").asText()).isEqualTo("lowercase");
        assertThat(fields.at("/folded/normalizer").asText()).isEqualTo("folding");
        assertThat(mapping.normalizers().get("folding")).isEqualTo(folding);
        assertThat(mapping.normalizers().has("lower")).isFalse();
        assertThat(mapping.mapping().at("/properties/user/properties/name/normalizer").isMissingNode()).isTrue();
    }

    @Test
    void typesTheEngineLacksAreSubstitutedAndTheEffectiveSchemaSaysSo() {
        FieldSchema schema = FieldSchema.of("t", List.of(new FieldMapping("process.command_line", "wildcard"),
                new FieldMapping("process.command_line.text", "match_only_text")));
        IndexMapping mapping = IndexMapping.of(schema, Map.of("wildcard", "keyword", "match_only_text", "text"));
        assertThat(mapping.mapping().at("/properties/process/properties/command_line/type").asText()).isEqualTo("keyword");
        assertThat(mapping.mapping().at("/properties/process/properties/command_line/fields/text/type").asText()).isEqualTo("text");
        assertThat(mapping.effectiveSchema().field("process.command_line").orElseThrow().type()).isEqualTo("keyword");
        assertThat(mapping.substitutions()).containsEntry("wildcard", "keyword");
    }

    @Test
    void theWholeEcsSchemaMapsWithEveryLeafOnce() {
        FieldSchema ecs = EcsSchemas.defaultSchema();
        JsonNode mapping = IndexMapping.of(ecs).mapping();
        long leaves = ecs.fields().stream().filter(f -> !f.isContainer()).count();
        assertThat(countTypedLeaves(mapping.get("properties"))).isEqualTo(leaves);
        assertThat(mapping.at("/properties/process/properties/name/fields/text/type").asText()).isEqualTo("match_only_text");
    }

    private static long countTypedLeaves(JsonNode properties) {
        long n = 0;
        for (JsonNode spec : properties) {
            if (spec.has("type") && !spec.get("type").asText().equals("nested")) {
                n++;
            }
            if (spec.has("properties")) {
                n += countTypedLeaves(spec.get("properties"));
            }
            if (spec.has("fields")) {
                n += countTypedLeaves(spec.get("fields"));
            }
        }
        return n;
    }
}
