package io.ruleforge.replay;

import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * What an alert is about beyond its events, as Kibana records it on the alert: a threshold rule's group and its count
 * ({@code kibana.alert.threshold_result}), a new terms rule's new values ({@code kibana.alert.new_terms}), a suppressed
 * alert's group and the events folded into it ({@code kibana.alert.suppression.*}).
 *
 * @param kind        {@code threshold}, {@code new_terms} or {@code suppression}
 * @param terms       the group's field values (a missing value is null)
 * @param count       a threshold group's events; 0 otherwise
 * @param cardinality a threshold's distinct count, when the rule has one
 * @param suppressed  events and alerts folded into this alert by suppression
 */
public record AlertGroup(String kind, Map<String, String> terms, long count, OptionalLong cardinality, long suppressed) {

    public AlertGroup {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /** The group of an alert the rule's model built; null for an alert of no group (a query rule's plain alert). */
    static AlertGroup of(AlertRuleSpec spec, Alert alert) {
        if (spec.threshold().isPresent()) {
            return new AlertGroup("threshold", alert.key(), alert.count(), alert.cardinality(), alert.suppressed());
        }
        if (spec.newTerms().isPresent()) {
            return new AlertGroup("new_terms", alert.key(), 0, OptionalLong.empty(), alert.suppressed());
        }
        if (spec.suppression().isPresent()) {
            return new AlertGroup("suppression", alert.key(), 0, OptionalLong.empty(), alert.suppressed());
        }
        return null;
    }
}
