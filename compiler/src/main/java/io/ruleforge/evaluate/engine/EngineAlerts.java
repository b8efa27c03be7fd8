package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.AlertRun;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.StreamEvent;
import io.ruleforge.fields.FieldSchema;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Threshold and new_terms alerts decided by a cluster's own aggregations, with the searches Kibana's executors send
 * ({@link AlertAggregations}): the stream goes into a temporary index, the searches run on it, and each group's
 * events come back as the stream indexes its hits name. Suppression and {@code max_signals} then follow as for
 * in-process alerts ({@link RuleAlerts#finish}).
 */
final class EngineAlerts {

    /** The verdicts' prefix: the privileges live mode documents for {@code ruleforge-test-*} cover these indices too. */
    private static final String INDEX_PREFIX = "ruleforge-test";
    private static final String ID_PREFIX = "event-";

    private final EngineClient client;
    private final FieldSchema schema;

    EngineAlerts(EngineClient client, FieldSchema schema) {
        this.client = client;
        this.schema = schema;
    }

    static boolean decides(AlertRuleSpec spec) {
        return spec.threshold().isPresent() || spec.newTerms().isPresent();
    }

    AlertRun run(JsonNode query, AlertRuleSpec spec, List<StreamEvent> stream, Instant now) {
        Instant from = RuleAlerts.resolve(spec.from(), now);
        Instant to = RuleAlerts.resolve(spec.to(), now);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (StreamEvent event : stream) {
            // the case's timestamp is the one the window is compared with, whatever form the document gave it in (a
            // rule placing events by its timestamp_override reads the document's own fields)
            ObjectNode document = event.document().deepCopy();
            if (!spec.time().overridden()) {
                document.put("@timestamp", event.timestamp().toString());
            }
            byId.put(ID_PREFIX + event.index(), document);
        }
        try (EngineIndex index = EngineIndex.create(client, schema, INDEX_PREFIX)) {
            // events the cluster refuses to index are in no group, as they would be in no search
            index.index(byId);
            AlertAggregations aggregations = new AlertAggregations(client, "/" + index.name() + "/_search", true, spec.time());
            if (spec.threshold().isPresent()) {
                List<Alert> alerts = alerts(aggregations.threshold(query, spec.threshold().get(), from, to));
                return RuleAlerts.finish(spec, alerts, stream, from, to, Optional.empty());
            }
            Instant history = RuleAlerts.resolve(spec.newTerms().orElseThrow().historyWindowStart(), to);
            List<Alert> alerts = alerts(aggregations.newTerms(query, spec.newTerms().get(), from, to, history));
            return RuleAlerts.finish(spec, alerts, stream, from, to, Optional.of(history));
        }
    }

    private static List<Alert> alerts(AlertAggregations.Groups groups) {
        List<Alert> alerts = new ArrayList<>();
        for (AlertAggregations.Group g : groups.groups()) {
            alerts.add(new Alert(g.key(), g.count(), g.cardinality(), 0, eventsOf(g.hits())));
        }
        return alerts;
    }

    /** The stream indexes of hits, in stream order. */
    private static List<Integer> eventsOf(JsonNode hits) {
        List<Integer> out = new ArrayList<>();
        hits.forEach(hit -> out.add(Integer.parseInt(hit.path("_id").asText().substring(ID_PREFIX.length()))));
        out.sort(null);
        return out;
    }
}
