package io.ruleforge.dsl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import io.ruleforge.kql.KqlQuery;
import io.ruleforge.ql.SourceSpan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Expected DSL taken from KQL_SPEC §5–§6 (Kibana's own output); compared as serialised text so that Kibana's key
 * order is checked too.
 */
class DslCompilerTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** A data view like the ones of §5.3/§6 (names sorted, as FieldSchema keeps them). */
    private static final FieldSchema TYPED = FieldSchema.of("test", List.of(
            new FieldMapping("@timestamp", "date"),
            new FieldMapping("destination.ip", "ip"),
            new FieldMapping("event.action", "keyword"),
            new FieldMapping("file.path", "keyword"),
            new FieldMapping("host.name", "keyword"),
            new FieldMapping("message", "match_only_text"),
            new FieldMapping("process.command_line", "wildcard"),
            new FieldMapping("process.name", "keyword"),
            new FieldMapping("process.parent.name", "keyword"),
            new FieldMapping("threat", "object"),
            new FieldMapping("threat.enrichments", "nested"),
            new FieldMapping("threat.enrichments.indicator.ip", "ip"),
            new FieldMapping("threat.framework", "keyword"),
            new FieldMapping("a", "nested"),
            new FieldMapping("a.b", "nested"),
            new FieldMapping("a.b.c", "keyword")));

    private static String leaf(String query) {
        return "{\"bool\":{\"should\":[" + query + "],\"minimum_should_match\":1}}";
    }

    private static KqlQuery parse(String kql, KibanaVersion version) {
        KqlParseResult result = KqlParser.parse(kql, version);
        assertThat(result).as(kql).isInstanceOf(KqlParseResult.Success.class);
        return ((KqlParseResult.Success) result).query();
    }

    private static String compile(String kql, KibanaVersion version, FieldSchema schema, DslOptions options) {
        try {
            return MAPPER.writeValueAsString(
                    new DslCompiler(version, schema, options).compile(parse(kql, version).root()));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertDsl(String kql, KibanaVersion version, FieldSchema schema, String expectedJson) {
        assertDsl(kql, version, schema, DslOptions.DEFAULT, expectedJson);
    }

    private static void assertDsl(String kql, KibanaVersion version, FieldSchema schema, DslOptions options,
                                  String expectedJson) {
        try {
            JsonNode expected = MAPPER.readTree(expectedJson);
            assertThat(compile(kql, version, schema, options)).as(kql)
                    .isEqualTo(MAPPER.writeValueAsString(expected));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    // ------------------------------------------------------------------ §5.3, no index pattern (8.9)

    /**
     * Field names spelled true/false keep their JSON type where Kibana emits the name as a value, nested paths are
     * prefixed only under a JavaScript-truthy path, and a bare value inside a nested group queries {@code
     * <path>.null}. Expected output is Kibana 8.9's (test-tools/kbn-oracle), found by differential fuzzing.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            true:*                 | {"bool":{"should":[{"exists":{"field":true}}],"minimum_should_match":1}}
            true:a*                | {"bool":{"should":[{"query_string":{"fields":[true],"query":"a*"}}],"minimum_should_match":1}}
            false > 5              | {"bool":{"should":[{"range":{"false":{"gt":"5"}}}],"minimum_should_match":1}}
            true:{x > 1}           | {"nested":{"path":true,"query":{"bool":{"should":[{"range":{"true.x":{"gt":"1"}}}],"minimum_should_match":1}},"score_mode":"none"}}
            null:{x:1}             | {"nested":{"path":null,"query":{"bool":{"should":[{"match":{"x":"1"}}],"minimum_should_match":1}},"score_mode":"none"}}
            false:{true:{x:*}}     | {"nested":{"path":false,"query":{"nested":{"path":true,"query":{"bool":{"should":[{"exists":{"field":"true.x"}}],"minimum_should_match":1}},"score_mode":"none"}},"score_mode":"none"}}
            `"":{x:1}`             | {"nested":{"path":"","query":{"bool":{"should":[{"match":{"x":"1"}}],"minimum_should_match":1}},"score_mode":"none"}}
            `a:{"":{x:1}}`         | {"nested":{"path":"a","query":{"nested":{"path":"a.","query":{"bool":{"should":[{"match":{"a..x":"1"}}],"minimum_should_match":1}},"score_mode":"none"}},"score_mode":"none"}}
            a:{*}                  | {"nested":{"path":"a","query":{"bool":{"should":[{"exists":{"field":"a.null"}}],"minimum_should_match":1}},"score_mode":"none"}}
            a:{x}                  | {"nested":{"path":"a","query":{"bool":{"should":[{"match":{"a.null":"x"}}],"minimum_should_match":1}},"score_mode":"none"}}
            a:{*:*}                | {"nested":{"path":"a","query":{"match_all":{}},"score_mode":"none"}}
            null:{x:1 and y}       | {"nested":{"path":null,"query":{"bool":{"filter":[{"bool":{"should":[{"match":{"x":"1"}}],"minimum_should_match":1}},{"multi_match":{"type":"best_fields","query":"y","lenient":true}}]}},"score_mode":"none"}}
            """)
    void typedFieldNamesAndNestedPathsAsKibanaEmitsThem(String kql, String expected) {
        assertDsl(kql, KibanaVersion.V8_9, FieldSchema.none(), expected);
    }

    /**
     * Deliberately not Kibana's: Kibana 8.9 turns user text equal to its internal wildcard marker into a wildcard
     * when the value has a real one ({@code a**b}); here the text stays text, escaped like any other (§5.2).
     */
    @Test
    void wildcardMarkerTextTypedByTheUserStaysText() {
        assertDsl("x:a*@kuery-wildcard@b", KibanaVersion.V8_9, FieldSchema.none(),
                leaf("{\"query_string\":{\"fields\":[\"x\"],\"query\":\"a*@kuery\\\\-wildcard@b\"}}"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            process.name:cmd.exe             | {"bool":{"should":[{"match":{"process.name":"cmd.exe"}}],"minimum_should_match":1}}
            process.name:"cmd.exe"           | {"bool":{"should":[{"match_phrase":{"process.name":"cmd.exe"}}],"minimum_should_match":1}}
            cmd.exe                          | {"multi_match":{"type":"best_fields","query":"cmd.exe","lenient":true}}
            "cmd.exe"                        | {"multi_match":{"type":"phrase","query":"cmd.exe","lenient":true}}
            cmd*                             | {"query_string":{"query":"cmd*"}}
            *                                | {"query_string":{"query":"*"}}
            *:*                              | {"match_all":{}}
            ``                               | {"match_all":{}}
            process.name:*                   | {"bool":{"should":[{"exists":{"field":"process.name"}}],"minimum_should_match":1}}
            process.*:*                      | {"bool":{"should":[{"exists":{"field":"process.*"}}],"minimum_should_match":1}}
            process.*:cmd.exe                | {"bool":{"should":[{"match":{"process.*":"cmd.exe"}}],"minimum_should_match":1}}
            *:cmd.exe                        | {"bool":{"should":[{"match":{"*":"cmd.exe"}}],"minimum_should_match":1}}
            process.name:*cmd*               | {"bool":{"should":[{"query_string":{"fields":["process.name"],"query":"*cmd*"}}],"minimum_should_match":1}}
            process.name:"*cmd*"             | {"bool":{"should":[{"match_phrase":{"process.name":"*cmd*"}}],"minimum_should_match":1}}
            process.name:cmd\\*              | {"bool":{"should":[{"match":{"process.name":"cmd*"}}],"minimum_should_match":1}}
            destination.port:443             | {"bool":{"should":[{"match":{"destination.port":"443"}}],"minimum_should_match":1}}
            x > 5                            | {"bool":{"should":[{"range":{"x":{"gt":"5"}}}],"minimum_should_match":1}}
            @timestamp >= now-1d             | {"bool":{"should":[{"range":{"@timestamp":{"gte":"now-1d"}}}],"minimum_should_match":1}}
            x > *                            | {"bool":{"should":[{"range":{"x":{"gt":"*"}}}],"minimum_should_match":1}}
            not x:*                          | {"bool":{"must_not":{"bool":{"should":[{"exists":{"field":"x"}}],"minimum_should_match":1}}}}
            a:(1 or 2)                       | {"bool":{"should":[{"bool":{"should":[{"match":{"a":"1"}}],"minimum_should_match":1}},{"bool":{"should":[{"match":{"a":"2"}}],"minimum_should_match":1}}],"minimum_should_match":1}}
            a:(1 and 2)                      | {"bool":{"filter":[{"bool":{"should":[{"match":{"a":"1"}}],"minimum_should_match":1}},{"bool":{"should":[{"match":{"a":"2"}}],"minimum_should_match":1}}]}}
            a:{ b:c }                        | {"nested":{"path":"a","query":{"bool":{"should":[{"match":{"a.b":"c"}}],"minimum_should_match":1}},"score_mode":"none"}}
            a:{ b:{ c:d } }                  | {"nested":{"path":"a","query":{"nested":{"path":"a.b","query":{"bool":{"should":[{"match":{"a.b.c":"d"}}],"minimum_should_match":1}},"score_mode":"none"}},"score_mode":"none"}}
            a:{ b > 5 }                      | {"nested":{"path":"a","query":{"bool":{"should":[{"range":{"a.b":{"gt":"5"}}}],"minimum_should_match":1}},"score_mode":"none"}}
            x:foo\\:bar                      | {"bool":{"should":[{"match":{"x":"foo:bar"}}],"minimum_should_match":1}}
            x:"a\\"b"                        | {"bool":{"should":[{"match_phrase":{"x":"a\\"b"}}],"minimum_should_match":1}}
            x:\\and                          | {"bool":{"should":[{"match":{"x":"and"}}],"minimum_should_match":1}}
            message:hello world              | {"bool":{"should":[{"match":{"message":"hello world"}}],"minimum_should_match":1}}
            x:true                           | {"bool":{"should":[{"match":{"x":true}}],"minimum_should_match":1}}
            x:null                           | {"bool":{"should":[{"match":{"x":null}}],"minimum_should_match":1}}
            null:foo                         | {"multi_match":{"type":"best_fields","query":"foo","lenient":true}}
            destination.ip:10.0.0.0/8        | {"bool":{"should":[{"match":{"destination.ip":"10.0.0.0/8"}}],"minimum_should_match":1}}
            """)
    void specExamplesWithoutIndexPattern(String kql, String expected) {
        assertDsl(kql, KibanaVersion.V8_9, FieldSchema.none(), expected);
        // 7.12+ and 8.x agree on all of these (KQL_SPEC §5.3)
        if (!kql.equals("x > *")) {
            assertDsl(kql, KibanaVersion.V7_17, FieldSchema.none(), expected);
        }
    }

    @Test
    void precedenceGivesShouldOfFilter() {
        String a = leaf("{\"match\":{\"a\":\"1\"}}");
        String b = leaf("{\"match\":{\"b\":\"2\"}}");
        String c = leaf("{\"match\":{\"c\":\"3\"}}");
        assertDsl("a:1 and b:2 or c:3", KibanaVersion.V8_9, FieldSchema.none(),
                "{\"bool\":{\"should\":[{\"bool\":{\"filter\":[" + a + "," + b + "]}}," + c
                        + "],\"minimum_should_match\":1}}");
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            process.name:c*d.exe              | c*d.exe
            process.command_line:*-enc*       | *\\\\-enc*
            file.path:C\\:\\\\Windows\\\\*    | C\\\\:\\\\\\\\Windows\\\\\\\\*
            file.path:*\\\\system32\\\\*      | *\\\\\\\\system32\\\\\\\\*
            url.path:*/admin/*                | *\\\\/admin\\\\/*
            x:foo?bar*                        | foo\\\\?bar*
            x:a b*                            | a b*
            """)
    void queryStringEscaping(String kql, String escapedQueryAsJson) {
        String field = kql.substring(0, kql.indexOf(':'));
        assertDsl(kql, KibanaVersion.V8_9, FieldSchema.none(),
                leaf("{\"query_string\":{\"fields\":[\"" + field + "\"],\"query\":\"" + escapedQueryAsJson + "\"}}"));
    }

    @Test
    void kibana7LeaksTheWildcardNodeIntoRanges() {
        assertDsl("x > *", KibanaVersion.V7_17, FieldSchema.none(),
                leaf("{\"range\":{\"x\":{\"gt\":{\"type\":\"wildcard\",\"value\":\"@kuery-wildcard@\"}}}}"));
    }

    @Test
    void briefSampleWithoutAndWithFieldTypes() {
        String kql = "process.name:cmd.exe and event.action:\"Network connection detected (rule: NetworkConnect)\""
                + " and not destination.ip:(10.0.0.0/8 or 172.16.0.0/12 or 192.168.0.0/16)";
        String ips = "{\"bool\":{\"must_not\":{\"bool\":{\"should\":["
                + leaf("{\"match\":{\"destination.ip\":\"10.0.0.0/8\"}}") + ","
                + leaf("{\"match\":{\"destination.ip\":\"172.16.0.0/12\"}}") + ","
                + leaf("{\"match\":{\"destination.ip\":\"192.168.0.0/16\"}}")
                + "],\"minimum_should_match\":1}}}}";
        assertDsl(kql, KibanaVersion.V8_9, FieldSchema.none(), "{\"bool\":{\"filter\":["
                + leaf("{\"match\":{\"process.name\":\"cmd.exe\"}}") + ","
                + leaf("{\"match_phrase\":{\"event.action\":\"Network connection detected (rule: NetworkConnect)\"}}")
                + "," + ips + "]}}");
        assertDsl(kql, KibanaVersion.V8_9, TYPED, "{\"bool\":{\"filter\":["
                + leaf("{\"term\":{\"process.name\":{\"value\":\"cmd.exe\"}}}") + ","
                + leaf("{\"term\":{\"event.action\":{\"value\":\"Network connection detected (rule: NetworkConnect)\"}}}")
                + "," + ips + "]}}");
    }

    // ------------------------------------------------------------------ §6, with a schema

    @Test
    void keywordFieldsGetTermEvenWhenQuotedAndLiteralStarsStayLiteral() {
        assertDsl("process.name:\"*cmd*\"", KibanaVersion.V8_12, TYPED,
                leaf("{\"term\":{\"process.name\":{\"value\":\"*cmd*\"}}}"));
        // 7.x has no keyword special case
        assertDsl("process.name:cmd.exe", KibanaVersion.V7_17, TYPED,
                leaf("{\"match\":{\"process.name\":\"cmd.exe\"}}"));
    }

    @Test
    void keywordWildcardValueIsRawIn89AndEscapedIn812() {
        assertDsl("host.name:web-01*", KibanaVersion.V8_9, TYPED,
                leaf("{\"wildcard\":{\"host.name\":{\"value\":\"web-01*\"}}}"));
        assertDsl("host.name:web-01*", KibanaVersion.V8_12, TYPED,
                leaf("{\"wildcard\":{\"host.name\":{\"value\":\"web\\\\-01*\"}}}"));
        assertDsl("file.path:*\\\\system32\\\\*", KibanaVersion.V8_9, TYPED,
                leaf("{\"wildcard\":{\"file.path\":{\"value\":\"*\\\\system32\\\\*\"}}}"));
        assertDsl("file.path:*\\\\system32\\\\*", KibanaVersion.V8_12, TYPED,
                leaf("{\"wildcard\":{\"file.path\":{\"value\":\"*\\\\\\\\system32\\\\\\\\*\"}}}"));
        // non-keyword types keep query_string; 7.x always does
        assertDsl("process.command_line:*-enc*", KibanaVersion.V8_12, TYPED,
                leaf("{\"query_string\":{\"fields\":[\"process.command_line\"],\"query\":\"*\\\\-enc*\"}}"));
        assertDsl("host.name:web*", KibanaVersion.V7_17, TYPED,
                leaf("{\"query_string\":{\"fields\":[\"host.name\"],\"query\":\"web*\"}}"));
    }

    @Test
    void dateFieldsGetRangesWithTimeZoneOnlyWhenConfigured() {
        assertDsl("@timestamp:2024-01-01", KibanaVersion.V8_12, TYPED,
                leaf("{\"range\":{\"@timestamp\":{\"gte\":\"2024-01-01\",\"lte\":\"2024-01-01\"}}}"));
        assertDsl("@timestamp:2024-01-01", KibanaVersion.V8_12, TYPED, DslOptions.DETECTION_ENGINE,
                leaf("{\"range\":{\"@timestamp\":{\"gte\":\"2024-01-01\",\"lte\":\"2024-01-01\",\"time_zone\":\"Zulu\"}}}"));
        assertDsl("@timestamp >= now-1d", KibanaVersion.V8_12, TYPED, DslOptions.DETECTION_ENGINE,
                leaf("{\"range\":{\"@timestamp\":{\"gte\":\"now-1d\",\"time_zone\":\"Zulu\"}}}"));
        // unknown fields never get a time zone
        assertDsl("x >= 1", KibanaVersion.V8_12, TYPED, DslOptions.DETECTION_ENGINE,
                leaf("{\"range\":{\"x\":{\"gte\":\"1\"}}}"));
    }

    @Test
    void wildcardFieldNamesExpandInSchemaOrderAndFallBackWhenNothingMatches() {
        assertDsl("process.*:cmd.exe", KibanaVersion.V8_9, TYPED, "{\"bool\":{\"should\":["
                + "{\"match\":{\"process.command_line\":\"cmd.exe\"}},"
                + "{\"term\":{\"process.name\":{\"value\":\"cmd.exe\"}}},"
                + "{\"term\":{\"process.parent.name\":{\"value\":\"cmd.exe\"}}}],\"minimum_should_match\":1}}");
        assertDsl("nosuch.*:x", KibanaVersion.V8_9, TYPED, leaf("{\"match\":{\"nosuch.*\":\"x\"}}"));
        assertDsl("process.*:*", KibanaVersion.V8_9, TYPED, "{\"bool\":{\"should\":["
                + "{\"exists\":{\"field\":\"process.command_line\"}},"
                + "{\"exists\":{\"field\":\"process.name\"}},"
                + "{\"exists\":{\"field\":\"process.parent.name\"}}],\"minimum_should_match\":1}}");
    }

    @Test
    void existsOverEveryFieldOfTheSchemaIsMatchAll() {
        FieldSchema two = FieldSchema.of("two", List.of(new FieldMapping("p.a", "keyword"), new FieldMapping("p.b", "long")));
        assertDsl("p.*:*", KibanaVersion.V8_9, two, "{\"match_all\":{}}");
        assertDsl("p.a*:*", KibanaVersion.V8_9, two, leaf("{\"exists\":{\"field\":\"p.a\"}}"));
    }

    @Test
    void containerEntriesAreNotQueryableFields() {
        // `threat` and `threat.enrichments` are object/nested containers: unknown-field fallback, no nested error
        assertDsl("threat:x", KibanaVersion.V8_12, TYPED, leaf("{\"match\":{\"threat\":\"x\"}}"));
        assertDsl("threat.enrichments:x", KibanaVersion.V8_12, TYPED, leaf("{\"match\":{\"threat.enrichments\":\"x\"}}"));
    }

    @Test
    void wildcardFieldNamesAreAutoWrappedIntoTheirNestedPath() {
        assertDsl("threat.*:1.2.3.4", KibanaVersion.V8_12, TYPED, "{\"bool\":{\"should\":["
                + "{\"nested\":{\"path\":\"threat.enrichments\",\"query\":{\"match\":{\"threat.enrichments.indicator.ip\":\"1.2.3.4\"}},\"score_mode\":\"none\"}},"
                + "{\"term\":{\"threat.framework\":{\"value\":\"1.2.3.4\"}}}],\"minimum_should_match\":1}}");
    }

    @Test
    void nestedFieldsInTheirGroupTranslate() {
        assertDsl("threat.enrichments:{ indicator.ip:1.2.3.4 }", KibanaVersion.V8_12, TYPED,
                "{\"nested\":{\"path\":\"threat.enrichments\",\"query\":"
                        + leaf("{\"match\":{\"threat.enrichments.indicator.ip\":\"1.2.3.4\"}}")
                        + ",\"score_mode\":\"none\"}}");
    }

    @Test
    void nestedFieldMisuseThrowsKibanasMessages() {
        assertTranslationError("threat.enrichments.indicator.ip:1.2.3.4",
                "threat.enrichments.indicator.ip is a nested field, but is not in a nested group in the KQL expression.",
                new SourceSpan(0, 39));
        assertTranslationError("a:{ b.c:x }",
                "Nested field a.b.c is being queried with the incorrect nested path. The correct path is a.b.",
                new SourceSpan(4, 9));
        assertTranslationError("process:{ name:x }",
                "process.name is not a nested field but is in nested group \"process\" in the KQL expression.",
                new SourceSpan(10, 16));
        assertTranslationError("threat.enrichments.indicator.ip > 1",
                "threat.enrichments.indicator.ip is a nested field, but is not in a nested group in the KQL expression.",
                new SourceSpan(0, 35));
    }

    private static void assertTranslationError(String kql, String message, SourceSpan span) {
        KqlQuery query = parse(kql, KibanaVersion.V8_12);
        DslCompiler compiler = new DslCompiler(KibanaVersion.V8_12, TYPED);
        assertThatThrownBy(() -> compiler.compile(query.root()))
                .isInstanceOfSatisfying(DslTranslationException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(message);
                    assertThat(e.span()).isEqualTo(span);
                });
    }

    @Test
    void typedFieldLiteralsNeverMatchSchemaFields() {
        FieldSchema odd = FieldSchema.of("odd", List.of(new FieldMapping("true", "keyword")));
        // Kibana looks the literal's boolean value up among string names: no match, so a plain match query
        assertDsl("true:x", KibanaVersion.V8_12, odd, leaf("{\"match\":{\"true\":\"x\"}}"));
        assertDsl("\"true\":x", KibanaVersion.V8_12, odd, leaf("{\"term\":{\"true\":{\"value\":\"x\"}}}"));
    }

    @Test
    void deepestAcceptedNestingCompiles() {
        int depth = io.ruleforge.kql.KqlParser.MAX_NESTING_DEPTH;
        String kql = "not (".repeat(depth) + "a:1" + ")".repeat(depth);
        JsonNode dsl = new DslCompiler(KibanaVersion.V8_12, FieldSchema.none()).compile(parse(kql, KibanaVersion.V8_12).root());
        JsonNode node = dsl;
        for (int i = 0; i < depth; i++) {
            node = node.path("bool").path("must_not");
        }
        assertThat(MAPPER.valueToTree(node).toString()).isEqualTo(leaf("{\"match\":{\"a\":\"1\"}}"));
    }

    @Test
    void deepestAcceptedQueryStillSerialisesWithJacksonDefaults() throws JsonProcessingException {
        int depth = io.ruleforge.kql.KqlParser.MAX_NESTING_DEPTH;
        String kql = "a:1 or not (".repeat(depth) + "a:1" + ")".repeat(depth);
        JsonNode dsl = new DslCompiler(KibanaVersion.V8_12, FieldSchema.none()).compile(parse(kql, KibanaVersion.V8_12).root());
        assertThat(new ObjectMapper().writeValueAsString(dsl)).startsWith("{\"bool\":{\"should\":[");
    }
}
