package io.ruleforge.evaluate.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * New terms alerts, as Kibana's new_terms executor decides them in its three phases: (1) the values — for several
 * fields, the combinations, one per value of each field (arrays give each value) — of the events the query returns
 * in the rule window; (2) for each, the first time it is seen from {@code history_window_start} (resolved against
 * the window's end) to the window's end, and it is new only when that first time is after the window's start
 * ({@code first_seen > from}, strictly: a value seen exactly at the window's start is not new); (3) one alert per new
 * term, built from its earliest event in the window. An event lacking one of the fields has no terms.
 */
final class NewTermsAlerts {

    private NewTermsAlerts() {
    }

    static List<Alert> alerts(AlertRuleSpec.NewTerms newTerms, List<StreamEvent> matched, Instant from, Instant to,
                              Instant historyStart, GroupKeys keys) {
        // the composite's order (by each field's type), in which max_signals keeps the first
        Map<Map<String, String>, StreamEvent> firstInWindow = new TreeMap<>(keys);
        Map<Map<String, String>, Instant> firstSeen = new TreeMap<>(keys);
        for (StreamEvent event : matched) {
            Instant t = event.timestamp();
            if (t.isBefore(historyStart) || t.isAfter(to)) {
                continue;
            }
            boolean inWindow = !t.isBefore(from);
            for (Map<String, String> terms : keys.combinations(event.document(), newTerms.fields(), false)) {
                firstSeen.merge(terms, t, (a, b) -> a.isBefore(b) ? a : b);
                if (inWindow) {
                    firstInWindow.merge(terms, event, (a, b) -> b.timestamp().isBefore(a.timestamp()) ? b : a);
                }
            }
        }
        List<Alert> alerts = new ArrayList<>();
        firstInWindow.forEach((terms, event) -> {
            if (firstSeen.get(terms).isAfter(from)) {
                alerts.add(new Alert(new LinkedHashMap<>(terms), 1, OptionalLong.empty(), 0, List.of(event.index())));
            }
        });
        return alerts;
    }
}
