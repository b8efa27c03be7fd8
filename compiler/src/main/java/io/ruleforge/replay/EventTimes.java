package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.fields.DateValues;
import io.ruleforge.evaluate.alerts.RuleTimestamp;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * An event's time for replay: its {@code @timestamp} (as Elasticsearch reads a date of the default format: ISO 8601
 * text, epoch milliseconds), or a rule's
 * {@code timestamp_override} falling back to it ({@link RuleTimestamp}), or none.
 */
final class EventTimes {

    static final long NONE = Long.MIN_VALUE;
    /** The years replay places events in, 0000 to 9999 (ISO 8601's four-digit years); other times count as none. */
    static final long FIRST_PLACEABLE = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
    static final long LAST_PLACEABLE = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();

    private EventTimes() {
    }

    /** Epoch milliseconds, or {@link #NONE} when the event has no readable {@code @timestamp}. */
    static long millis(JsonNode event) {
        return millis(event, RuleTimestamp.DEFAULT);
    }

    /**
     * The event's time on a rule's clock: on {@code @timestamp}'s, {@link #millis(JsonNode)}; on an override's, as the
     * alert model reads it ({@link RuleTimestamp#time}: the override, else the fallback), so that replay places and
     * orders events as the test stage does; {@link #NONE} when neither is readable.
     */
    static long millis(JsonNode event, RuleTimestamp time) {
        long millis = time.overridden() ? time.millis(event, NONE) : millis(event, RuleTimestamp.TIMESTAMP);
        // a time Elasticsearch may index (epoch milliseconds up to the year 292,278,994) but no schedule can reach
        return millis < FIRST_PLACEABLE || millis > LAST_PLACEABLE ? NONE : millis;
    }

    private static long millis(JsonNode event, String field) {
        List<JsonNode> values = EventFields.values(event, field);
        if (values.isEmpty()) {
            return NONE;
        }
        JsonNode v = values.get(0);
        if (v.isTextual() && PLAIN_UTC.matcher(v.textValue()).matches()) {
            try {
                return Instant.parse(v.textValue()).toEpochMilli(); // the usual form, read without the general parser
            } catch (DateTimeParseException | ArithmeticException notADate) {
                return NONE; // e.g. 2024-02-30: no date for the general parser either
            }
        }
        return DateValues.parseDocumentValue(v).map(span -> span.earliest().toEpochMilli()).orElse(NONE);
    }

    /**
     * The form most events carry, {@code 2024-05-01T12:00:00.123Z}, which {@link Instant#parse} reads as
     * strict_date_optional_time does; {@code Instant.parse} alone would also take a lower-case {@code t} or {@code z}
     * and a leap second, which Elasticsearch refuses.
     */
    private static final java.util.regex.Pattern PLAIN_UTC = java.util.regex.Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:[0-5]\\d(\\.\\d{1,9})?Z");

}
