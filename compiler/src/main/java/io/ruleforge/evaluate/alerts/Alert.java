package io.ruleforge.evaluate.alerts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One alert a run writes.
 *
 * @param key         threshold: the group's {@code threshold.field} values; new_terms: the new terms; suppressed
 *                    alerts: the {@code group_by} values ({@code null} for a missing field); a query rule's plain
 *                    alert: empty
 * @param count       threshold: events in the group; otherwise 1
 * @param cardinality threshold with {@code cardinality}: distinct values of its field in the group
 * @param suppressed  events folded into this alert by suppression ({@code kibana.alert.suppression.docs_count})
 * @param events      the stream indexes of the events behind the alert, the one it is built from first
 */
public record Alert(Map<String, String> key, long count, OptionalLong cardinality, long suppressed, List<Integer> events) {

    public Alert {
        key = Collections.unmodifiableMap(new LinkedHashMap<>(key));
        events = List.copyOf(events);
    }

    Alert withSuppression(Map<String, String> groupKey, long folded) {
        return new Alert(groupKey, count, cardinality, folded, events);
    }

    /** The key as reports write it: {@code source.ip=10.0.0.5, user.name=alice}. */
    public String describeKey() {
        if (key.isEmpty()) {
            return "(all events)";
        }
        StringBuilder out = new StringBuilder();
        key.forEach((field, value) -> out.append(out.length() == 0 ? "" : ", ").append(field).append('=')
                .append(value == null ? "(missing)" : value));
        return out.toString();
    }
}
