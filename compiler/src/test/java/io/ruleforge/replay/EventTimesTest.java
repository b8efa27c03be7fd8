package io.ruleforge.replay;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class EventTimesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleTimestamp INGESTED = new RuleTimestamp("event.ingested", Optional.of("@timestamp"));

    private static long millis(String event) throws IOException {
        return EventTimes.millis(JSON.readTree(event));
    }

    @Test
    void readsTheTimesEventsCarry() throws IOException {
        long expected = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();
        assertThat(millis("{\"@timestamp\":\"2026-11-23T12:00:00Z\"}")).isEqualTo(expected);
        assertThat(millis("{\"@timestamp\":\"2026-11-23T13:00:00+01:00\"}")).isEqualTo(expected);
        assertThat(millis("{\"@timestamp\":" + expected + "}")).isEqualTo(expected);
        assertThat(millis("{\"@timestamp\":\"" + expected + "\"}")).isEqualTo(expected);
        assertThat(millis("{\"@timestamp\":\"yesterday\"}")).isEqualTo(EventTimes.NONE);
        // as the alert model reads a date field of the default format: a date alone; not a number with a fraction,
        // nor what Instant.parse alone would take and Elasticsearch refuses (lower case t or z, a leap second)
        assertThat(millis("{\"@timestamp\":\"2026-11-23\"}")).isEqualTo(Instant.parse("2026-11-23T00:00:00Z").toEpochMilli());
        assertThat(millis("{\"@timestamp\":\"2026-11-23T12:00:00.123456Z\"}")).isEqualTo(expected + 123);
        for (String refused : new String[] {expected + ".5", "true", "\"2026-11-23t12:00:00z\"", "\"2026-11-23T23:59:60Z\"",
                "\"2024-02-30T12:00:00Z\""}) {
            assertThat(millis("{\"@timestamp\":" + refused + "}")).as(refused).isEqualTo(EventTimes.NONE);
        }
    }

    /** A time no run can be scheduled at is no time: counted as such, never an overflow in the schedule. */
    @Test
    void timesBeyondWhatAScheduleCanPlaceAreNone() throws IOException {
        for (String value : new String[] {"99999999999999999999999", "\"99999999999999999999999\"", "9223372036854775807",
                "-9223372036854775808", "1e300", "\"+999999999-12-31T23:59:59Z\"", "\"+10000-01-01T00:00:00Z\"", "253402300800000"}) {
            assertThat(millis("{\"@timestamp\":" + value + "}")).as(value).isEqualTo(EventTimes.NONE);
            assertThat(EventTimes.millis(JSON.readTree("{\"event\":{\"ingested\":" + value + "}}"), INGESTED)).as(value)
                    .isEqualTo(EventTimes.NONE);
        }
        assertThat(millis("{\"@timestamp\":253402300799999}")).isEqualTo(Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli());
        assertThat(millis("{\"@timestamp\":\"0000-01-01T00:00:00Z\"}")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z").toEpochMilli());
    }

    @Test
    void theUsualFormIsToldApartCharacterByCharacter() {
        for (String plain : new String[] {"2024-05-01T12:00:00Z", "2024-05-01T12:00:59.1Z", "2024-05-01T12:00:00.123456789Z"}) {
            assertThat(EventTimes.isPlainUtc(plain)).as(plain).isTrue();
        }
        for (String other : new String[] {"2024-05-01t12:00:00Z", "2024-05-01T12:00:00z", "2024-05-01T12:00:60Z", "2024-05-01T12:00:00.Z",
                "2024-05-01T12:00:00+01:00", "2024-05-01", "2024-05-01T12:00:0xZ", "2024-05-01T12:00:00.1234567890Z", "+2024-05-01T12:00:00Z"}) {
            assertThat(EventTimes.isPlainUtc(other)).as(other).isFalse();
        }
    }
}
