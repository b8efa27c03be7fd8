package io.ruleforge.evaluate.eql;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Date values as epoch milliseconds: ISO-8601 text (offset optional, UTC assumed) or epoch-millis numbers. */
final class Timestamps {

    private Timestamps() {
    }

    /** Null when the value is not a date. */
    static Long millis(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Double d) {
            return d.longValue();
        }
        if (!(value instanceof String s) || s.isBlank()) {
            return null;
        }
        String text = s.strip();
        if (text.chars().allMatch(Character::isDigit)) {
            return text.length() <= 18 ? Long.parseLong(text) : null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
                } catch (DateTimeParseException notADate) {
                    try {
                        return Instant.parse(text).toEpochMilli();
                    } catch (DateTimeParseException e) {
                        return null;
                    }
                }
            }
        }
    }
}
