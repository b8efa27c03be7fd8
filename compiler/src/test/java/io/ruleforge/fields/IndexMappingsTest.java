package io.ruleforge.fields;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexMappingsTest {

    private static ScopedMapping mapping(String source, List<String> patterns, String field, String type) {
        return new ScopedMapping(source, patterns, FieldSchema.of(source, List.of(new FieldMapping(field, type))));
    }

    private final FieldSchema ecs = EcsSchemas.defaultSchema();

    @Test
    void aRuleSeesTheBasePlusTheMappingsOfTheIndicesItSearches() {
        IndexMappings mappings = new IndexMappings(ecs, ecs, List.of(
                mapping("fw.json", List.of("fw-*"), "fw.action", "keyword"),
                mapping("proxy.json", List.of("proxy-*"), "proxy.verdict", "keyword"),
                mapping("everywhere.json", List.of(), "org.team", "keyword")));

        IndexMappings.RuleFieldTypes fw = mappings.forIndices(List.of("fw-2026.*"));
        assertThat(fw.applied()).extracting(ScopedMapping::source).containsExactly("fw.json", "everywhere.json");
        assertThat(fw.kibanaFields().field("fw.action")).isPresent();
        assertThat(fw.kibanaFields().field("proxy.verdict")).isEmpty();
        assertThat(fw.indexFields().field("process.name")).isPresent(); // ECS stays underneath

        // no index (a data view rule): only mappings for every index apply
        assertThat(mappings.forIndices(List.of()).applied()).extracting(ScopedMapping::source).containsExactly("everywhere.json");
        // rules searching the same indices share one result
        assertThat(mappings.forIndices(List.of("fw-a*"))).isSameAs(mappings.forIndices(List.of("fw-b*")));
    }

    @Test
    void laterMappingsOverrideEarlierOnesAndDisagreementsAreConflicts() {
        IndexMappings mappings = new IndexMappings(ecs, ecs, List.of(
                mapping("a.json", List.of("a-*"), "source.ip", "keyword"),
                mapping("b.json", List.of("b-*"), "source.ip", "ip")));

        IndexMappings.RuleFieldTypes onlyA = mappings.forIndices(List.of("a-*"));
        assertThat(onlyA.kibanaFields().field("source.ip").orElseThrow().type()).isEqualTo("keyword"); // overrides ECS's ip
        assertThat(onlyA.conflicts()).isEmpty();

        IndexMappings.RuleFieldTypes both = mappings.forIndices(List.of("a-*", "b-*"));
        assertThat(both.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("source.ip");
            assertThat(c.typeBySource()).containsExactly(java.util.Map.entry("a.json", "keyword"), java.util.Map.entry("b.json", "ip"));
        });
        assertThat(both.kibanaFields().field("source.ip").orElseThrow().type()).isEqualTo(IndexMappings.CONFLICT);
        assertThat(both.indexFields().field("source.ip").orElseThrow().type()).isEqualTo("ip");
    }

    private static ScopedMapping keyword(String source, String pattern, Normalizer normalizer) {
        return new ScopedMapping(source, List.of(pattern), FieldSchema.of(source,
                List.of(new FieldMapping("process.name", "keyword").withNormalizer(normalizer))));
    }

    @Test
    void keywordsNormalizedDifferentlyByTheSearchedIndicesAreNormalizerConflictsNotTypeConflicts() {
        IndexMappings mappings = new IndexMappings(ecs, ecs, List.of(
                keyword("plain.json", "plain-*", Normalizer.NONE),
                keyword("lower.json", "lower-*", Normalizer.LOWERCASE),
                keyword("also-lower.json", "also-*", Normalizer.custom("lowercase", List.of("lowercase"), List.of())),
                keyword("folding.json", "fold-*", Normalizer.custom("lowercase", List.of("lowercase", "asciifolding"), List.of()))));

        IndexMappings.RuleFieldTypes both = mappings.forIndices(List.of("plain-*", "lower-*"));
        assertThat(both.normalizerConflicts()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("process.name");
            assertThat(c.normalizerBySource()).containsExactly(java.util.Map.entry("plain.json", "none"),
                    java.util.Map.entry("lower.json", "lowercase"));
        });
        // one type to Kibana's data view: no conflict there, and the last mapping's normalizer decides fixtures
        assertThat(both.conflicts()).isEmpty();
        assertThat(both.kibanaFields().field("process.name").orElseThrow().type()).isEqualTo("keyword");
        assertThat(both.indexFields().field("process.name").orElseThrow().normalizer()).isEqualTo(Normalizer.LOWERCASE);

        // a custom normalizer doing what the built-in one does, under its name, agrees with it
        assertThat(mappings.forIndices(List.of("lower-*", "also-*")).normalizerConflicts()).isEmpty();
        // the same name defined to do something else does not
        assertThat(mappings.forIndices(List.of("lower-*", "fold-*")).normalizerConflicts()).singleElement()
                .satisfies(c -> assertThat(c.normalizerBySource()).containsValues("lowercase"));
        assertThat(mappings.forIndices(List.of("plain-*")).normalizerConflicts()).isEmpty();
    }

    @Test
    void withoutAnIndexPatternKibanaKnowsNoFieldsEvenWhenMappingsApply() {
        IndexMappings mappings = new IndexMappings(FieldSchema.none(), ecs, List.of(mapping("fw.json", List.of(), "fw.action", "keyword")));
        IndexMappings.RuleFieldTypes types = mappings.forIndices(List.of("fw-*"));
        assertThat(types.kibanaFields().isEmpty()).isTrue();
        assertThat(types.indexFields().field("fw.action")).isPresent();
    }
}
