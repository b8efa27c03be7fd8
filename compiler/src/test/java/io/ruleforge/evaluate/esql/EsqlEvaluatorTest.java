package io.ruleforge.evaluate.esql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator on what the corpus uses and Elasticsearch's csv-spec files here do not exercise. Expected values
 * quote Elasticsearch's ES|QL function reference (docs "ES|QL functions and operators", 8.19/9.x) where it gives
 * an example, or follow from the function's documented definition.
 */
class EsqlEvaluatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = Instant.parse("2026-11-26T12:00:00Z").toEpochMilli();

    private static EsqlResult run(String query) {
        return run(query, List.of(), FieldSchema.none());
    }

    private static EsqlResult run(String query, List<String> events, FieldSchema schema) {
        List<EventIndex.Event> docs = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            try {
                docs.add(new EventIndex.Event(String.valueOf(i + 1), JSON.readTree(events.get(i))));
            } catch (Exception e) {
                throw new IllegalArgumentException(e);
            }
        }
        FullTextSupport fullText = new FullTextSupport(Optional.of((kql, doc, nowMillis) -> kql.equals("process.name : cmd.exe")
                && doc.at("/process/name").asText().equals("cmd.exe")), FullTextSupport.basic().analyzer());
        EsqlQueryRunner.Outcome outcome = new EsqlQueryRunner(List.of(EventIndex.of("logs-test", true, docs, schema)),
                new EvaluationContext(NOW), fullText).run(query, EsqlVersion.V9);
        assertThat(outcome).as(String.valueOf(outcome)).isInstanceOf(EsqlQueryRunner.Ran.class);
        return ((EsqlQueryRunner.Ran) outcome).result();
    }

    private static List<String> table(EsqlResult result) {
        return ResultTable.csvSpec(result);
    }

    /**
     * ES|QL reads a keyword's doc values, which hold the normalized value: Elastic Defend's process.name.caseless
     * groups MSBuild.exe, MSBUILD.EXE and msbuild.exe as one; a normalizer ruleforge does not model is refused where
     * a query reads the field.
     */
    @Test
    void aNormalizedKeywordIsReadAsItsDocValuesHoldIt() {
        FieldSchema schema = FieldSchema.of("defend", List.of(new FieldMapping("process.name", "keyword", 1024),
                new FieldMapping("process.name.caseless", "keyword", 1024).withNormalizer(io.ruleforge.fields.Normalizer.LOWERCASE),
                new FieldMapping("process.name.folded", "keyword").withNormalizer(io.ruleforge.fields.Normalizer.custom(
                        "folding", List.of("asciifolding"), List.of()))));
        List<String> events = List.of("{\"process\":{\"name\":\"MSBuild.exe\"}}", "{\"process\":{\"name\":\"MSBUILD.EXE\"}}",
                "{\"process\":{\"name\":\"msbuild.exe\"}}");
        assertThat(table(run("FROM logs-test | STATS n = COUNT(*) BY process.name.caseless", events, schema)))
                .containsExactly("n:long | process.name.caseless:keyword", "3 | msbuild.exe");
        assertThat(table(run("FROM logs-test | WHERE process.name.caseless == \"msbuild.exe\" | STATS n = COUNT(*)", events, schema)))
                .containsExactly("n:long", "3");
        EsqlQueryRunner.Outcome refused = new EsqlQueryRunner(List.of(EventIndex.of("logs-test", true, List.of(), schema)),
                new EvaluationContext(NOW), FullTextSupport.basic()).run("FROM logs-test | WHERE process.name.folded == \"a\"", EsqlVersion.V9);
        assertThat(String.valueOf(refused)).contains("process.name.folded: the normalizer [folding] is not modelled by ruleforge");
    }

    @Test
    void locateDocsExample() {
        // docs: ROW a = "hello" | EVAL a_ll = LOCATE(a, "ll")  →  3
        assertThat(table(run("ROW a = \"hello\" | EVAL a_ll = LOCATE(a, \"ll\")"))).containsExactly("a:keyword | a_ll:integer", "hello | 3");
    }

    @Test
    void urlDecodeDocsExample() {
        // docs: URL_DECODE("https%3A%2F%2Fexample.com%2F%3Fx%3Dfoo%20bar%26y%3Dbaz") → https://example.com/?x=foo bar&y=baz
        assertThat(table(run("ROW u = \"https%3A%2F%2Fexample.com%2F%3Fx%3Dfoo%20bar%26y%3Dbaz\" | EVAL u = URL_DECODE(u)")))
                .containsExactly("u:keyword", "https://example.com/?x=foo bar&y=baz");
    }

    @Test
    void mvIntersectionAndMvContainsDocsExamples() {
        // docs: MV_INTERSECTION([1, 2, 3, 4, 5], [2, 3, 4, 5, 6]) → [2, 3, 4, 5]; MV_CONTAINS(["a", "b", "c"], "a") → true
        assertThat(table(run("ROW a = [1, 2, 3, 4, 5], b = [2, 3, 4, 5, 6] | EVAL i = MV_INTERSECTION(a, b) | KEEP i")))
                .containsExactly("i:integer", "[2, 3, 4, 5]");
        assertThat(table(run("ROW set = [\"a\", \"b\", \"c\"] | EVAL c = MV_CONTAINS(set, \"a\"), d = MV_CONTAINS(set, [\"a\", \"z\"]) | KEEP c, d")))
                .containsExactly("c:boolean | d:boolean", "true | false");
    }

    @Test
    void mvFirstLastSliceAndSplit() {
        // MV_FIRST / MV_LAST keep the stored order; MV_SLICE(x, 1, 2) is the second and third value (0-based, inclusive)
        assertThat(table(run("ROW a = \"foo;bar;baz\" | EVAL s = SPLIT(a, \";\"), f = MV_FIRST(s), l = MV_LAST(s), m = MV_SLICE(s, 1, 2) | KEEP f, l, m")))
                .containsExactly("f:keyword | l:keyword | m:keyword", "foo | baz | [bar, baz]");
    }

    @Test
    void singleValueFunctionsGiveNullAndAWarningOnMultiValues() {
        EsqlResult result = run("ROW a = [\"x\", \"y\"] | EVAL n = LENGTH(a)");
        assertThat(table(result)).containsExactly("a:keyword | n:integer", "[x, y] | null");
        assertThat(result.warnings()).containsExactly(
                "Line 1:31: evaluation of [LENGTH(a)] failed, treating result as null. Only first 20 failures recorded.",
                "Line 1:31: java.lang.IllegalArgumentException: single-value function encountered multi-value");
    }

    @Test
    void integerOverflowIsNullWithAWarning() {
        EsqlResult result = run("ROW a = 2147483647 | EVAL b = a + 1");
        assertThat(table(result)).containsExactly("a:integer | b:integer", "2147483647 | null");
        assertThat(result.warnings()).contains("Line 1:31: java.lang.ArithmeticException: integer overflow");
    }

    @Test
    void rlikeReadsALeadingStarAsACharacterAsLuceneDoes() {
        // Lucene's RegExp has nothing to repeat at the start, so "*" there is the character itself
        assertThat(table(run("ROW a = \"*sh -c x\", b = \"bash -c x\" | EVAL x = a RLIKE \"*sh.{1,2}-c.*\", y = b RLIKE \"*sh.{1,2}-c.*\" | KEEP x, y")))
                .containsExactly("x:boolean | y:boolean", "true | false");
        // docs (FROM_BASE64): FROM_BASE64("ZWxhc3RpYw==") → elastic
        assertThat(table(run("ROW a = \"ZWxhc3RpYw==\" | EVAL d = FROM_BASE64(a) | KEEP d"))).containsExactly("d:keyword", "elastic");
    }

    @Test
    void dateTruncAndDateDiffUnits() {
        assertThat(table(run("ROW t = TO_DATETIME(\"2026-11-26T10:47:31.123Z\") | EVAL h = DATE_TRUNC(1 hour, t), m = DATE_TRUNC(15 minutes, t),"
                + " mo = DATE_TRUNC(1 month, t), d = DATE_DIFF(\"minute\", TO_DATETIME(\"2026-11-26T10:00:00Z\"), t) | DROP t")))
                .containsExactly("h:date | m:date | mo:date | d:integer",
                        "2026-11-26T10:00:00.000Z | 2026-11-26T10:45:00.000Z | 2026-11-01T00:00:00.000Z | 47");
        // NOW() is one instant for the whole query
        assertThat(table(run("ROW x = 1 | EVAL n = NOW() | KEEP n"))).containsExactly("n:date", "2026-11-26T12:00:00.000Z");
        // a date is read as written: Elasticsearch's parser trims nothing, so " 2026-11-26" is no date (null, a warning)
        EsqlResult padded = run("ROW t = TO_DATETIME(\" 2026-11-26\")");
        assertThat(table(padded)).containsExactly("t:date", "null");
        assertThat(padded.warnings()).isNotEmpty();
    }

    @Test
    void jsonExtractReturnsTheValueAtThePath() {
        assertThat(table(run("ROW j = \"{\\\"nfs\\\": {\\\"opcode\\\": \\\"WRITE\\\", \\\"ids\\\": [3, 4]}}\" "
                + "| EVAL o = JSON_EXTRACT(j, \"nfs.opcode\"), i = JSON_EXTRACT(j, \"$.nfs.ids[1]\") | KEEP o, i")))
                .containsExactly("o:keyword | i:keyword", "WRITE | 4");
    }

    @Test
    void stDistanceIsTheHaversineDistanceOnEarthsMeanRadius() {
        // one degree of latitude on a sphere of 6371008.7714 m is 111195.08 m
        EsqlResult result = run("ROW a = TO_GEOPOINT(\"POINT(0 0)\"), b = TO_GEOPOINT(\"POINT(0 1)\") | EVAL d = ROUND(ST_DISTANCE(a, b), 1) | KEEP d");
        assertThat(table(result)).containsExactly("d:double", "111195.1");
    }

    @Test
    void statsGroupsNullKeysAndCountsValuesNotRows() {
        List<String> events = List.of(
                "{\"host\":{\"name\":\"a\"},\"user\":{\"name\":[\"u1\",\"u2\"]},\"n\":1}",
                "{\"host\":{\"name\":\"a\"},\"user\":{\"name\":\"u1\"},\"n\":2}",
                "{\"user\":{\"name\":\"u3\"},\"n\":4}");
        FieldSchema schema = FieldSchema.of("t", List.of(new FieldMapping("host.name", "keyword"), new FieldMapping("user.name", "keyword"),
                new FieldMapping("n", "long")));
        assertThat(table(run("FROM logs-* | STATS rows = COUNT(*), users = COUNT(user.name), distinct = COUNT_DISTINCT(user.name),"
                + " s = SUM(n), avg = AVG(n), v = VALUES(user.name) BY host.name | SORT host.name NULLS FIRST", events, schema)))
                .containsExactly("rows:long | users:long | distinct:long | s:long | avg:double | v:keyword | host.name:keyword",
                        "1 | 1 | 1 | 4 | 4.0 | u3 | null",
                        "2 | 3 | 2 | 3 | 1.5 | [u1, u2] | a");
    }

    @Test
    void firstAndLastFollowTheSortField() {
        List<String> events = List.of(
                "{\"@timestamp\":\"2026-11-26T10:00:02Z\",\"v\":\"second\"}",
                "{\"@timestamp\":\"2026-11-26T10:00:01Z\",\"v\":\"first\"}",
                "{\"@timestamp\":\"2026-11-26T10:00:03Z\",\"v\":\"third\"}");
        FieldSchema schema = FieldSchema.of("t", List.of(new FieldMapping("@timestamp", "date"), new FieldMapping("v", "keyword")));
        assertThat(table(run("FROM logs-* | STATS f = FIRST(v, @timestamp), l = LAST(v, @timestamp)", events, schema)))
                .containsExactly("f:keyword | l:keyword", "first | third");
    }

    @Test
    void inlineStatsKeepsEveryRowAndAppendsItsGroupsAggregatesThenTheKeys() {
        List<String> events = List.of("{\"h\":\"a\",\"n\":1}", "{\"h\":\"b\",\"n\":5}", "{\"h\":\"a\",\"n\":3}");
        FieldSchema schema = FieldSchema.of("t", List.of(new FieldMapping("h", "keyword"), new FieldMapping("n", "long")));
        // docs (INLINE STATS): the aggregates are added as columns, the BY columns move after them
        assertThat(table(run("FROM logs-* | KEEP h, n | INLINE STATS m = MAX(n) BY h", events, schema)))
                .containsExactly("n:long | m:long | h:keyword", "1 | 3 | a", "5 | 5 | b", "3 | 3 | a");
    }

    @Test
    void kqlAndMatchDecideSourceDocuments() {
        List<String> events = List.of("{\"process\":{\"name\":\"cmd.exe\"},\"message\":\"Connection refused by peer\"}",
                "{\"process\":{\"name\":\"powershell.exe\"},\"message\":\"connected\"}");
        FieldSchema schema = FieldSchema.of("t", List.of(new FieldMapping("process.name", "keyword"), new FieldMapping("message", "text")));
        assertThat(run("FROM logs-* METADATA _id | WHERE KQL(\"process.name : cmd.exe\") | KEEP _id", events, schema).rowIds())
                .containsExactly("1");
        // MATCH on text: any analysed term of the query among the value's terms
        assertThat(run("FROM logs-* METADATA _id | WHERE MATCH(message, \"REFUSED\") | KEEP _id", events, schema).rowIds())
                .containsExactly("1");
    }

    @Test
    void eventsAreTypedThroughTheMappingAndMultiValuesSortedAsDocValues() {
        List<String> events = List.of("{\"source\":{\"ip\":\"10.1.2.3\"},\"tags\":[\"b\",\"a\",\"b\"],\"msg\":[\"z\",\"y\"]}");
        FieldSchema schema = FieldSchema.of("t", List.of(new FieldMapping("source.ip", "ip"), new FieldMapping("tags", "keyword"),
                new FieldMapping("msg", "text")));
        assertThat(table(run("FROM logs-* | EVAL private = CIDR_MATCH(source.ip, \"10.0.0.0/8\", \"192.168.0.0/16\") | KEEP source.ip, tags, msg, private",
                events, schema))).containsExactly("source.ip:ip | tags:keyword | msg:text | private:boolean", "10.1.2.3 | [a, b] | [z, y] | true");
    }

    @Test
    void unknownColumnsAndUnsupportedFunctionsAreRefusedWithTheirPlace() {
        EsqlQueryRunner runner = new EsqlQueryRunner(List.of(), new EvaluationContext(NOW), FullTextSupport.basic());
        EsqlQueryRunner.Outcome unknown = runner.run("ROW a = 1 | EVAL b = c + 1", EsqlVersion.V9);
        assertThat(unknown).isEqualTo(new EsqlQueryRunner.Refused(21, "Unknown column [c]", false, false));
        EsqlQueryRunner.Outcome unsupported = runner.run("ROW a = 1 | EVAL b = HYPOT(a, a)", EsqlVersion.V9);
        assertThat(unsupported).isInstanceOfSatisfying(EsqlQueryRunner.Refused.class, r -> {
            assertThat(r.unsupported()).isTrue();
            assertThat(r.offset()).isEqualTo(21);
        });
    }

    @Test
    void csvDatasetErrorsNameLineAndColumn() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CsvDataset.read("x", true, "a:integer,b:keyword\n1,x\nnope,y\n"))
                .isInstanceOfSatisfying(CsvDataset.DatasetException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.column()).isEqualTo(1);
                    assertThat(e.getMessage()).isEqualTo("\"nope\" is not a integer");
                });
    }
}
