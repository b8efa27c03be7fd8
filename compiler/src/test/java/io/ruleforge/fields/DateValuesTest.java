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
}
