package io.ruleforge.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IndexableValuesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FieldSchema FIELDS = FieldSchema.of("test", List.of(
            new FieldMapping("process", "object"),
            new FieldMapping("process.pid", "long"),
            new FieldMapping("process.name", "keyword"),
            new FieldMapping("process.args_count", "integer"),
            new FieldMapping("source.ip", "ip"),
            new FieldMapping("event.risk_score", "float"),
            new FieldMapping("dll.code_signature.exists", "boolean"),
            new FieldMapping("labels", "flattened")));

    private static List<String> problems(String event) throws Exception {
        return IndexableValues.problems(JSON.readTree(event), FIELDS);
    }

    @Test
    void valuesElasticsearchIndexesPass() throws Exception {
        assertThat(problems("""
                {"process":{"pid":"42","name":5,"args_count":3.7},"source.ip":["10.0.0.1","::1"],"event":{"risk_score":1e30},
                 "dll":{"code_signature":{"exists":"false"}},"labels":{"any":{"thing":1}},"unmapped":{"x":[1,"a",{"y":true}]},
                 "process.pid":null}""")).isEmpty();
    }

    /**
     * probe27, and each value checked on Elasticsearch 8.19.21 (28 Nov): a date_nanos field refuses dates before 1970
     * and after 2262-04-11T23:47:16.854775807Z, which a date field takes; both refuse ten fraction digits.
     */
    @Test
    void aDateNanosFieldRefusesDatesALongOfNanosecondsCannotHold() throws Exception {
        FieldSchema dates = FieldSchema.of("dates", List.of(new FieldMapping("@timestamp", "date"), new FieldMapping("n", "date_nanos")));
        java.util.function.Function<String, List<String>> check = event -> {
            try {
                return IndexableValues.problems(JSON.readTree(event), dates);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        for (String refused : List.of("\"1969-12-31T23:59:59Z\"", "\"2262-04-11T23:47:16.854775808Z\"", "-1", "\"0001-01-01\"")) {
            assertThat(check.apply("{\"n\":" + refused + "}")).as(refused).singleElement().asString().contains("date_nanos field holds dates");
            assertThat(check.apply("{\"@timestamp\":" + refused + "}")).as("a date takes " + refused).isEmpty();
        }
        for (String taken : List.of("\"1970-01-01T00:00:00Z\"", "\"2262-04-11T23:47:16.854775807Z\"", "1700000000000",
                "\"2024-01-01T00:00:00.123456789Z\"")) {
            assertThat(check.apply("{\"n\":" + taken + "}")).as(taken).isEmpty();
        }
        assertThat(check.apply("{\"@timestamp\":\"2024-01-01T00:00:00.0000000001Z\"}")).as("ten fraction digits").hasSize(1);
    }

    @Test
    void eachRefusedValueNamesItsFieldAndType() throws Exception {
        assertThat(problems("""
                {"process":5}""")).containsExactly(
                "process is mapped as object, found the number 5: an object field holds fields, not values");
        assertThat(problems("""
                {"source":{"ip":167772161},"process":{"pid":1e999,"args_count":123456789012345678901234567890,"name":{"a":1}},
                 "dll.code_signature.exists":"yes","event":{"risk_score":"high"}}""")).containsExactly(
                "source.ip is mapped as ip, found the number 167772161: an ip field takes an IPv4 or IPv6 address as a string",
                "process.pid is mapped as long, found a number beyond the range of a double: not a finite number within the range of long",
                "process.args_count is mapped as integer, found the number 123456789012345678901234567890: not a finite number within the range of integer",
                "process.name is mapped as keyword, found an object",
                "dll.code_signature.exists is mapped as boolean, found the string \"yes\": a boolean field takes only true or false",
                "event.risk_score is mapped as float, found the string \"high\": not a finite number within the range of float");
    }

    @Test
    void aPathWithFieldsBelowItIsAnObjectEvenWhenTheSchemaListsLeavesOnly() throws Exception {
        FieldSchema leavesOnly = FieldSchema.of("ecs-like", List.of(new FieldMapping("host.name", "keyword")));
        assertThat(IndexableValues.problems(JSON.readTree("{\"host\":\"web-1\"}"), leavesOnly)).containsExactly(
                "host is mapped as object, found the string \"web-1\": an object field holds fields, not values");
        assertThat(IndexableValues.problems(JSON.readTree("{\"hostname\":\"web-1\"}"), leavesOnly)).isEmpty();
    }

    @Test
    void aLongOfThirtyDigitsIsOutOfRangeEvenAsAString() throws Exception {
        assertThat(problems("{\"process\":{\"pid\":\"123456789012345678901234567890\"}}")).singleElement()
                .satisfies(p -> assertThat(p).startsWith("process.pid is mapped as long"));
        assertThat(problems("{\"process\":{\"pid\":9223372036854775807}}")).isEmpty();
    }

    /** A date field of its own format refuses what the format does not read, as Elasticsearch refuses the event. */
    @Test
    void aDateFieldOfItsOwnFormatRefusesWhatTheFormatDoesNotRead() throws Exception {
        FieldSchema own = FieldSchema.of("mine", List.of(new FieldMapping("app.day", "date").withFormat("dd/MM/yyyy"),
                new FieldMapping("app.other", "date").withFormat("basic_date")));
        assertThat(IndexableValues.problems(JSON.readTree("{\"app\":{\"day\":\"01/02/2024\"}}"), own)).isEmpty();
        assertThat(IndexableValues.problems(JSON.readTree("{\"app\":{\"day\":\"30/02/2024\"}}"), own)).singleElement()
                .satisfies(p -> assertThat(p).isEqualTo("app.day is mapped as date, found the string \"30/02/2024\": the"
                        + " field's format \"dd/MM/yyyy\" does not read it"));
        assertThat(IndexableValues.problems(JSON.readTree("{\"app\":{\"day\":\"2024-02-01\"}}"), own)).hasSize(1);
        // a built-in format ruleforge does not read refuses nothing here (its queries say they cannot be decided)
        assertThat(IndexableValues.problems(JSON.readTree("{\"app\":{\"other\":\"whatever\"}}"), own)).isEmpty();
    }

    /** @timestamp in the default format, or in the mapping's own format when it gives one. */
    @Test
    void aTimestampIsCheckedInTheDefaultFormatUnlessTheMappingGivesItsOwn() throws Exception {
        FieldSchema defaultFormat = FieldSchema.of("ecs", List.of(new FieldMapping("@timestamp", "date")));
        FieldSchema ownFormat = FieldSchema.of("mine", List.of(new FieldMapping("@timestamp", "date").withFormat("yyyy-MM-dd HH:mm:ss")));
        String spaced = "{\"@timestamp\":\"2024-05-01 12:00:00\"}";
        assertThat(IndexableValues.problems(JSON.readTree(spaced), defaultFormat)).singleElement()
                .satisfies(p -> assertThat(p).startsWith("@timestamp is mapped as date, found the string \"2024-05-01 12:00:00\""));
        assertThat(IndexableValues.problems(JSON.readTree(spaced), ownFormat)).isEmpty();
        // a number with a fraction: how Elasticsearch reads it is not modelled, so it is not refused
        for (String fine : List.of("\"2024-05-01T12:00:00Z\"", "\"2024-05-01\"", "1714564800000", "1714564800000.5", "\"1714564800000\"")) {
            assertThat(IndexableValues.problems(JSON.readTree("{\"@timestamp\":" + fine + "}"), defaultFormat)).as(fine).isEmpty();
        }
    }

    /**
     * Elasticsearch 8.19.21 refuses "" and " " in any date field and " 2024-01-01" / "+2024-01-01" in one of the default
     * format (probe26 finding 8: PUT {"event":{"created":""}} -> "failed to parse field [event.created] of type [date]";
     * {"@timestamp":" 2024-01-01"} and {"@timestamp":"+2024-01-01"} likewise).
     */
    @Test
    void aDateFieldRefusesBlankAndPaddedOrPlusSignedDates() throws Exception {
        FieldSchema dates = FieldSchema.of("ecs", List.of(new FieldMapping("@timestamp", "date"),
                new FieldMapping("event.created", "date")));
        for (String refused : List.of("{\"event\":{\"created\":\"\"}}", "{\"event\":{\"created\":\" \"}}",
                "{\"@timestamp\":\" 2024-01-01\"}", "{\"@timestamp\":\"+2024-01-01\"}", "{\"@timestamp\":\"\"}")) {
            assertThat(IndexableValues.problems(JSON.readTree(refused), dates)).as(refused).hasSize(1);
        }
        assertThat(IndexableValues.problems(JSON.readTree("{\"event\":{\"created\":\"\"}}"), dates)).containsExactly(
                "event.created is mapped as date, found the string \"\": a date field has no empty value");
        assertThat(IndexableValues.problems(JSON.readTree("{\"@timestamp\":\"-2024-01-01\",\"event\":{\"created\":\"2024-01-01\"}}"),
                dates)).isEmpty();
        // a format of its own is not trimmed either
        FieldSchema own = FieldSchema.of("mine", List.of(new FieldMapping("app.day", "date").withFormat("dd/MM/yyyy")));
        assertThat(IndexableValues.problems(JSON.readTree("{\"app\":{\"day\":\" 01/02/2024\"}}"), own)).hasSize(1);
    }

    /**
     * Elasticsearch 8.19.21 (probe26 finding 6 and a re-run): {".process.name":…}, {"process..name":…} and
     * {"process":{".name":…}} refused ("field name cannot contain only whitespace"), {".":…} ("cannot contain only
     * dots"), {"":…} ("cannot be an empty string"), {"x. ":…} ("field name starting or ending with a [.] makes object
     * resolution ambiguous"); {"process.name.":…}, {"process":{"name.":…}}, {"process.":{"name":…}} indexed as
     * process.name, and {"process":{"pid.":" 5"}} refused as a long ("For input string: \" 5\"").
     */
    @Test
    void fieldNamesAreSplitAtTheirDotsAsElasticsearchSplitsThem() throws Exception {
        assertThat(problems("{\".process.name\":\"a\"}")).containsExactly(
                "the field name \".process.name\" is refused: field name cannot contain only whitespace");
        assertThat(problems("{\"process\":{\".name\":\"a\"}}")).containsExactly(
                "the field name \".name\" in process is refused: field name cannot contain only whitespace");
        for (String refused : List.of("{\"process..name\":\"a\"}", "{\".\":\"a\"}", "{\"\":\"a\"}", "{\"x. \":\"a\"}",
                "{\" \":\"a\"}", "{\"unmapped\":{\"..\":1}}")) {
            assertThat(problems(refused)).as(refused).hasSize(1);
        }
        for (String fine : List.of("{\"process.name.\":\"a\"}", "{\"process\":{\"name.\":\"a\"}}", "{\"process.\":{\"name\":\"a\"}}",
                "{\"process. name\":\"a\"}")) {
            assertThat(problems(fine)).as(fine).isEmpty();
        }
        assertThat(problems("{\"process\":{\"pid.\":\" 5\"}}")).singleElement()
                .satisfies(p -> assertThat(p).startsWith("process.pid is mapped as long"));
    }
}
