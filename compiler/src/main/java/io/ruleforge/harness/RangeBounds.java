package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiFunction;

/**
 * The bounds of a {@code range} query plus the date options that apply to them. A null bound is open.
 *
 * @param formats the query's {@code format} (null: use the field's)
 * @param now     the instant {@code now} stands for in date math
 */
record RangeBounds(JsonNode lower, boolean includeLower, JsonNode upper, boolean includeUpper,
                   ZoneId zone, List<String> formats, Instant now) {

    /**
     * Whether a value lies within the bounds. {@code convert} turns a bound into the field's value space; its
     * boolean says whether the bound must be rounded up (date math: {@code gt} and {@code lte} round up).
     */
    <T> boolean contains(T value, Comparator<T> order, BiFunction<JsonNode, Boolean, T> convert) {
        if (lower != null) {
            int c = order.compare(value, convert.apply(lower, !includeLower));
            if (c < 0 || (c == 0 && !includeLower)) {
                return false;
            }
        }
        if (upper != null) {
            int c = order.compare(value, convert.apply(upper, includeUpper));
            return c < 0 || (c == 0 && includeUpper);
        }
        return true;
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
