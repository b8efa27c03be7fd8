package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import io.ruleforge.fields.DateValues;

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
        if (v.isTextual() && isPlainUtc(v.textValue())) {
            try {
                return Instant.parse(v.textValue()).toEpochMilli(); // the usual form, read without the general parser
            } catch (DateTimeParseException | ArithmeticException notADate) {
                return NONE; // e.g. 2024-02-30: no date for the general parser either
            }
        }
        return DateValues.parseDocumentValue(v).map(span -> span.earliest().toEpochMilli()).orElse(NONE);
    }

    /**
     * Whether {@code text} is the form most events carry, {@code 2024-05-01T12:00:00.123Z}, which {@link Instant#parse}
     * reads as strict_date_optional_time does; {@code Instant.parse} alone would also take a lower-case {@code t} or
     * {@code z} and a leap second, which Elasticsearch refuses. Checked character by character: this runs for every
     * event on every clock.
     */
    static boolean isPlainUtc(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || text.charAt(n - 1) != 'Z' || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(17) > '5') {
            return false;
        }
        for (int at : DIGITS) {
            if (!isDigit(text.charAt(at))) {
                return false;
            }
        }
        if (n == 20) {
            return true;
        }
        if (text.charAt(19) != '.' || n == 21) {
            return false;
        }
        for (int at = 20; at < n - 1; at++) {
            if (!isDigit(text.charAt(at))) {
                return false;
            }
        }
        return true;
    }

    private static final int[] DIGITS = {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18};

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

}
