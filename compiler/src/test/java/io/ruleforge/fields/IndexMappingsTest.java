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

    /** A composable index template of one pattern and one field; a null priority is one the template does not set. */
    private static ScopedMapping template(String source, String pattern, Long priority, String field, String type) {
        return new ScopedMapping(source, List.of(pattern), FieldSchema.of(source, List.of(new FieldMapping(field, type))),
                java.util.Optional.of(IndexTemplate.composable(priority == null ? 0 : priority, List.of(), List.of())),
                java.util.Optional.empty());
    }

    private static ScopedMapping legacy(String source, String pattern, String field, String type) {
        return new ScopedMapping(source, List.of(pattern), FieldSchema.of(source, List.of(new FieldMapping(field, type))),
                java.util.Optional.of(IndexTemplate.legacy()), java.util.Optional.empty());
    }

    private static List<String> applied(IndexMappings mappings, String... ruleIndex) {
        return mappings.forIndices(List.of(ruleIndex)).applied().stream().map(ScopedMapping::source).toList();
    }

    /**
     * Elasticsearch gives a new index one composable template, the matching one of the highest priority: every
     * tpa-app-* index gets A (200) alone, so B (100, tpa-*) says nothing of them, and app.y is unmapped there.
     */
    @Test
    void aTemplateOutrankedOnEveryIndexOfTheRulesPatternDoesNotApply() {
        IndexMappings mappings = new IndexMappings(ecs, ecs, List.of(
                template("a.json", "tpa-app-*", 200L, "app.x", "keyword"),
                template("b.json", "tpa-*", 100L, "app.y", "ip")));

        IndexMappings.RuleFieldTypes app = mappings.forIndices(List.of("tpa-app-*"));
        assertThat(app.applied()).extracting(ScopedMapping::source).containsExactly("a.json");
        assertThat(app.indexFields().field("app.x").orElseThrow().type()).isEqualTo("keyword");
        assertThat(app.indexFields().field("app.y")).isEmpty();
        assertThat(app.kibanaFields().field("app.y")).isEmpty();
        // a pattern within tpa-app-* too, and a concrete index
        assertThat(applied(mappings, "tpa-app-web-*")).containsExactly("a.json");
        assertThat(applied(mappings, "tpa-app-1")).containsExactly("a.json");
        // tpa-* names tpa-app-1 (A) and tpa-other (B): both apply; tpa-ap* names tpa-apx (B) too
        assertThat(applied(mappings, "tpa-*")).containsExactly("a.json", "b.json");
        assertThat(applied(mappings, "tpa-ap*")).containsExactly("a.json", "b.json");
        assertThat(applied(mappings, "tpa-other-*")).containsExactly("b.json");
        // a list applies what one of its patterns does; an entry that is a comma list is read part by part
        assertThat(applied(mappings, "tpa-app-*", "tpa-other-*")).containsExactly("a.json", "b.json");
        assertThat(applied(mappings, "tpa-app-*,tpa-other-*")).containsExactly("a.json", "b.json");
        // an exclusion selects nothing (it is not subtracted either: a template is never dropped on its strength)
        assertThat(applied(mappings, "tpa-app-*", "-tpa-app-old-*")).containsExactly("a.json");
        assertThat(applied(mappings, "remote:tpa-app-*")).containsExactly("a.json");
    }

    /** C (300, tpc-*) wins every tpc-x-* index; D (100, tpc-x-*) never applies, so there is nothing to disagree on. */
    @Test
    void aHigherPriorityTemplateOfAWiderPatternWinsAndLeavesNoConflict() {
        IndexMappings mappings = new IndexMappings(ecs, ecs, List.of(
                template("c.json", "tpc-*", 300L, "app.v", "long"),
                template("d.json", "tpc-x-*", 100L, "app.v", "keyword")));

        IndexMappings.RuleFieldTypes x = mappings.forIndices(List.of("tpc-x-*"));
        assertThat(x.applied()).extracting(ScopedMapping::source).containsExactly("c.json");
        assertThat(x.conflicts()).isEmpty();
        assertThat(x.indexFields().field("app.v").orElseThrow().type()).isEqualTo("long");
        assertThat(x.kibanaFields().field("app.v").orElseThrow().type()).isEqualTo("long");
        assertThat(applied(mappings, "tpc-*")).containsExactly("c.json");
        assertThat(applied(mappings, "*")).containsExactly("c.json");
    }

    /** Where each template wins some index of the rule's pattern, their disagreement is real: a conflict. */
    @Test
    void templatesThatEachWinSomeIndexOfTheRulesPatternBothApplyAndConflict() {
        IndexMappings mappings = new IndexMappings(ecs, ecs, List.of(
                template("a.json", "tpa-app-*", 200L, "app.z", "keyword"),
                template("b.json", "tpa-*", 100L, "app.z", "ip")));

        IndexMappings.RuleFieldTypes all = mappings.forIndices(List.of("tpa-*"));
        assertThat(all.applied()).extracting(ScopedMapping::source).containsExactly("a.json", "b.json");
        assertThat(all.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.field()).isEqualTo("app.z");
            assertThat(c.typeBySource()).containsExactly(java.util.Map.entry("a.json", "keyword"), java.util.Map.entry("b.json", "ip"));
        });
        assertThat(mappings.forIndices(List.of("tpa-app-*")).conflicts()).isEmpty();
        assertThat(mappings.forIndices(List.of("tpa-app-*")).indexFields().field("app.z").orElseThrow().type()).isEqualTo("keyword");
    }

    /**
     * A template without a priority has priority 0. Two of one priority whose patterns overlap cannot both be installed
     * (Elasticsearch refuses the second), so no index tells which one wins: both apply, as before, and disagree.
     */
    @Test
    void anAbsentPriorityIsZeroAndEqualPrioritiesOutrankNothing() {
        IndexMappings absentBelowOne = new IndexMappings(ecs, ecs, List.of(
                template("g.json", "tpg-*", null, "app.w", "long"),
                template("h.json", "tpg-x-*", 1L, "app.w", "keyword")));
        assertThat(applied(absentBelowOne, "tpg-x-*")).containsExactly("h.json");
        assertThat(applied(absentBelowOne, "tpg-*")).containsExactly("g.json", "h.json");

        IndexMappings oneAboveAbsent = new IndexMappings(ecs, ecs, List.of(
                template("g.json", "tpg-*", 1L, "app.w", "long"),
                template("h.json", "tpg-x-*", null, "app.w", "keyword")));
        assertThat(applied(oneAboveAbsent, "tpg-x-*")).containsExactly("g.json");

        for (Long priority : java.util.Arrays.asList(null, 0L, 150L)) {
            IndexMappings equal = new IndexMappings(ecs, ecs, List.of(
                    template("e.json", "tpe-*", priority, "app.u", "long"),
                    template("f.json", "tpe-x-*", priority == null ? 0L : priority, "app.u", "keyword")));
            IndexMappings.RuleFieldTypes x = equal.forIndices(List.of("tpe-x-*"));
            assertThat(x.applied()).as("priority " + priority).extracting(ScopedMapping::source).containsExactly("e.json", "f.json");
            assertThat(x.conflicts()).as("priority " + priority).singleElement()
                    .satisfies(c -> assertThat(c.field()).isEqualTo("app.u"));
        }
    }

    /**
     * Legacy templates apply only where no composable template matches, then all of them merged; a plain mapping and
     * an index's GET _mapping output are no templates: nothing outranks them.
     */
    @Test
    void composableTemplatesOutrankLegacyOnesAndNothingOutranksAMappingThatIsNoTemplate() {
        IndexMappings mappings = new IndexMappings(ecs, ecs, List.of(
                legacy("l.json", "tpl-*", "app.t", "long"),
                legacy("l2.json", "tpl-x-*", "app.s", "long"),
                template("m.json", "tpl-x-y-*", 0L, "app.t", "keyword"),
                mapping("plain.json", List.of("tpl-x-y-*"), "app.r", "ip"),
                mapping("get.json [tpl-x-y-1]", List.of("tpl-x-y-1"), "app.q", "ip")));

        assertThat(applied(mappings, "tpl-x-y-*")).containsExactly("m.json", "plain.json", "get.json [tpl-x-y-1]");
        assertThat(applied(mappings, "tpl-x-*")).containsExactly("l.json", "l2.json", "m.json", "plain.json", "get.json [tpl-x-y-1]");
        assertThat(applied(mappings, "tpl-z-*")).containsExactly("l.json");
    }

    @Test
    void withoutAnIndexPatternKibanaKnowsNoFieldsEvenWhenMappingsApply() {
        IndexMappings mappings = new IndexMappings(FieldSchema.none(), ecs, List.of(mapping("fw.json", List.of(), "fw.action", "keyword")));
        IndexMappings.RuleFieldTypes types = mappings.forIndices(List.of("fw-*"));
        assertThat(types.kibanaFields().isEmpty()).isTrue();
        assertThat(types.indexFields().field("fw.action")).isPresent();
    }
}
