package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.EventFields;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The values a {@code terms} source of a composite aggregation sees in an event's field: every scalar of the field
 * (each value of an array, deduplicated as doc values are), none when it is missing or null. Values are compared as
 * text; numbers in their plain form ({@code 5}, not {@code 5.0}).
 */
final class TermValues {

    private TermValues() {
    }

    static List<String> of(JsonNode document, String field) {
        TreeSet<String> values = new TreeSet<>();
        for (JsonNode value : EventFields.values(document, field)) {
            if (value.isValueNode() && !value.isNull()) {
                values.add(text(value));
            }
        }
        return List.copyOf(values);
    }

    static String text(JsonNode value) {
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return number.scale() <= 0 ? number.toBigInteger().toString() : number.toPlainString();
        }
        return value.asText();
    }

    /**
     * Every combination of values of {@code fields} (one per field) the event has, as a composite aggregation makes
     * buckets: none when a field is missing (no {@code missing_bucket}); with {@code missingAsNull}, a missing field
     * gives one {@code null} value instead ({@code missing_bucket: true}).
     */
    static List<Map<String, String>> combinations(JsonNode document, List<String> fields, boolean missingAsNull) {
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (String field : fields) {
            List<String> values = new ArrayList<>(of(document, field));
            if (values.isEmpty()) {
                if (!missingAsNull) {
                    return List.of();
                }
                values.add(null);
            }
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> prefix : out) {
                for (String value : values) {
                    Map<String, String> combination = new LinkedHashMap<>(prefix);
                    combination.put(field, value);
                    next.add(combination);
                }
            }
            out = next;
        }
        return out;
    }
}
