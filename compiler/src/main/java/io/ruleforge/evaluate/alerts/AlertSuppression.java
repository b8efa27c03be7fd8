package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.alerts.AlertRuleSpec.Suppression;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alert suppression within one run, as Kibana groups alerts: by the values of {@code group_by} in the event an
 * alert is built from, one alert per group whose {@code kibana.alert.suppression.docs_count} counts the others.
 * With {@code missing_fields_strategy = suppress} a missing field is a {@code null} value of the key, and those
 * events group together; with {@code doNotSuppress} an event missing any group field alerts on its own (a query
 * rule: after the groups; suppressed in memory: before them). A query rule groups with a composite aggregation (with
 * or without a duration), so an array puts the event in a group per value, groups in key order with a missing value
 * last; for other types the whole value is the key. Across runs (a duration, or overlapping windows)
 * {@link AlertRuns} carries the alerts of earlier runs.
 */
final class AlertSuppression {

    private AlertSuppression() {
    }

    /**
     * @param alerts    the alerts the rule would write unsuppressed, each built from its first event
     * @param documents the stream, to read group values from the events
     * @param groupKeys the groups' keys and order
     * @return a query rule's alerts grouped as its composite aggregation groups them (a group per array value)
     */
    static List<Alert> apply(Suppression suppression, List<Alert> alerts, List<StreamEvent> documents,
                             GroupKeys groupKeys) {
        List<Alert> out = new ArrayList<>();
        for (Group group : groups(suppression, alerts, documents, true, groupKeys)) {
            out.add(group.members().get(0).withSuppression(group.key(), group.suppressible() ? group.members().size() - 1 : 0));
        }
        return out;
    }

    /** Alerts in the order written, and how many {@code max_signals} left out. */
    record Cut(List<Alert> alerts, int capped) {
    }

    /**
     * A run's alerts suppressed in memory (new_terms: {@code executeBulkCreateAlerts}), in the order Kibana writes
     * them and cut as it cuts them: the alerts missing a group field first, at most {@code maxSignals}; then the groups
     * in {@code suppressAlertsInMemory}'s order — by suppression start, the earliest of their events — at most what
     * is left, where nothing left is no limit ({@code alertWithSuppression} cuts only when {@code maxAlerts} is not 0).
     */
    static Cut inMemory(Suppression suppression, List<Alert> alerts, List<StreamEvent> documents, int maxSignals,
                        GroupKeys groupKeys) {
        List<Alert> unsuppressed = new ArrayList<>();
        List<Group> suppressible = new ArrayList<>();
        for (Group group : groups(suppression, alerts, documents, false, groupKeys)) {
            if (group.suppressible()) {
                suppressible.add(group);
            } else {
                unsuppressed.add(group.members().get(0).withSuppression(group.key(), 0));
            }
        }
        int capped = Math.max(0, unsuppressed.size() - maxSignals);
        List<Alert> out = new ArrayList<>(unsuppressed.subList(0, Math.min(maxSignals, unsuppressed.size())));
        suppressible.sort(Comparator.comparing(g -> g.members().stream().map(a -> documents.get(a.events().get(0)).timestamp())
                .min(Instant::compareTo).orElseThrow()));
        int limit = maxSignals - out.size();
        int written = 0;
        for (Group group : suppressible) {
            if (limit > 0 && written == limit) {
                capped++;
                continue;
            }
            out.add(group.members().get(0).withSuppression(group.key(), group.members().size() - 1));
            written++;
        }
        return new Cut(out, capped);
    }

    /**
     * A suppression group: its key and the alerts in it, the first one the alert is built from. An alert missing a
     * group field under {@code doNotSuppress} is a group of its own that is not {@code suppressible}.
     */
    record Group(Map<String, String> key, List<Alert> members, boolean suppressible) {
    }

    /** The groups in the order Kibana writes their alerts: suppressible groups by key, then the unsuppressible alerts. */
    static List<Group> groups(Suppression suppression, List<Alert> alerts, List<StreamEvent> documents, boolean perValue,
                              GroupKeys groupKeys) {
        // keyed by identity (an array's values joined by NUL, not by the comma they are shown with); shown by text
        Map<Map<String, String>, List<Alert>> groups = new TreeMap<>(groupKeys);
        Map<Map<String, String>, Map<String, String>> shown = new HashMap<>();
        List<Group> unsuppressed = new ArrayList<>();
        for (Alert alert : alerts) {
            JsonNode source = documents.get(alert.events().get(0)).document();
            WholeKey whole = perValue ? null : WholeKey.of(source, suppression.groupBy(), groupKeys);
            List<Map<String, String>> keys = perValue
                    ? groupKeys.combinations(source, suppression.groupBy(), true) : List.of(whole.identity());
            if (!suppression.suppressMissing() && keys.stream().anyMatch(k -> k.containsValue(null))) {
                Map<String, String> text = (whole != null ? whole : WholeKey.of(source, suppression.groupBy(), groupKeys)).text();
                unsuppressed.add(new Group(text, List.of(alert), false));
                continue;
            }
            for (Map<String, String> key : keys) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(alert);
                shown.putIfAbsent(key, perValue ? key : whole.text());
            }
        }
        List<Group> out = new ArrayList<>();
        // a group's alert is built from its earliest event (the composite's top hit sorted by the combined timestamp;
        // in memory, the first by suppression start), whatever order the search returned them in: with a
        // timestamp_override, the events without it come last there
        Comparator<Alert> earliest = Comparator.comparing(a -> documents.get(a.events().get(0)).timestamp());
        groups.forEach((key, members) -> {
            members.sort(earliest);
            out.add(new Group(shown.get(key), members, true));
        });
        out.addAll(unsuppressed);
        return out;
    }

    /** An event's in-memory suppression key ({@link GroupKeys#fieldsApiTerm} per field): what groups it, what is shown. */
    private record WholeKey(Map<String, String> identity, Map<String, String> text) {

        static WholeKey of(JsonNode document, List<String> fields, GroupKeys groupKeys) {
            Map<String, String> identity = new LinkedHashMap<>();
            Map<String, String> text = new LinkedHashMap<>();
            for (String field : fields) {
                GroupKeys.Term term = groupKeys.fieldsApiTerm(document, field);
                identity.put(field, term.text() == null ? null : term.identity());
                text.put(field, term.text());
            }
            return new WholeKey(identity, text);
        }
    }
}
