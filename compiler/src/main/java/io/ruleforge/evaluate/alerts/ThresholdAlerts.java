package io.ruleforge.evaluate.alerts;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Threshold alerts, as Kibana's threshold executor decides them: the events the query returns in the window are
 * grouped by a composite aggregation over {@code threshold.field} (one {@code terms} source per field, no missing
 * bucket: an event lacking a field is in no group; an array puts the event in a group per value, and several fields
 * give a group per combination). A group alerts when its count reaches {@code value} ({@code _count >= value}) and,
 * with {@code cardinality}, when the distinct values of that field reach its value. With {@code field = []} every
 * event of the window is one group (the total hits).
 */
final class ThresholdAlerts {

    private ThresholdAlerts() {
    }

    /** @param order the groups' order ({@link GroupKeys}): Kibana keeps the first {@code max_signals} */
    static List<Alert> alerts(AlertRuleSpec.Threshold threshold, List<StreamEvent> inWindow, GroupKeys order) {
        Map<Map<String, String>, List<StreamEvent>> groups = groups(threshold, inWindow, order);
        List<Alert> alerts = new ArrayList<>();
        for (Map.Entry<Map<String, String>, List<StreamEvent>> group : groups.entrySet()) {
            List<StreamEvent> events = group.getValue();
            if (events.size() < threshold.value()) {
                continue;
            }
            OptionalLong cardinality = OptionalLong.empty();
            if (threshold.cardinality().isPresent()) {
                Set<String> distinct = new HashSet<>();
                events.forEach(e -> distinct.addAll(order.compositeKeys(e.document(), threshold.cardinality().get())));
                cardinality = OptionalLong.of(distinct.size());
                if (distinct.size() < threshold.cardinalityValue()) {
                    continue;
                }
            }
            alerts.add(new Alert(new LinkedHashMap<>(group.getKey()), events.size(), cardinality, 0,
                    events.stream().map(StreamEvent::index).toList()));
        }
        return alerts;
    }

    /** Every group of the window with its count, in the executor's order, those below the threshold included. */
    static Map<Map<String, String>, Integer> counts(AlertRuleSpec.Threshold threshold, List<StreamEvent> inWindow, GroupKeys order) {
        Map<Map<String, String>, Integer> counts = new LinkedHashMap<>();
        groups(threshold, inWindow, order).forEach((key, events) -> counts.put(key, events.size()));
        return counts;
    }

    private static Map<Map<String, String>, List<StreamEvent>> groups(AlertRuleSpec.Threshold threshold, List<StreamEvent> inWindow,
                                                                      GroupKeys order) {
        Map<Map<String, String>, List<StreamEvent>> groups = new TreeMap<>(order);
        for (StreamEvent event : inWindow) {
            for (Map<String, String> key : order.combinations(event.document(), threshold.fields(), false)) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
            }
        }
        if (threshold.fields().isEmpty() && inWindow.isEmpty()) {
            groups.clear();
        }
        return groups;
    }
}
