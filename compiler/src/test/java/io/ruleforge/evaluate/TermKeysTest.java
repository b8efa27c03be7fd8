package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.fields.EcsSchemas;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keys a composite aggregation's {@code terms} source returns, per mapped type. Expectations are Elasticsearch's
 * documented storage of each type: whole-number fields coerce and truncate ({@code coerce: true} by default), a float
 * is stored at float precision and aggregated as a double, a date source's key is epoch milliseconds, ip doc values
 * are 16-byte addresses printed by {@code InetAddresses.toAddrString} (RFC 5952), keyword values above
 * {@code ignore_above} are not indexed (ECS gives {@code user.name} 1024).
 */
class TermKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final TermKeys ecs = TermKeys.of(EcsSchemas.defaultSchema());

    private static JsonNode event(String json) throws Exception {
        return JSON.readTree(json);
    }

    @Test
    void aWholeNumberFieldTruncatesAndParsesItsValuesIntoOneKey() throws Exception {
        assertThat(ecs.keys(event("{\"process\":{\"pid\":[5.7, \"5\", 5, -5.7]}}"), "process.pid")).containsExactly("-5", "5");
        assertThat(ecs.keys(event("{\"process\":{\"pid\":\"not a number\"}}"), "process.pid")).isEmpty();
    }

    @Test
    void aFloatFieldKeysTheDoubleOfItsFloat() throws Exception {
        assertThat(ecs.keys(event("{\"event\":{\"risk_score\":[5.1, 5.0]}}"), "event.risk_score"))
                .containsExactly("5", "5.099999904632568");
    }

    @Test
    void aDateFieldKeysEpochMillisWhateverTheFormatWritten() throws Exception {
        assertThat(ecs.keys(event("{\"event\":{\"created\":[\"2024-05-01T10:00:00Z\", \"2024-05-01T12:00:00.000+02:00\", 1714557600000]}}"),
                "event.created")).containsExactly("1714557600000");
    }

    @Test
    void anIpFieldKeysTheCanonicalAddress() throws Exception {
        assertThat(ecs.keys(event("{\"source\":{\"ip\":[\"::ffff:10.0.0.1\", \"10.0.0.1\"]}}"), "source.ip")).containsExactly("10.0.0.1");
        assertThat(ecs.keys(event("{\"source\":{\"ip\":\"2001:DB8:0:0:0:0:0:1\"}}"), "source.ip")).containsExactly("2001:db8::1");
        // the longest run of zero groups is compressed, the first of two equal runs; a single zero group is not
        assertThat(ecs.keys(event("{\"source\":{\"ip\":\"1:0:0:2:0:0:0:3\"}}"), "source.ip")).containsExactly("1:0:0:2::3");
        assertThat(ecs.keys(event("{\"source\":{\"ip\":\"1:0:0:2:0:0:3:4\"}}"), "source.ip")).containsExactly("1::2:0:0:3:4");
        assertThat(ecs.keys(event("{\"source\":{\"ip\":\"1:0:2:3:4:5:6:7\"}}"), "source.ip")).containsExactly("1:0:2:3:4:5:6:7");
        assertThat(ecs.keys(event("{\"source\":{\"ip\":\"::\"}}"), "source.ip")).containsExactly("::");
    }

    @Test
    void aKeywordFieldKeysTheTextAsWrittenAndNothingAboveIgnoreAbove() throws Exception {
        assertThat(ecs.keys(event("{\"user\":{\"name\":[5.0, 5, \"5\"]}}"), "user.name")).containsExactly("5", "5.0");
        assertThat(ecs.keys(event("{\"user\":{\"name\":\"" + "x".repeat(1025) + "\"}}"), "user.name")).isEmpty();
        assertThat(ecs.keys(event("{\"user\":{\"name\":\"" + "x".repeat(1024) + "\"}}"), "user.name")).hasSize(1);
    }

    @Test
    void aFieldTheSchemaDoesNotMapKeepsItsSourceText() throws Exception {
        assertThat(ecs.keys(event("{\"custom\":{\"n\":[5.0, \"b\"]}}"), "custom.n")).containsExactly("5", "b");
        assertThat(TermKeys.sourceText().keys(event("{\"process\":{\"pid\":5.7}}"), "process.pid")).containsExactly("5.7");
    }

    /**
     * The fields API parses each source value as the mapping does and prints it in the type's form, in source order
     * and with repeats (Elasticsearch's value fetchers; a date in the mapping's first format, strict_date_optional_time).
     */
    @Test
    void theFieldsApiValuesKeepSourceOrderAndRepeatsInTheTypesForm() throws Exception {
        assertThat(ecs.fieldValues(event("{\"process\":{\"pid\":[5.7, \"5\", 9]}}"), "process.pid")).containsExactly("5", "5", "9");
        assertThat(ecs.fieldValues(event("{\"event\":{\"created\":[1714557600000, \"2024-05-01T12:00:00+02:00\"]}}"), "event.created"))
                .containsExactly("2024-05-01T10:00:00.000Z", "2024-05-01T10:00:00.000Z");
        assertThat(ecs.fieldValues(event("{\"user\":{\"name\":[\"bob\", \"alice\", \"bob\"]}}"), "user.name")).containsExactly("bob", "alice", "bob");
        assertThat(ecs.fieldValues(event("{\"source\":{\"ip\":\"::ffff:10.0.0.1\"}}"), "source.ip")).containsExactly("10.0.0.1");
        assertThat(ecs.fieldValues(event("{\"event\":{\"risk_score\":5.1}}"), "event.risk_score")).containsExactly("5.1");
        assertThat(ecs.fieldValues(event("{\"custom\":{\"n\":[5.0, 5.0]}}"), "custom.n")).containsExactly("5", "5");
    }

    @Test
    void aValueWrittenByHandIsReadAsTheFieldsTypeStoresIt() {
        assertThat(ecs.key("event.created", "2024-05-01T10:00:00Z")).isEqualTo("1714557600000");
        assertThat(ecs.key("source.ip", "::ffff:10.0.0.1")).isEqualTo("10.0.0.1");
        assertThat(ecs.key("process.pid", "5.0")).isEqualTo("5");
        assertThat(ecs.key("process.pid", "five")).isEqualTo("five");
        assertThat(ecs.key("custom.n", "5.0")).isEqualTo("5.0");
    }

    /** date_nanos prints 3 to 9 fraction digits (strict_date_optional_time_nanos); its composite key is still millis. */
    @Test
    void aDateNanosFieldPrintsItsNanoseconds() throws Exception {
        TermKeys nanos = TermKeys.of(io.ruleforge.fields.FieldSchema.of("t", java.util.List.of(new io.ruleforge.fields.FieldMapping("t", "date_nanos"))));
        JsonNode e = event("{\"t\":[\"2024-05-01T10:00:00.123456789Z\", \"2024-05-01T10:00:00Z\", \"2024-05-01T10:00:00.000001Z\"]}");
        assertThat(nanos.fieldValues(e, "t")).containsExactly("2024-05-01T10:00:00.123456789Z", "2024-05-01T10:00:00.000Z",
                "2024-05-01T10:00:00.000001Z");
        assertThat(nanos.keys(e, "t")).containsExactly("1714557600000", "1714557600123");
    }

    /**
     * An alias groups by its target's values, as Elasticsearch's aggregations and the fields API read them under the
     * alias's name; read as itself it held none, and a threshold or suppression group on it never formed.
     */
    @Test
    void anAliasIsKeyedByItsTargetsValues() throws Exception {
        io.ruleforge.fields.FieldSchema schema = io.ruleforge.fields.FieldSchema.of("t", java.util.List.of(
                new io.ruleforge.fields.FieldMapping("proc", "alias", 0, "process.name"),
                new io.ruleforge.fields.FieldMapping("process.name", "keyword"),
                new io.ruleforge.fields.FieldMapping("src", "alias", 0, "source.ip"),
                new io.ruleforge.fields.FieldMapping("source.ip", "ip")));
        TermKeys keys = TermKeys.of(schema);
        JsonNode e = event("{\"process\":{\"name\":[\"b.exe\",\"a.exe\"]},\"source\":{\"ip\":\"2001:DB8::1\"}}");
        assertThat(keys.keys(e, "proc")).containsExactly("a.exe", "b.exe");
        assertThat(keys.fieldValues(e, "proc")).containsExactly("b.exe", "a.exe");
        assertThat(keys.keys(e, "src")).isEqualTo(keys.keys(e, "source.ip")).containsExactly("2001:db8::1");
        assertThat(keys.sourcePaths("proc")).containsExactly("proc", "process.name");
        assertThat(keys.key("src", "2001:db8:0::1")).isEqualTo("2001:db8::1");
    }
}
