package io.ruleforge.compile;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.fields.IndexMappings;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.pipeline.IndexMappingResolver;
import io.ruleforge.rule.Rule;
import io.ruleforge.testing.SingleRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several index templates given with --mapping, as a probe against Elasticsearch 8.19.21 found them misread:
 * Elasticsearch applies one composable template to a new index, the matching one of the highest priority, so a rule
 * is checked against the templates that can win some index it searches, not every template whose patterns match.
 */
class IndexTemplatePriorityTest {

    @TempDir
    Path dir;

    /** A: tpa-app-* at 200 maps app.x; B: tpa-* at 100 maps app.y as ip. Every tpa-app-* index gets A only. */
    private static final String A = """
            {"index_patterns":["tpa-app-*"],"priority":200,
             "template":{"mappings":{"properties":{"app":{"properties":{"x":{"type":"keyword"}}}}}}}
            """;
    private static final String B = """
            {"index_patterns":["tpa-*"],"priority":100,
             "template":{"mappings":{"properties":{"app":{"properties":{"y":{"type":"ip"}}}}}}}
            """;
    /** C: tpc-* at 300 maps app.v as long; D: tpc-x-* at 100 as keyword. Every tpc-x-* index gets C. */
    private static final String C = """
            {"index_patterns":["tpc-*"],"priority":300,
             "template":{"mappings":{"properties":{"app":{"properties":{"v":{"type":"long"}}}}}}}
            """;
    private static final String D = """
            {"index_patterns":["tpc-x-*"],"priority":100,
             "template":{"mappings":{"properties":{"app":{"properties":{"v":{"type":"keyword"}}}}}}}
            """;

    private IndexMappings mappings(String... nameAndContent) throws Exception {
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < nameAndContent.length; i += 2) {
            Path file = dir.resolve("mappings").resolve(nameAndContent[i]);
            Files.createDirectories(file.getParent());
            Files.writeString(file, nameAndContent[i + 1]);
            entries.add("mappings/" + nameAndContent[i]);
        }
        return IndexMappingResolver.resolve("ecs", entries, dir);
    }

    private List<Diagnostic> compile(IndexMappings fieldTypes, String index, String query) {
        Rule rule = SingleRule.load(dir, SingleRule.toml("query", "kuery", query, "")
                .replace("index = [\"winlogbeat-*\"]", "index = [" + index + "]"));
        List<Diagnostic> diagnostics = new ArrayList<>();
        new RuleCompiler(new CompilerSettings(KibanaVersion.V8_12, fieldTypes, DslOptions.DEFAULT)).compile(rule, diagnostics);
        return diagnostics;
    }

    private static List<String> codes(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::code).toList();
    }

    @Test
    void aRuleOnTheHigherPriorityTemplatesIndicesGetsThatTemplateAlone() throws Exception {
        IndexMappings fieldTypes = mappings("a.json", A, "b.json", B);

        IndexMappings.RuleFieldTypes app = fieldTypes.forIndices(List.of("tpa-app-*"));
        assertThat(app.applied()).extracting(m -> m.source()).containsExactly("a.json");
        // app.y is unmapped in every tpa-app-* index (Elasticsearch maps a string there as text): no ip
        assertThat(app.indexFields().field("app.y")).isEmpty();
        assertThat(app.indexFields().field("app.x").orElseThrow().type()).isEqualTo("keyword");

        // a wildcard on app.y is no wildcard on an ip field there: Elasticsearch runs it (on the text field)
        assertThat(codes(compile(fieldTypes, "\"tpa-app-*\"", "app.y:10*"))).doesNotContain("RF4003");
        // a rule on tpa-* also searches indices B wins (tpa-other), where app.y is an ip and the wildcard fails
        assertThat(codes(compile(fieldTypes, "\"tpa-*\"", "app.y:10*"))).contains("RF4003");
    }

    @Test
    void aTemplateThatWinsNoIndexOfTheRuleRaisesNoConflict() throws Exception {
        IndexMappings fieldTypes = mappings("c.json", C, "d.json", D);

        List<Diagnostic> diagnostics = compile(fieldTypes, "\"tpc-x-*\"", "app.v:5");
        assertThat(codes(diagnostics)).doesNotContain("RF3005");
        IndexMappings.RuleFieldTypes x = fieldTypes.forIndices(List.of("tpc-x-*"));
        assertThat(x.kibanaFields().field("app.v").orElseThrow().type()).isEqualTo("long");
        assertThat(x.indexFields().field("app.v").orElseThrow().type()).isEqualTo("long");
    }

    @Test
    void templatesThatEachWinSomeIndexOfTheRuleStillConflict() throws Exception {
        String aZ = A.replace("\"x\":{\"type\":\"keyword\"}", "\"z\":{\"type\":\"keyword\"}");
        String bZ = B.replace("\"y\":{\"type\":\"ip\"}", "\"z\":{\"type\":\"ip\"}");
        IndexMappings fieldTypes = mappings("a.json", aZ, "b.json", bZ);

        assertThat(compile(fieldTypes, "\"tpa-*\"", "app.z:deny")).filteredOn(d -> d.code().equals("RF3005"))
                .singleElement().satisfies(d -> assertThat(d.message()).contains("app.z", "keyword in a.json", "ip in b.json"));
        assertThat(codes(compile(fieldTypes, "\"tpa-app-*\"", "app.z:deny"))).doesNotContain("RF3005");
    }

    @Test
    void templatesOfOnePriorityAreBothTaken() throws Exception {
        // Elasticsearch refuses the second of two overlapping templates of one priority: which one a cluster holds is
        // not in the files, so both apply and their disagreement is reported
        IndexMappings fieldTypes = mappings("c.json", C.replace("\"priority\":300,", ""), "d.json", D.replace("\"priority\":100,", "\"priority\":0,"));
        assertThat(codes(compile(fieldTypes, "\"tpc-x-*\"", "app.v:5"))).contains("RF3005");
    }

    @Test
    void aTemplateComposedOfComponentsNoFileHoldsIsWarnedAbout() throws Exception {
        String composed = """
                {"index_patterns":["tpk-*"],"priority":10,"composed_of":["tpk@mappings","tpk@settings","tpk@custom"],
                 "ignore_missing_component_templates":["tpk@custom"],
                 "template":{"mappings":{"properties":{"app":{"properties":{"k":{"type":"keyword"}}}}}}}
                """;
        IndexMappings fieldTypes = mappings("k.json", composed);

        assertThat(compile(fieldTypes, "\"tpk-*\"", "app.k:a")).filteredOn(d -> d.code().equals("RF4014")).singleElement()
                .satisfies(d -> {
                    assertThat(d.severity()).isEqualTo(Severity.WARNING);
                    assertThat(d.position().file()).endsWith("a.toml");
                    // the template, its file, and the components (not the one it lets be absent)
                    assertThat(d.message()).contains("k.json (tpk-*)", "tpk@mappings, tpk@settings").doesNotContain("tpk@custom");
                });
        // a rule the template does not apply to is not told
        assertThat(codes(compile(fieldTypes, "\"other-*\"", "app.k:a"))).doesNotContain("RF4014");
    }

    @Test
    void componentTemplatesGivenApplyWhereTheTemplatesComposingThemDo() throws Exception {
        String composed = """
                {"index_patterns":["tpk-*"],"priority":10,"composed_of":["tpk@mappings","tpk@more"],
                 "template":{"mappings":{"properties":{"app":{"properties":{"k":{"type":"keyword"}}}}}}}
                """;
        IndexMappings fieldTypes = mappings("k.json", composed,
                "tpk@mappings.json", """
                        {"template":{"mappings":{"properties":{"app":{"properties":{"m":{"type":"ip"},"k":{"type":"long"}}}}}}}
                        """,
                "components.json", """
                        {"component_templates":[{"name":"tpk@more","component_template":{"template":{"mappings":
                          {"properties":{"app":{"properties":{"m":{"type":"long"},"n":{"type":"ip"}}}}}}}}]}
                        """);

        IndexMappings.RuleFieldTypes k = fieldTypes.forIndices(List.of("tpk-*"));
        // components merged in composed_of order, the template's own mapping over them, as Elasticsearch merges them
        assertThat(k.applied()).extracting(m -> m.source()).containsExactly("k.json");
        assertThat(k.indexFields().field("app.k").orElseThrow().type()).isEqualTo("keyword");
        assertThat(k.indexFields().field("app.m").orElseThrow().type()).isEqualTo("long");
        assertThat(k.indexFields().field("app.n").orElseThrow().type()).isEqualTo("ip");
        assertThat(k.conflicts()).isEmpty();
        assertThat(codes(compile(fieldTypes, "\"tpk-*\"", "app.n:10.0.0.0/8"))).doesNotContain("RF4014", "RF4001");
        // a component applies to no index by itself: not to indices the template does not match
        assertThat(fieldTypes.forIndices(List.of("other-*")).applied()).isEmpty();
    }
}
