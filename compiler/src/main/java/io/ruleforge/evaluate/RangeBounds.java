package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The bounds of a {@code range} query plus the date options that apply to them. A null bound is open.
 *
 * @param formats the query's {@code format} (null: use the field's)
 * @param now     the instant {@code now} stands for in date math
 */
record RangeBounds(JsonNode lower, boolean includeLower, JsonNode upper, boolean includeUpper,
                   ZoneId zone, List<String> formats, Instant now) {

    /**
     * A test for values within the bounds. {@code convert} turns a bound into the field's value space (its boolean
     * says whether date math must round up: {@code gt} and {@code lte} do); bounds are converted at once so that a
     * bound ES cannot parse is reported even when the event has no value.
     */
    <T> Predicate<T> matcher(Comparator<T> order, BiFunction<JsonNode, Boolean, T> convert) {
        T low = lower == null ? null : convert.apply(lower, !includeLower);
        T high = upper == null ? null : convert.apply(upper, includeUpper);
        return value -> {
            if (low != null) {
                int c = order.compare(value, low);
                if (c < 0 || (c == 0 && !includeLower)) {
                    return false;
                }
            }
            if (high != null) {
                int c = order.compare(value, high);
                return c < 0 || (c == 0 && includeUpper);
            }
            return true;
        };
    }

    String describe() {
        StringBuilder sb = new StringBuilder();
        if (lower != null) {
            sb.append(includeLower ? ">=" : ">").append(lower.asText());
        }
        if (upper != null) {
            sb.append(sb.isEmpty() ? "" : " ").append(includeUpper ? "<=" : "<").append(upper.asText());
        }
        return sb.isEmpty() ? "(unbounded)" : sb.toString();
    }
}
