package io.ruleforge.fields;

import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.diag.SourcePosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingFileTest {

    @TempDir
    Path dir;

    @Test
    void anIndexTemplatesFieldsBecomeDottedNamesWithTheirTypes() throws Exception {
        Path file = dir.resolve("template.json");
        Files.writeString(file, """
                {"index_patterns":["firewall-*"],"template":{"mappings":{"properties":{
                  "fw":{"properties":{
                    "src":{"type":"ip"},
                    "rule":{"type":"keyword","ignore_above":512,"fields":{"text":{"type":"match_only_text"}}},
                    "hits":{"type":"nested","properties":{"port":{"type":"long"}}}}}}}}}
                """);
        FieldSchema schema = MappingFile.read(file);
        assertThat(schema.field("fw.src")).hasValue(new FieldMapping("fw.src", "ip", 0));
        assertThat(schema.field("fw.rule")).hasValue(new FieldMapping("fw.rule", "keyword", 512));
        assertThat(schema.field("fw.rule.text").orElseThrow().type()).isEqualTo("match_only_text");
        assertThat(schema.field("fw").orElseThrow().type()).isEqualTo("object");
        assertThat(schema.nestedPathOf("fw.hits.port")).hasValue("fw.hits");
    }

    /** doc_values and a text field's fielddata decide what Elasticsearch can group and sort by (RF4006). */
    @Test
    void perDocumentValueOptionsAreRead() throws Exception {
        Path file = dir.resolve("options.json");
        Files.writeString(file, """
                {"mappings":{"properties":{
                  "a":{"type":"keyword","doc_values":false},
                  "b":{"type":"text","fielddata":true,"fields":{"raw":{"type":"keyword","doc_values":false}}},
                  "c":{"type":"keyword"},
                  "d":{"type":"text"}}}}
                """);
        FieldSchema schema = MappingFile.read(file);
        assertThat(schema.field("a").orElseThrow().hasDocValues()).isFalse();
        assertThat(schema.field("b").orElseThrow().isGroupable()).isTrue();
        assertThat(schema.field("b.raw").orElseThrow().isSortable()).isFalse();
        assertThat(schema.field("c").orElseThrow().isGroupable()).isTrue();
        assertThat(schema.field("d").orElseThrow().hasDocValues()).isFalse();
    }

    /**
     * probe27: mapping parameters that change what Elasticsearch 8.19.21 indexes or searches (each observed there on
     * the same mapping) mark the field as not modelled, with the parameter named; parameters that change neither
     * (index: false with doc values, eager_global_ordinals) leave it decided.
     */
    @Test
    void parametersThatChangeWhatIsIndexedOrSearchedMarkTheFieldNotModelled() throws Exception {
        Path file = dir.resolve("parameters.json");
        Files.writeString(file, """
                {"mappings":{"properties":{"app":{"properties":{
                  "v":{"type":"keyword","null_value":"NULL","fields":{"raw":{"type":"keyword"}}},
                  "a":{"type":"keyword","copy_to":"app.all"}, "b":{"type":"keyword","copy_to":["app.all"]},
                  "all":{"type":"text","fields":{"keyword":{"type":"keyword"}}},
                  "k":{"type":"keyword","index":false,"doc_values":false}, "kd":{"type":"keyword","index":false},
                  "t":{"type":"text","analyzer":"whitespace"}, "ts":{"type":"text","analyzer":"standard"},
                  "g":{"type":"text","position_increment_gap":0}, "n":{"type":"long","coerce":false},
                  "s":{"type":"keyword","split_queries_on_whitespace":true}, "f":{"type":"flattened","depth_limit":1},
                  "blob":{"type":"object","enabled":false}, "e":{"type":"keyword","eager_global_ordinals":true}}}}}}
                """);
        FieldSchema schema = MappingFile.read(file);
        java.util.function.Function<String, String> reason = f -> schema.field(f).orElseThrow().unmodelledReason().orElse("");
        assertThat(reason.apply("app.v")).contains("null_value \"NULL\"");
        assertThat(reason.apply("app.v.raw")).as("a multi-field indexes the null value too").contains("null_value");
        assertThat(reason.apply("app.all")).contains("copy_to").contains("app.a").contains("app.b");
        assertThat(reason.apply("app.all.keyword")).contains("copy_to");
        assertThat(reason.apply("app.a")).isEmpty();
        assertThat(schema.field("app.k").orElseThrow().isSearchable()).as("index: false, doc_values: false").isFalse();
        assertThat(schema.field("app.kd").orElseThrow().isSearchable()).as("searched by its doc values").isTrue();
        assertThat(reason.apply("app.kd")).isEmpty();
        assertThat(reason.apply("app.t")).contains("analyzer \"whitespace\"");
        assertThat(reason.apply("app.ts")).isEmpty();
        assertThat(reason.apply("app.g")).contains("position_increment_gap");
        assertThat(reason.apply("app.n")).contains("coerce: false");
        assertThat(reason.apply("app.s")).contains("split_queries_on_whitespace");
        assertThat(reason.apply("app.f")).contains("depth_limit");
        assertThat(schema.field("app.blob").orElseThrow().dynamic()).isEqualTo("disabled");
        assertThat(reason.apply("app.e")).isEmpty();
    }

    /**
     * review27: a component template may hold root parameters alone (Elastic's ecs@mappings holds only dynamic
     * templates), and composed mappings merge them per parameter, dynamic templates by name, as Elasticsearch 8.19.21
     * merged c1 (strings → keyword), c2 (date_detection: false) and a template's dynamic: false into one mapping.
     */
    @Test
    void rootParametersAloneAreReadAndMergedPerParameter() throws Exception {
        Path c1 = dir.resolve("c1.json");
        Files.writeString(c1, """
                {"template":{"mappings":{"dynamic_templates":[{"strs":{"match_mapping_type":"string","mapping":{"type":"keyword"}}}]}}}
                """);
        Path c2 = dir.resolve("c2.json");
        Files.writeString(c2, """
                {"template":{"mappings":{"date_detection":false,"dynamic_templates":[{"longs":{"match_mapping_type":"long",
                  "mapping":{"type":"keyword"}}}],"properties":{"app":{"properties":{"k":{"type":"keyword"}}}}}}}
                """);
        FieldSchema first = MappingFile.read(c1);
        assertThat(first.rootDynamic()).as("a file of dynamic templates alone is a mapping").isPresent();
        FieldSchema merged = first.overlay(MappingFile.read(c2));
        FieldSchema.RootDynamic root = merged.rootDynamic().orElseThrow();
        assertThat(root.written().get("dynamic_templates")).hasSize(2);
        assertThat(root.written().get("date_detection").asBoolean()).isFalse();
        assertThat(merged.dynamicMapping("custom.s", com.fasterxml.jackson.databind.node.TextNode.valueOf("2024-01-01"))
                .orElseThrow().fields()).singleElement().satisfies(f -> assertThat(f.type()).as("no date detection: the string template").isEqualTo("keyword"));
        Path t = dir.resolve("t.json");
        Files.writeString(t, """
                {"index_patterns":["x-*"],"template":{"mappings":{"dynamic":false}}}
                """);
        assertThat(merged.overlay(MappingFile.read(t)).unlisted("custom.s").handling()).isEqualTo(UnlistedField.Handling.NOT_INDEXED);
    }

    /**
     * A keyword's normalizer: the built-in lowercase, a custom one the settings beside the mapping define (modelled
     * when it only lowercases), and one the file cannot say what it does (kept, with the reason, for the evaluator to
     * refuse).
     */
    @Test
    void keywordNormalizersAreReadWithTheSettingsThatDefineThem() throws Exception {
        Path file = dir.resolve("normalizers.json");
        Files.writeString(file, """
                {"index_patterns":["logs-*"],"template":{
                  "settings":{"index":{"analysis":{"normalizer":{
                    "folded":{"type":"custom","filter":["lowercase"]},
                    "ascii":{"type":"custom","filter":["lowercase","asciifolding"]},
                    "mapped":{"type":"custom","char_filter":["quotes"],"filter":["lowercase"]}}}}},
                  "mappings":{"properties":{
                    "user":{"properties":{"name":{"type":"keyword","fields":{
                      "caseless":{"type":"keyword","normalizer":"lowercase","ignore_above":1024},
                      "folded":{"type":"keyword","normalizer":"folded"},
                      "ascii":{"type":"keyword","normalizer":"ascii"},
                      "mapped":{"type":"keyword","normalizer":"mapped"},
                      "elsewhere":{"type":"keyword","normalizer":"defined_elsewhere"},
                      "text":{"type":"text","normalizer":"lowercase"}}}}}}}}}
                """);
        FieldSchema schema = MappingFile.read(file);
        assertThat(schema.field("user.name").orElseThrow().normalizer()).isEqualTo(Normalizer.NONE);
        assertThat(schema.field("user.name.caseless")).hasValue(
                new FieldMapping("user.name.caseless", "keyword", 1024).withNormalizer(Normalizer.LOWERCASE));
        Normalizer folded = schema.field("user.name.folded").orElseThrow().normalizer();
        assertThat(folded.isModelled()).isTrue();
        assertThat(folded.normalize("MSBuild.EXE")).isEqualTo("msbuild.exe");
        assertThat(schema.field("user.name.ascii").orElseThrow().normalizer().unmodelled())
                .hasValue("its filter \"asciifolding\" is not modelled (only lowercase is)");
        assertThat(schema.field("user.name.mapped").orElseThrow().normalizer().unmodelled())
                .hasValue("its char_filter [quotes] is not modelled");
        assertThat(schema.field("user.name.elsewhere").orElseThrow().normalizer().unmodelled())
                .hasValue("its definition (the index settings' analysis.normalizer) is not in the mapping file");
        // a normalizer belongs to keyword fields; Elasticsearch refuses it elsewhere, ruleforge leaves it out
        assertThat(schema.field("user.name.text").orElseThrow().normalizer()).isEqualTo(Normalizer.NONE);
    }

    @Test
    void aliasFieldsResolveToTheFieldTheyStandForAndTextFieldsToTheirKeyword() throws Exception {
        Path file = dir.resolve("aliases.json");
        Files.writeString(file, """
                {"properties":{"event_type":{"type":"keyword"},
                  "event":{"properties":{"category":{"type":"alias","path":"event_type"}}},
                  "file_name":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}}}}
                """);
        FieldSchema schema = MappingFile.read(file);
        assertThat(schema.field("event.category")).hasValue(FieldMapping.alias("event.category", "event_type"));
        assertThat(schema.resolved("event.category")).hasValue(new FieldMapping("event_type", "keyword", 0));
        assertThat(schema.resolved("event_type")).hasValue(new FieldMapping("event_type", "keyword", 0));
        assertThat(schema.exactSubField("file_name")).hasValue(new FieldMapping("file_name.keyword", "keyword", 256));
        assertThat(schema.exactSubField("event_type")).isEmpty();
    }

    @Test
    void getMappingOutputAndPlainMappingsWork() throws Exception {
        Path get = dir.resolve("get.json");
        Files.writeString(get, "{\"logs-1\":{\"mappings\":{\"properties\":{\"a\":{\"type\":\"keyword\"}}}}}");
        assertThat(MappingFile.read(get).field("a")).isPresent();
        Path plain = dir.resolve("plain.json");
        Files.writeString(plain, "{\"properties\":{\"b\":{\"type\":\"long\"}}}");
        assertThat(MappingFile.read(plain).field("b").orElseThrow().isNumeric()).isTrue();
    }

    @Test
    void templatesAreScopedByTheirIndexPatternsAndGetMappingOutputByIndexName() throws Exception {
        Path template = dir.resolve("template.json");
        Files.writeString(template, "{\"index_patterns\":[\"fw-*\",\"firewall-*\"],\"template\":{\"mappings\":{\"properties\":{\"a\":{\"type\":\"ip\"}}}}}");
        assertThat(MappingFile.readScoped(template)).singleElement()
                .satisfies(m -> assertThat(m.indexPatterns()).containsExactly("fw-*", "firewall-*"));

        Path get = dir.resolve("get.json");
        Files.writeString(get, """
                {"proxy-2026.01.01":{"mappings":{"properties":{"a":{"type":"keyword"}}}},
                 ".ds-logs-fw-default-2026.01.01-000001":{"mappings":{"properties":{"b":{"type":"long"}}}},
                 "empty":{"mappings":{}}}
                """);
        assertThat(MappingFile.readScoped(get)).extracting(ScopedMapping::indexPatterns).containsExactly(
                List.of("proxy-2026.01.01"),
                // a data stream's backing index is searched by the stream's name
                List.of(".ds-logs-fw-default-2026.01.01-000001", "logs-fw-default"));

        Path templates = dir.resolve("index_templates.json");
        Files.writeString(templates, """
                {"index_templates":[
                  {"name":"fw","index_template":{"index_patterns":["fw-*"],"template":{"mappings":{"properties":{"a":{"type":"ip"}}}}}},
                  {"name":"settings-only","index_template":{"index_patterns":["x-*"],"template":{"settings":{}}}}]}
                """);
        assertThat(MappingFile.readScoped(templates)).satisfiesExactly(m -> {
            assertThat(m.source()).isEqualTo("index_templates.json [fw]");
            assertThat(m.indexPatterns()).containsExactly("fw-*");
        }, m -> {
            // a composable template without fields is kept: whether it applies to an index decides whether a
            // template of lower priority does
            assertThat(m.source()).isEqualTo("index_templates.json [settings-only]");
            assertThat(m.fields().fields()).isEmpty();
        });

        Path legacy = dir.resolve("legacy_templates.json");
        Files.writeString(legacy, """
                {"winlogbeat":{"order":1,"index_patterns":["winlogbeat-*"],"mappings":{"properties":{"a":{"type":"keyword"}}}}}
                """);
        assertThat(MappingFile.readScoped(legacy)).singleElement().satisfies(m -> {
            assertThat(m.source()).isEqualTo("legacy_templates.json [winlogbeat]");
            assertThat(m.indexPatterns()).containsExactly("winlogbeat-*");
        });

        Path plain = dir.resolve("plain.json");
        Files.writeString(plain, "{\"mappings\":{\"properties\":{\"b\":{\"type\":\"long\"}}}}");
        assertThat(MappingFile.readScoped(plain)).singleElement().satisfies(m -> assertThat(m.indexPatterns()).isEmpty());
    }

    /**
     * ignore_malformed, checked against Elasticsearch 8.19 by hand: the index setting (nested or dotted, in a template
     * or an index's settings) covers every field without its own, a field's own false wins over it, and only the types
     * that take the parameter ignore anything (a keyword has nothing malformed).
     */
    @Test
    void ignoreMalformedIsReadFromTheFieldAndFromTheIndexSettings() throws Exception {
        Path fields = dir.resolve("fields.json");
        Files.writeString(fields, """
                {"mappings":{"properties":{"a":{"type":"ip","ignore_malformed":true},"b":{"type":"ip"},"c":{"type":"long","ignore_malformed":"true"}}}}
                """);
        FieldSchema own = MappingFile.read(fields);
        assertThat(own.ignoresMalformed(own.field("a").orElseThrow())).isTrue();
        assertThat(own.ignoresMalformed(own.field("b").orElseThrow())).isFalse();
        assertThat(own.ignoresMalformed(own.field("c").orElseThrow())).isTrue();

        for (String settings : List.of("{\"index\":{\"mapping\":{\"ignore_malformed\":true}}}",
                "{\"index.mapping.ignore_malformed\":\"true\"}", "{\"mapping\":{\"ignore_malformed\":true}}")) {
            Path index = dir.resolve("index.json");
            Files.writeString(index, "{\"index_patterns\":[\"logs-*\"],\"template\":{\"settings\":" + settings + ",\"mappings\":"
                    + "{\"properties\":{\"ip\":{\"type\":\"ip\"},\"strict\":{\"type\":\"ip\",\"ignore_malformed\":false},"
                    + "\"k\":{\"type\":\"keyword\"}}}}}");
            FieldSchema schema = MappingFile.read(index);
            assertThat(schema.ignoresMalformed(schema.field("ip").orElseThrow())).as(settings).isTrue();
            assertThat(schema.ignoresMalformed(schema.field("strict").orElseThrow())).as(settings).isFalse();
            assertThat(schema.ignoresMalformed(schema.field("k").orElseThrow())).as(settings).isFalse();
        }
    }

    /** A template of settings alone (as Elastic's logs@settings) turns ignore_malformed on for the fields others map. */
    @Test
    void aSettingsOnlyTemplateCarriesIgnoreMalformedOverTheFieldsItExtends() throws Exception {
        Path file = dir.resolve("logs-settings.json");
        Files.writeString(file, "{\"index_patterns\":[\"logs-*\"],\"template\":{\"settings\":{\"index\":{\"mapping\":"
                + "{\"ignore_malformed\":true}}}}}");
        FieldSchema ecs = FieldSchema.of("ecs", List.of(new FieldMapping("destination.ip", "ip")));
        FieldSchema schema = ecs.overlay(MappingFile.read(file));
        assertThat(schema.ignoresMalformed(schema.field("destination.ip").orElseThrow())).isTrue();
        assertThat(ecs.ignoresMalformed(ecs.field("destination.ip").orElseThrow())).isFalse();
    }

    @Test
    void aComposableTemplatesPriorityAndComponentsAreRead() throws Exception {
        Path body = dir.resolve("a.json");
        Files.writeString(body, """
                {"index_patterns":["tpa-app-*"],"priority":200,"composed_of":["tpa@mappings","tpa@custom"],
                 "ignore_missing_component_templates":["tpa@custom"],
                 "template":{"mappings":{"properties":{"app":{"properties":{"x":{"type":"keyword"}}}}}}}
                """);
        assertThat(MappingFile.readScoped(body)).singleElement().satisfies(m -> {
            assertThat(m.template()).hasValue(new IndexTemplate(true, 200, List.of("tpa@mappings", "tpa@custom"),
                    List.of("tpa@custom"), List.of()));
            assertThat(m.component()).isEmpty();
        });

        // GET _index_template output; a priority absent is 0, one written as a string is read as Elasticsearch reads it
        Path get = dir.resolve("templates.json");
        Files.writeString(get, """
                {"index_templates":[
                  {"name":"b","index_template":{"index_patterns":["tpa-*"],"priority":"100",
                    "template":{"mappings":{"properties":{"app":{"properties":{"y":{"type":"ip"}}}}}}}},
                  {"name":"c","index_template":{"index_patterns":["tpc-*"],
                    "template":{"mappings":{"properties":{"v":{"type":"long"}}}}}}]}
                """);
        assertThat(MappingFile.readScoped(get)).extracting(m -> m.template().orElseThrow().priority()).containsExactly(100L, 0L);
        assertThat(MappingFile.readScoped(get)).allSatisfy(m -> assertThat(m.template().orElseThrow().composable()).isTrue());

        // Elastic's logs template holds no mapping of its own, only components and its priority: it is still a template
        Path logs = dir.resolve("logs.json");
        Files.writeString(logs, """
                {"index_patterns":["logs-*-*"],"data_stream":{},"priority":100,
                 "composed_of":["logs@mappings","logs@settings","ecs@mappings"]}
                """);
        assertThat(MappingFile.readScoped(logs)).singleElement().satisfies(m -> {
            assertThat(m.fields().fields()).isEmpty();
            assertThat(m.template().orElseThrow().composedOf()).containsExactly("logs@mappings", "logs@settings", "ecs@mappings");
        });
    }

    @Test
    void legacyTemplatesPlainMappingsAndIndicesAreNoComposableTemplates() throws Exception {
        Path legacy = dir.resolve("legacy.json");
        Files.writeString(legacy, """
                {"index_patterns":["tpl-*"],"order":3,"mappings":{"properties":{"a":{"type":"keyword"}}}}
                """);
        assertThat(MappingFile.readScoped(legacy)).singleElement()
                .satisfies(m -> assertThat(m.template()).hasValue(IndexTemplate.legacy()));
        Path plain = dir.resolve("plain.json");
        Files.writeString(plain, "{\"mappings\":{\"properties\":{\"b\":{\"type\":\"long\"}}}}");
        Path get = dir.resolve("get.json");
        Files.writeString(get, "{\"tpl-1\":{\"mappings\":{\"properties\":{\"b\":{\"type\":\"long\"}}}}}");
        for (Path file : List.of(plain, get)) {
            assertThat(MappingFile.readScoped(file)).singleElement().satisfies(m -> {
                assertThat(m.template()).isEmpty();
                assertThat(m.component()).isEmpty();
            });
        }
    }

    @Test
    void componentTemplatesAreKnownByName() throws Exception {
        // a PUT _component_template body, named as its file is
        Path body = dir.resolve("tpa@mappings.json");
        Files.writeString(body, "{\"template\":{\"mappings\":{\"properties\":{\"b\":{\"type\":\"long\"}}}},\"version\":1}");
        assertThat(MappingFile.readScoped(body)).singleElement().satisfies(m -> {
            assertThat(m.component()).hasValue("tpa@mappings");
            assertThat(m.indexPatterns()).isEmpty();
            assertThat(m.fields().field("b")).isPresent();
        });
        // GET _component_template output, each by its name (one without a mapping too: a template may compose it)
        Path get = dir.resolve("components.json");
        Files.writeString(get, """
                {"component_templates":[
                  {"name":"tpa@mappings","component_template":{"template":{"mappings":{"properties":{"b":{"type":"long"}}}}}},
                  {"name":"tpa@settings","component_template":{"template":{"settings":{"number_of_shards":1}}}}]}
                """);
        assertThat(MappingFile.readScoped(get)).satisfiesExactly(
                m -> assertThat(m.component()).hasValue("tpa@mappings"),
                m -> {
                    assertThat(m.component()).hasValue("tpa@settings");
                    assertThat(m.fields().fields()).isEmpty();
                });
    }

    @Test
    void aFileWithoutAMappingIsRefused() throws IOException {
        Path file = dir.resolve("x.json");
        Files.writeString(file, "{\"settings\":{}}");
        assertThatThrownBy(() -> MappingFile.read(file)).isInstanceOfSatisfying(DiagnosticException.class, e -> {
            assertThat(e.diagnostic().code()).isEqualTo(MappingCodes.NO_MAPPING);
            assertThat(e.diagnostic().message()).contains("holds no mapping");
        });
    }

    @Test
    void malformedJsonIsPositionedInCodePointsWithACode() throws Exception {
        Path file = dir.resolve("broken.json");
        // line 2: "a😀": {"type": "keyword"}, } — the stray } is the 28th code point (29th UTF-16 char)
        Files.writeString(file, "{\"properties\": {\n\"a\uD83D\uDE00\": {\"type\": \"keyword\"}, }}\n");
        assertThatThrownBy(() -> MappingFile.readScoped(file, "broken.json")).isInstanceOfSatisfying(DiagnosticException.class, e -> {
            assertThat(e.diagnostic().code()).isEqualTo(MappingCodes.MALFORMED);
            assertThat(e.diagnostic().position()).isEqualTo(new SourcePosition("broken.json", 2, 28));
            assertThat(e.diagnostic().message()).startsWith("malformed JSON: ").doesNotContain("REDACTED", "Source:");
        });
        Path truncated = dir.resolve("truncated.json");
        Files.writeString(truncated, "{\"properties\": {\"a\": {\"type\": \"keyword\"}");
        assertThatThrownBy(() -> MappingFile.readScoped(truncated, "truncated.json")).isInstanceOfSatisfying(DiagnosticException.class,
                e -> assertThat(e.diagnostic().format()).startsWith("truncated.json:1:").doesNotContain("REDACTED", "Source:"));
    }

    @Test
    void aTypeElasticsearchDoesNotHaveIsAnErrorAtItsValue() throws Exception {
        Path file = dir.resolve("typo.json");
        Files.writeString(file, "{\"properties\": {\n  \"a\": {\"type\": \"keyword\"},\n  \"b\": {\"type\": \"nonsense\"}}}\n");
        assertThatThrownBy(() -> MappingFile.readScoped(file, "typo.json")).isInstanceOfSatisfying(DiagnosticException.class, e -> {
            assertThat(e.diagnostic().code()).isEqualTo(MappingCodes.UNKNOWN_TYPE);
            assertThat(e.diagnostic().position()).isEqualTo(new SourcePosition("typo.json", 3, 17));
            assertThat(e.diagnostic().message()).isEqualTo("field b has the type \"nonsense\", which is not an Elasticsearch field type");
        });
        Files.writeString(file, "{\"properties\": {\"a\": {\"type\": \"keywrod\"}}}");
        assertThatThrownBy(() -> MappingFile.readScoped(file, "typo.json")).isInstanceOfSatisfying(DiagnosticException.class,
                e -> assertThat(e.diagnostic().hint()).isEqualTo("did you mean \"keyword\"?"));
    }

    /** A date format Elasticsearch refuses ("Invalid format: [...]: Unknown pattern letter: T") is an error at it. */
    @Test
    void aDateFormatElasticsearchRefusesIsAnErrorAtIt() throws Exception {
        Path file = dir.resolve("dates.json");
        Files.writeString(file, "{\"properties\": {\n  \"a\": {\"type\": \"date\", \"format\": \"yyyy-MM-dd\"},\n"
                + "  \"b\": {\"type\": \"date\", \"format\": \"yyyy-MM-ddTHH:mm\"}}}\n");
        assertThatThrownBy(() -> MappingFile.readScoped(file, "dates.json")).isInstanceOfSatisfying(DiagnosticException.class, e -> {
            assertThat(e.diagnostic().code()).isEqualTo(MappingCodes.MALFORMED);
            assertThat(e.diagnostic().position()).isEqualTo(new SourcePosition("dates.json", 3, 35));
            assertThat(e.diagnostic().message()).startsWith("field b has the date format \"yyyy-MM-ddTHH:mm\", which Elasticsearch refuses")
                    .contains("Unknown pattern letter: T");
        });
        Files.writeString(file, "{\"properties\": {\"a\": {\"type\": \"date\", \"format\": \"yyyy-MM-dd||epoch_second\"}}}");
        assertThat(MappingFile.read(file).field("a").orElseThrow().dateFormats()).containsExactly("yyyy-MM-dd", "epoch_second");
    }

    /** Elasticsearch refuses each of these mappings ("Expected map for property …"): never a field silently left out. */
    @Test
    void aMappingElasticsearchWouldRefuseForItsShapeIsAnErrorAtTheValue() throws Exception {
        Path file = dir.resolve("shape.json");
        java.util.Map<String, SourcePosition> refused = new java.util.LinkedHashMap<>();
        refused.put("{\"properties\":{\n \"foo\":\"keyword\"}}", new SourcePosition("shape.json", 2, 8));
        refused.put("{\"properties\":{\"foo\":null}}", new SourcePosition("shape.json", 1, 22));
        refused.put("{\"properties\":{\"foo\":{\"properties\":\"x\"}}}", new SourcePosition("shape.json", 1, 36));
        refused.put("{\"mappings\":{\"properties\":[1,2]}}", new SourcePosition("shape.json", 1, 27));
        refused.put("{\"properties\":{\"foo\":{\"type\":7}}}", new SourcePosition("shape.json", 1, 30));
        refused.put("{\"properties\":{\"foo\":{\"type\":\"text\",\"fields\":{\"raw\":\"keyword\"}}}}", new SourcePosition("shape.json", 1, 53));
        refused.put("{\"mappings\":{\"properties\":{\"a\":{\"type\":\"keyword\"}}}} extra", new SourcePosition("shape.json", 1, 54));
        for (java.util.Map.Entry<String, SourcePosition> e : refused.entrySet()) {
            Files.writeString(file, e.getKey());
            assertThatThrownBy(() -> MappingFile.readScoped(file, "shape.json")).as(e.getKey())
                    .isInstanceOfSatisfying(DiagnosticException.class, x -> {
                        assertThat(x.diagnostic().code()).isEqualTo(MappingCodes.MALFORMED);
                        assertThat(x.diagnostic().position()).isEqualTo(e.getValue());
                    });
        }
        // a byte that is not UTF-8 is an error at its line and column; a byte-order mark is fine
        Files.write(file, new byte[] {'{', '\n', ' ', (byte) 0xFF, '}'});
        assertThatThrownBy(() -> MappingFile.readScoped(file, "shape.json")).isInstanceOfSatisfying(DiagnosticException.class, x -> {
            assertThat(x.diagnostic().code()).isEqualTo(MappingCodes.MALFORMED);
            assertThat(x.diagnostic().position()).isEqualTo(new SourcePosition("shape.json", 2, 2));
            assertThat(x.diagnostic().message()).isEqualTo("expected UTF-8 text, found the byte 0xFF");
        });
        Files.writeString(file, "\uFEFF{\"properties\":{\"a\":{\"type\":\"keyword\"}}}");
        assertThat(MappingFile.readScoped(file, "shape.json")).hasSize(1);
        // a date's own format is kept (checks made in the default format leave such a field alone)
        Files.writeString(file, "{\"properties\":{\"@timestamp\":{\"type\":\"date\",\"format\":\"yyyy-MM-dd HH:mm:ss\"},"
                + "\"event\":{\"properties\":{\"created\":{\"type\":\"date\"}}}}}");
        assertThat(MappingFile.readScoped(file, "shape.json").get(0).fields().field("@timestamp")).map(FieldMapping::format)
                .contains("yyyy-MM-dd HH:mm:ss");
        assertThat(MappingFile.readScoped(file, "shape.json").get(0).fields().field("event.created")).isPresent().get()
                .extracting(FieldMapping::format).isNull();
        // the default format spelled out is the default format
        Files.writeString(file, "{\"properties\":{\"@timestamp\":{\"type\":\"date\",\"format\":\"strict_date_optional_time||epoch_millis\"}}}");
        assertThat(MappingFile.readScoped(file, "shape.json").get(0).fields().field("@timestamp")).isPresent().get()
                .extracting(FieldMapping::format).isNull();
        // a field named "properties" or "type", and "properties" under a field's metadata, are ordinary
        Files.writeString(file, "{\"_meta\":{\"properties\":\"x\"},\"properties\":{\"properties\":{\"type\":\"keyword\"},"
                + "\"type\":{\"type\":\"long\",\"meta\":{\"properties\":\"y\"}}}}");
        assertThat(MappingFile.readScoped(file, "shape.json").get(0).fields().fields()).extracting(FieldMapping::name)
                .contains("properties", "type");
    }
}
