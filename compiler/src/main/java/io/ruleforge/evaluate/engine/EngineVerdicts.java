package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.VerdictSource;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.AlertRun;
import io.ruleforge.evaluate.alerts.AlertSearch;
import io.ruleforge.evaluate.alerts.StreamEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Verdicts from a real Elasticsearch: for each query, the events go into a temporary index mapped from the field
 * schema, the query runs there, and the index is deleted again. Explanations name the deciding clause from the
 * engine's own {@code matched_queries} ({@link NamedClauses}). Threshold and new_terms alerts are grouped by the
 * engine's own aggregations too ({@link EngineAlerts}).
 */
public final class EngineVerdicts implements VerdictSource, AlertSearch {

    private static final String INDEX_PREFIX = "ruleforge-test";

    private final EngineClient client;
    private final FieldSchema schema;
    private final String description;

    public EngineVerdicts(EngineClient client, FieldSchema schema) {
        this(client, schema, client.describeEngine());
    }

    private EngineVerdicts(EngineClient client, FieldSchema schema, String description) {
        this.client = client;
        this.schema = schema;
        this.description = description;
    }

    /** The temporary index of each query is mapped from {@code indexFields}. */
    @Override
    public EngineVerdicts forIndexFields(FieldSchema indexFields) {
        return indexFields == schema ? this : new EngineVerdicts(client, indexFields, description);
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public Optional<AlertRun> alerts(JsonNode query, AlertRuleSpec spec, List<StreamEvent> stream, Instant now) {
        if (!EngineAlerts.decides(spec)) {
            return Optional.empty();
        }
        return Optional.of(new EngineAlerts(client, schema).run(query, spec, stream, now));
    }

    @Override
    public String alertsDecidedBy() {
        return "the aggregations of " + description;
    }

    @Override
    public List<DslEvaluator.Verdict> decide(JsonNode query, List<? extends JsonNode> events) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            byId.put("event-" + i, events.get(i));
        }
        try (EngineIndex index = EngineIndex.create(client, schema, INDEX_PREFIX)) {
            EngineIndex.IndexingResult indexing = index.index(byId);
            EngineIndex.QueryHits hits = index.search(query);
            if (hits.rejected()) {
                throw new DslEvaluationException("Elasticsearch rejected the query: " + hits.rejection());
            }
            Map<String, Set<String>> clauses = NamedClauses.asSets(
                    index.matchedClauses(NamedClauses.tag(query), indexing.indexed()));
            List<DslEvaluator.Verdict> verdicts = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : byId.entrySet()) {
                String id = e.getKey();
                String refused = indexing.rejected().get(id);
                if (refused != null) {
                    verdicts.add(new DslEvaluator.Verdict(false, "Elasticsearch refused to index the event: " + refused));
                } else {
                    boolean matched = hits.matchedIds().contains(id);
                    String explanation = NamedClauses.explain(query, clauses.getOrDefault(id, Set.of()), e.getValue());
                    verdicts.add(new DslEvaluator.Verdict(matched, "Elasticsearch: " + explanation));
                }
            }
            return verdicts;
        }
    }
}
