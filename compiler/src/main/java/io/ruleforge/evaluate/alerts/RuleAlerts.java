package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.DateValues;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The entry point of the stage: the alerts one run of a rule writes at a moment, from the verdicts of its query on
 * a stream. The window is {@code from}…{@code to} resolved against the run's moment, both ends inclusive (Kibana
 * searches {@code gte from, lte to}); then the rule type decides (query rules: one alert per event returned;
 * threshold: {@link ThresholdAlerts}; new_terms: {@link NewTermsAlerts}), {@link AlertSuppression} groups, and
 * {@code max_signals} caps the alerts, the first ones in the executor's order kept. EQL rules, whose query runs over
 * the window as a whole (sequences), have their own entry point: {@link EqlAlerts}.
 */
public final class RuleAlerts {

    private static final List<String> DATE_MATH_FORMATS = DateValues.DEFAULT_FORMATS;

    private RuleAlerts() {
    }

    /** Whether ruleforge reproduces the alerts of this rule type. */
    public static boolean supports(AlertRuleSpec spec) {
        return switch (spec.type()) {
            case "query", "saved_query", "eql", "threshold", "new_terms" -> true;
            default -> false;
        };
    }

    /**
     * A threshold rule's groups in the window of a run at {@code now}, each with its count, those below the
     * threshold included: what explains a case that expected an alert the run did not write. Empty for other types.
     */
    public static Map<Map<String, String>, Integer> thresholdGroups(AlertRuleSpec spec, List<StreamEvent> stream, Instant now) {
        if (spec.threshold().isEmpty()) {
            return Map.of();
        }
        Instant from = resolve(spec.from(), now);
        Instant to = resolve(spec.to(), now);
        List<StreamEvent> inWindow = stream.stream().filter(StreamEvent::matched).filter(e -> e.within(from, to)).toList();
        return ThresholdAlerts.counts(spec.threshold().get(), inWindow, spec.groupKeys());
    }

    public static AlertRun run(AlertRuleSpec spec, List<StreamEvent> stream, Instant now) {
        Instant from = resolve(spec.from(), now);
        Instant to = resolve(spec.to(), now);
        List<StreamEvent> matched = stream.stream().filter(StreamEvent::matched).toList();
        List<StreamEvent> inWindow = matched.stream()
                .filter(e -> e.within(from, to)).sorted(StreamEvent.searchOrder(spec)).toList();
        Optional<Instant> historyStart = Optional.empty();
        List<Alert> alerts;
        if (spec.threshold().isPresent()) {
            alerts = ThresholdAlerts.alerts(spec.threshold().get(), inWindow, spec.groupKeys());
        } else if (spec.newTerms().isPresent()) {
            historyStart = Optional.of(resolve(spec.newTerms().get().historyWindowStart(), to));
            alerts = NewTermsAlerts.alerts(spec.newTerms().get(), matched, from, to, historyStart.get(), spec.groupKeys());
        } else {
            alerts = new ArrayList<>();
            for (StreamEvent e : inWindow) {
                alerts.add(new Alert(new LinkedHashMap<>(), 1, OptionalLong.empty(), 0, List.of(e.index())));
            }
        }
        return finish(spec, alerts, stream, from, to, historyStart);
    }

    /**
     * The last steps of a run, whoever grouped its alerts (this class, or a cluster's aggregations through an
     * {@link AlertSearch}): alert suppression, then the {@code max_signals} cap.
     *
     * @param alerts the alerts of the rule type, in the executor's order, each naming the event it is built from first
     */
    public static AlertRun finish(AlertRuleSpec spec, List<Alert> alerts, List<StreamEvent> stream, Instant from, Instant to,
                                  Optional<Instant> historyStart) {
        // Threshold rules write one alert per group already; their duration only suppresses across runs.
        if (spec.suppression().isPresent() && spec.threshold().isEmpty()) {
            if (!spec.type().equals("query") && !spec.type().equals("saved_query")) {
                AlertSuppression.Cut cut = AlertSuppression.inMemory(spec.suppression().get(), alerts, stream, spec.maxSignals(), spec.groupKeys());
                return new AlertRun(cut.alerts(), from, to, historyStart, cut.capped());
            }
            // a query rule groups by the composite aggregation (a group per value of an array) with or without a
            // duration: groupAndBulkCreate is its only suppression path
            alerts = AlertSuppression.apply(spec.suppression().get(), alerts, stream, spec.groupKeys());
        }
        int capped = Math.max(0, alerts.size() - spec.maxSignals());
        if (capped > 0) {
            alerts = alerts.subList(0, spec.maxSignals());
        }
        return new AlertRun(alerts, from, to, historyStart, capped);
    }

    /** Date math ({@code now-5m}) or a date, resolved against {@code now} as the executor does. */
    public static Instant resolve(String expression, Instant now) {
        return DateValues.resolve(expression, DATE_MATH_FORMATS, ZoneOffset.UTC, false, now);
    }
}
