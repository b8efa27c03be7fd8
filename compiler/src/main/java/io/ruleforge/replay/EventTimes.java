package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.evaluate.alerts.RuleTimestamp;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * An event's time for replay: its {@code @timestamp} (ISO 8601 text or epoch milliseconds), or a rule's
 * {@code timestamp_override} falling back to it ({@link RuleTimestamp}), or none.
 */
final class EventTimes {

    static final long NONE = Long.MIN_VALUE;

    private EventTimes() {
    }

    /** Epoch milliseconds, or {@link #NONE} when the event has no readable {@code @timestamp}. */
    static long millis(JsonNode event) {
        return millis(event, RuleTimestamp.TIMESTAMP);
    }

    /**
     * The event's time on a rule's clock: on {@code @timestamp}'s, {@link #millis(JsonNode)}; on an override's, as the
     * alert model reads it ({@link RuleTimestamp#time}: the override, else the fallback), so that replay places and
     * orders events as the test stage does; {@link #NONE} when neither is readable.
     */
    static long millis(JsonNode event, RuleTimestamp time) {
        return time.overridden() ? time.millis(event, NONE) : millis(event);
    }

    private static long millis(JsonNode event, String field) {
        List<JsonNode> values = EventFields.values(event, field);
        if (values.isEmpty()) {
            return NONE;
        }
        JsonNode v = values.get(0);
        if (v.isNumber()) {
            return v.asLong();
        }
        if (!v.isTextual()) {
            return NONE;
        }
        String text = v.textValue();
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException notInstant) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException notOffset) {
                try {
                    return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException notLocal) {
                    return text.chars().allMatch(Character::isDigit) && !text.isEmpty() ? Long.parseLong(text) : NONE;
                }
            }
        }
    }
}
