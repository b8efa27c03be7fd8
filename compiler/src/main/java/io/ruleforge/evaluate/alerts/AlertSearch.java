package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A verdict source that can also group a stream into alerts itself, as a cluster does with the searches Kibana's
 * executors send (live mode): then the cluster, not {@link RuleAlerts}, decides the threshold groups or the new terms.
 */
public interface AlertSearch {

    /**
     * The alerts one run of the rule writes at {@code now} on the stream, decided by this source's own searches; empty
     * when it does not decide this rule type (its alerts then come from {@link RuleAlerts} over the verdicts).
     *
     * @param query  the rule's query DSL (its filters included)
     * @param stream the events with their timestamps; their {@code matched} flags are not used
     * @throws io.ruleforge.evaluate.DslEvaluationException when the cluster rejects a search
     */
    Optional<AlertRun> alerts(JsonNode query, AlertRuleSpec spec, List<StreamEvent> stream, Instant now);

    /** What decides the alerts, for reports: e.g. {@code the aggregations of Elasticsearch 8.19.21 at …}. */
    String alertsDecidedBy();
}
