package io.ruleforge.fields;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class DateValuesTest {

    private static Instant upperBound(String text) {
        return DateValues.resolve(text, DateValues.DEFAULT_FORMATS, ZoneOffset.UTC, true, Instant.EPOCH);
    }

    /**
     * An {@code lte} bound is parsed rounding missing fields up (Elasticsearch's date math parser with
     * {@code roundUp}): a window end written without milliseconds would take in the next 999 of them.
     */
    @Test
    void aWindowEndWrittenWithItsMillisecondsIsNotRoundedUp() {
        Instant end = Instant.parse("2024-05-01T11:59:00Z");
        // missing fields rounded up to their largest value (a date field then keeps the milliseconds: .999)
        assertThat(upperBound(end.toString())).isEqualTo(Instant.parse("2024-05-01T11:59:00.999999999Z"));
        assertThat(DateValues.isoMillis(end)).isEqualTo("2024-05-01T11:59:00.000Z");
        assertThat(upperBound(DateValues.isoMillis(end))).isEqualTo(end);
        assertThat(DateValues.isoMillis(Instant.parse("2024-05-01T11:59:00.123456Z"))).isEqualTo("2024-05-01T11:59:00.123Z");
    }

    /**
     * A date written in part rounds up as Elasticsearch's round-up parser reads it: the time fields it leaves out at
     * their largest, the month and day it leaves out at their first — not to the end of the year or month. Seen on
     * Elasticsearch 8.19.21 by a black-box probe: {@code @timestamp <= "2024-05"} does not find 15 May,
     * {@code @timestamp > "2024-05"} does, and {@code @timestamp:2024} finds 1 January only.
     */
    @Test
    void aPartialIsoDateRoundsUpItsTimeNotItsMonthOrDay() {
        assertThat(upperBound("2024")).isEqualTo(Instant.parse("2024-01-01T23:59:59.999999999Z"));
        assertThat(upperBound("2024-05")).isEqualTo(Instant.parse("2024-05-01T23:59:59.999999999Z"));
        assertThat(upperBound("2024-05-15")).isEqualTo(Instant.parse("2024-05-15T23:59:59.999999999Z"));
        assertThat(upperBound("2024-05-15T10")).isEqualTo(Instant.parse("2024-05-15T10:59:59.999999999Z"));
        assertThat(upperBound("2024-05-15T10:30")).isEqualTo(Instant.parse("2024-05-15T10:30:59.999999999Z"));
        assertThat(upperBound("2024-05-15T10:30:00.5Z")).isEqualTo(Instant.parse("2024-05-15T10:30:00.500Z"));
        // rounding down is unchanged: the first instant written
        assertThat(DateValues.resolve("2024-05", DateValues.DEFAULT_FORMATS, ZoneOffset.UTC, false, Instant.EPOCH))
                .isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    }

    /**
     * A date field of the default format reads no slashed date (Elasticsearch 8.19.21: "failed to parse date field"
     * for {@code @timestamp >= "2024/01/01"}); a field dynamic mapping detected by the slashed format reads them, and
     * no ISO date (a review and a black-box probe found both the other way round).
     */
    @Test
    void onlyAFieldDetectedBySlashedDatesReadsThem() {
        assertThat(DateValues.isQueryable("2024/01/01")).isFalse();
        assertThat(DateValues.isQueryable("2024-01-01")).isTrue();
        DateValues.Formats slashed = DateValues.detectedDateFormats("2024/01/01").orElseThrow();
        assertThat(DateValues.parse("2024/01/01 10:00:00", slashed, ZoneOffset.UTC)).isPresent();
        assertThat(DateValues.parse("2024-01-01", slashed, ZoneOffset.UTC)).isEmpty();
        assertThat(DateValues.detectedDateFormats("2024-01-01")).containsSame(DateValues.DEFAULT);
    }

    /** Elasticsearch keeps a date as epoch milliseconds in a long and refuses a number beyond it ("failed to parse"). */
    @Test
    void epochMillisBeyondALongAreNoDate() {
        java.util.List<String> epoch = java.util.List.of("epoch_millis");
        assertThat(DateValues.parse("9223372036854775807", epoch, ZoneOffset.UTC)).map(DateValues.DateSpan::earliest)
                .contains(Instant.ofEpochMilli(Long.MAX_VALUE));
        assertThat(DateValues.parse("-9223372036854775808", epoch, ZoneOffset.UTC)).map(DateValues.DateSpan::earliest)
                .contains(Instant.ofEpochMilli(Long.MIN_VALUE));
        assertThat(DateValues.parse("9223372036854775808", epoch, ZoneOffset.UTC)).isEmpty();
        assertThat(DateValues.parse("99999999999999999999999", epoch, ZoneOffset.UTC)).isEmpty();
        assertThat(DateValues.parse("9223372036854775807", java.util.List.of("epoch_second"), ZoneOffset.UTC)).isEmpty();
        assertThat(DateValues.parse("1714564800.5", java.util.List.of("epoch_second"), ZoneOffset.UTC)).map(DateValues.DateSpan::earliest)
                .contains(Instant.parse("2024-05-01T12:00:00.500Z"));
    }

    /**
     * A Java pattern is read as Elasticsearch 8.19 reads it (checked against it: EngineDifferentialIT): strictly, with
     * what it leaves out filled in, and rounded up over the time fields it leaves out — not the date fields.
     */
    @Test
    void aPatternIsReadStrictlyWithWhatItLeavesOutFilledIn() {
        java.util.List<String> spaced = java.util.List.of("yyyy-MM-dd HH:mm:ss");
        assertThat(DateValues.parse("2024-01-01 10:00:00", spaced, ZoneOffset.UTC)).contains(new DateValues.DateSpan(
                Instant.parse("2024-01-01T10:00:00Z"), Instant.parse("2024-01-01T10:00:00.999999999Z")));
        assertThat(DateValues.parse("2024-02-30 10:00:00", spaced, ZoneOffset.UTC)).isEmpty();
        assertThat(DateValues.parse("2024-01-01 24:00:00", spaced, ZoneOffset.UTC)).isEmpty();
        assertThat(DateValues.parse("2024-01-01", spaced, ZoneOffset.UTC)).isEmpty();
        // no year: 1970's, where 29 February is no date
        java.util.List<String> syslog = java.util.List.of("MMM d HH:mm:ss");
        assertThat(DateValues.parse("Jan 5 10:00:00", syslog, ZoneOffset.UTC)).map(DateValues.DateSpan::earliest)
                .contains(Instant.parse("1970-01-05T10:00:00Z"));
        assertThat(DateValues.parse("Feb 29 10:00:00", syslog, ZoneOffset.UTC)).isEmpty();
        // "2024-01" rounds up to 1 January 23:59:59.999, not to the month's end
        assertThat(DateValues.parse("2024-01", java.util.List.of("yyyy-MM"), ZoneOffset.UTC)).contains(new DateValues.DateSpan(
                Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-01T23:59:59.999999999Z")));
        // a zone the pattern leaves out is the query's
        assertThat(DateValues.parse("2024-01-01 10:00:00", spaced, java.time.ZoneId.of("+01:00")))
                .map(DateValues.DateSpan::earliest).contains(Instant.parse("2024-01-01T09:00:00Z"));
    }

    /** Elasticsearch refuses a mapping whose format is neither a built-in name (either spelling) nor a Java pattern. */
    @Test
    void formatsElasticsearchRefusesAreNamed() {
        assertThat(DateValues.formatProblem("yyyy-MM-dd HH:mm:ss||strict_date_optional_time||epoch_second")).isEmpty();
        assertThat(DateValues.formatProblem("basic_date||basicDateTime||weekyear||strictDateOptionalTime")).isEmpty();
        assertThat(DateValues.formatProblem("yyyy-MM-ddTHH:mm")).hasValueSatisfying(p -> assertThat(p)
                .contains("\"yyyy-MM-ddTHH:mm\"").contains("Unknown pattern letter: T"));
        assertThat(DateValues.formatProblem("yyyy||")).hasValueSatisfying(p -> assertThat(p).contains("empty format"));
        assertThat(DateValues.formatProblem("bogus_named")).isPresent();
    }

    /** A built-in format ruleforge does not read is said to be one, never read as something else or refused. */
    @Test
    void aBuiltInFormatRuleforgeDoesNotReadIsNotModelled() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DateValues.parse("20240101", java.util.List.of("basic_date"),
                ZoneOffset.UTC)).isInstanceOf(NotModelledException.class).hasMessageContaining("\"basic_date\"");
        assertThat(DateValues.parse("2024-01-01T10:00:00Z", java.util.List.of("strictDateOptionalTime"), ZoneOffset.UTC))
                .map(DateValues.DateSpan::earliest).contains(Instant.parse("2024-01-01T10:00:00Z"));
        assertThat(DateValues.isQueryable("20240101", java.util.List.of("basic_date"))).isTrue();
    }

    /** An epoch without a fraction covers its unit (Elasticsearch's round-up); with one it is exact. */
    @Test
    void anEpochSecondCoversItsSecond() {
        java.util.List<String> seconds = java.util.List.of("epoch_second");
        assertThat(DateValues.parse("1714557600", seconds, ZoneOffset.UTC)).contains(new DateValues.DateSpan(
                Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:00:00.999999999Z")));
        assertThat(DateValues.parse("1714557600.5", seconds, ZoneOffset.UTC)).contains(new DateValues.DateSpan(
                Instant.parse("2024-05-01T10:00:00.500Z"), Instant.parse("2024-05-01T10:00:00.500Z")));
        // epoch_millis covers its millisecond: on a date_nanos field lte 1714557600000 takes in .000500000 (Elasticsearch 8.19)
        assertThat(DateValues.parse("1714557600000", java.util.List.of("epoch_millis"), ZoneOffset.UTC)).contains(
                new DateValues.DateSpan(Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T10:00:00.000999999Z")));
    }

    private static boolean indexed(String text) {
        return DateValues.parseDocumentValue(com.fasterxml.jackson.databind.node.TextNode.valueOf(text)).isPresent();
    }

    /**
     * A document's date in the default format (strict_date_optional_time||epoch_millis) is read as written. Elasticsearch
     * 8.19.21 (PUT {"d": ...} into a date field): "", " ", " 2024-01-01", "2024-01-01 ", " 1704067200000",
     * "1704067200000 ", "+2024-01-01", "+1704067200000", "12024-01-01" refused; "-2024-01-01", "2024", "20240101",
     * "1704067200000", "-1" indexed. Probe26 repro.out: PUT {"event":{"created":""}} and {"event":{"created":"+2024-01-01"}}
     * -> "failed to parse field [event.created] of type [date]".
     */
    @Test
    void aDocumentDateIsReadAsWrittenInTheDefaultFormat() {
        for (String refused : new String[] {"", " ", " 2024-01-01", "2024-01-01 ", " 1704067200000", "1704067200000 ",
                "+2024-01-01", "+1704067200000", "12024-01-01", "2024-1-1", "2024-01-01t00:00:00z"}) {
            assertThat(indexed(refused)).as("\"" + refused + "\"").isFalse();
        }
        for (String taken : new String[] {"-2024-01-01", "2024", "20240101", "1704067200000", "-1", "2024-01-01",
                "2024-01-01T00:00:00,5Z", "2024-01-01T00:00:00+01"}) {
            assertThat(indexed(taken)).as(taken).isTrue();
        }
    }
}
