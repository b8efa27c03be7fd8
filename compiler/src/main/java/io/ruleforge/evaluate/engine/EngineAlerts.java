package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.AlertRun;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.StreamEvent;
import io.ruleforge.fields.FieldSchema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Threshold and new_terms alerts decided by a cluster's own aggregations, with the searches Kibana's executors send:
 * the stream goes into a temporary index, then
 * <ul>
 * <li>threshold: the query and the window ({@code gte from, lte to}) with a composite aggregation over
 * {@code threshold.field} (one {@code terms} source per field, no missing bucket) and a {@code cardinality}
 * sub-aggregation; with no field, the total hits and one cardinality;</li>
 * <li>new_terms: phase 1, a composite over the fields of the events in the window; phase 2, the same composite with a
 * {@code min} of {@code @timestamp} ({@code first_seen}) over {@code history_window_start}…{@code to}, restricted to
 * the window's terms.</li>
 * </ul>
 * Kibana's bucket selectors ({@code params.docCount >= value}, {@code params.cardinalityCount >= value},
 * {@code params.first_seen_value > params.start_time}) are painless scripts, which a minimal cluster lacks: their
 * one-line conditions are applied here to the buckets the cluster returns. The alert's events come from a
 * {@code top_hits} sub-aggregation (at most {@value #TOP_HITS} per group, Elasticsearch's default
 * {@code index.max_inner_result_window}). Suppression and {@code max_signals} then follow as for in-process alerts
 * ({@link RuleAlerts#finish}).
 */
final class EngineAlerts {

    /** The verdicts' prefix: the privileges live mode documents for {@code ruleforge-test-*} cover these indices too. */
    private static final String INDEX_PREFIX = "ruleforge-test";
    private static final int COMPOSITE_PAGE = 10_000;
    private static final int TOP_HITS = 100;
    /** Window terms per phase 2 search (Kibana's executor pages them by 500 too). */
    private static final int NEW_TERMS_BATCH = 500;
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
            // the case's timestamp is the one the window is compared with, whatever form the document gave it in
            ObjectNode document = event.document().deepCopy();
            document.put("@timestamp", event.timestamp().toString());
            byId.put(ID_PREFIX + event.index(), document);
        }
        try (EngineIndex index = EngineIndex.create(client, schema, INDEX_PREFIX)) {
            // events the cluster refuses to index are in no group, as they would be in no search
            index.index(byId);
            if (spec.threshold().isPresent()) {
                List<Alert> alerts = threshold(index, query, spec.threshold().get(), from, to);
                return RuleAlerts.finish(spec, alerts, stream, from, to, Optional.empty());
            }
            Instant history = RuleAlerts.resolve(spec.newTerms().orElseThrow().historyWindowStart(), to);
            List<Alert> alerts = newTerms(index, query, spec.newTerms().get(), from, to, history);
            return RuleAlerts.finish(spec, alerts, stream, from, to, Optional.of(history));
        }
    }

    private List<Alert> threshold(EngineIndex index, JsonNode query, AlertRuleSpec.Threshold t, Instant from, Instant to) {
        ObjectNode body = search(query, from, to);
        if (t.fields().isEmpty()) {
            body.put("track_total_hits", true);
            body.put("size", TOP_HITS);
            body.put("_source", false);
            body.putArray("sort").add("_doc");
            t.cardinality().ifPresent(c -> body.putObject("aggs").putObject("cardinality_count").putObject("cardinality").put("field", c));
            JsonNode response = post(index, body);
            long total = response.path("hits").path("total").path("value").asLong();
            OptionalLong cardinality = t.cardinality().isPresent()
                    ? OptionalLong.of(response.path("aggregations").path("cardinality_count").path("value").asLong()) : OptionalLong.empty();
            if (total == 0 || !thresholdMet(t, total, cardinality)) {
                return List.of();
            }
            return List.of(new Alert(Map.of(), total, cardinality, 0, eventsOf(response.path("hits").path("hits"))));
        }
        ObjectNode aggs = composite(body, "thresholdTerms", t.fields());
        t.cardinality().ifPresent(c -> aggs.putObject("cardinality_count").putObject("cardinality").put("field", c));
        aggs.set("events", topHits("_doc", TOP_HITS));
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode bucket : buckets(index, body, "thresholdTerms")) {
            long docCount = bucket.path("doc_count").asLong();
            OptionalLong cardinality = t.cardinality().isPresent()
                    ? OptionalLong.of(bucket.path("cardinality_count").path("value").asLong()) : OptionalLong.empty();
            // Kibana's count_check and cardinality_check bucket selectors
            if (thresholdMet(t, docCount, cardinality)) {
                alerts.add(new Alert(key(bucket.path("key")), docCount, cardinality, 0,
                        eventsOf(bucket.path("events").path("hits").path("hits"))));
            }
        }
        return alerts;
    }

    private static boolean thresholdMet(AlertRuleSpec.Threshold t, long count, OptionalLong cardinality) {
        return count >= t.value() && (cardinality.isEmpty() || cardinality.getAsLong() >= t.cardinalityValue());
    }

    private List<Alert> newTerms(EngineIndex index, JsonNode query, AlertRuleSpec.NewTerms n, Instant from, Instant to,
                                 Instant history) {
        // Phase 1: the terms (combinations) of the window, each with its earliest event there, which the alert is built from.
        ObjectNode recent = search(query, from, to);
        composite(recent, "new_terms", n.fields()).set("first_event", topHits("@timestamp", 1));
        List<JsonNode> windowBuckets = buckets(index, recent, "new_terms");
        if (windowBuckets.isEmpty()) {
            return List.of();
        }
        // Phase 2: their first time seen over history…to, a batch of terms per search as Kibana pages them; new only
        // when after the window's start.
        Map<Map<String, String>, Double> firstSeen = new LinkedHashMap<>();
        for (int start = 0; start < windowBuckets.size(); start += NEW_TERMS_BATCH) {
            ObjectNode page = search(query, history, to);
            ArrayNode should = ((ArrayNode) page.path("query").path("bool").path("filter")).addObject().putObject("bool").putArray("should");
            for (JsonNode bucket : windowBuckets.subList(start, Math.min(windowBuckets.size(), start + NEW_TERMS_BATCH))) {
                ArrayNode must = should.addObject().putObject("bool").putArray("must");
                bucket.path("key").fields().forEachRemaining(e -> must.addObject().putObject("match").set(e.getKey(), e.getValue()));
            }
            composite(page, "new_terms", n.fields()).putObject("first_seen").putObject("min").put("field", "@timestamp");
            for (JsonNode bucket : buckets(index, page, "new_terms")) {
                firstSeen.merge(key(bucket.path("key")), bucket.path("first_seen").path("value").asDouble(), Math::min);
            }
        }
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode bucket : windowBuckets) {
            Map<String, String> key = key(bucket.path("key"));
            Double seen = firstSeen.get(key);
            // Kibana's filtering_agg bucket selector: params.first_seen_value > params.start_time (the window's start).
            // The phase 2 filter matches each field on its own, so other combinations come back too: only the
            // window's combinations are candidates.
            if (seen != null && seen > from.toEpochMilli()) {
                alerts.add(new Alert(key, 1, OptionalLong.empty(), 0,
                        eventsOf(bucket.path("first_event").path("hits").path("hits"))));
            }
        }
        return alerts;
    }

    /** A size-0 search of the query within {@code gte from, lte to}, as the executors send. */
    private ObjectNode search(JsonNode query, Instant from, Instant to) {
        ObjectNode body = client.json().createObjectNode();
        body.put("size", 0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(query.deepCopy());
        ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
        range.put("gte", from.toString());
        range.put("lte", to.toString());
        range.put("format", "strict_date_optional_time");
        return body;
    }

    /** Adds a composite aggregation with a terms source per field; returns its (empty) sub-aggregations object. */
    private static ObjectNode composite(ObjectNode body, String name, List<String> fields) {
        ObjectNode aggregation = body.putObject("aggs").putObject(name);
        ObjectNode composite = aggregation.putObject("composite");
        composite.put("size", COMPOSITE_PAGE);
        ArrayNode sources = composite.putArray("sources");
        fields.forEach(f -> sources.addObject().putObject(f).putObject("terms").put("field", f));
        return aggregation.putObject("aggs");
    }

    /** A {@code top_hits} aggregation naming the first {@code size} events of a bucket by {@code sortField}. */
    private ObjectNode topHits(String sortField, int size) {
        ObjectNode topHits = client.json().createObjectNode();
        ObjectNode spec = topHits.putObject("top_hits");
        spec.put("size", size);
        spec.put("_source", false);
        spec.putArray("sort").addObject().put(sortField, "asc");
        return topHits;
    }

    /** Every bucket of a composite aggregation, page after page ({@code after_key}). */
    private List<JsonNode> buckets(EngineIndex index, ObjectNode body, String name) {
        List<JsonNode> out = new ArrayList<>();
        ObjectNode composite = (ObjectNode) body.path("aggs").path(name).path("composite");
        while (true) {
            JsonNode aggregation = post(index, body).path("aggregations").path(name);
            aggregation.path("buckets").forEach(out::add);
            JsonNode after = aggregation.path("after_key");
            if (aggregation.path("buckets").size() < COMPOSITE_PAGE || after.isMissingNode()) {
                return out;
            }
            composite.set("after", after);
        }
    }

    private JsonNode post(EngineIndex index, ObjectNode body) {
        EngineClient.Response response = client.post("/" + index.name() + "/_search", body);
        if (!response.ok()) {
            throw new DslEvaluationException("Elasticsearch rejected the alert search: " + response.errorReason());
        }
        JsonNode shards = response.body().path("_shards");
        if (shards.path("failed").asInt(0) > 0) {
            throw new DslEvaluationException("Elasticsearch rejected the alert search: "
                    + EngineErrors.reason(shards.path("failures").path(0).path("reason")));
        }
        return response.body();
    }

    /** The stream indexes of hits, in stream order. */
    private static List<Integer> eventsOf(JsonNode hits) {
        List<Integer> out = new ArrayList<>();
        hits.forEach(hit -> out.add(Integer.parseInt(hit.path("_id").asText().substring(ID_PREFIX.length()))));
        out.sort(null);
        return out;
    }

    /** A bucket key as alerts state it: values as text, numbers in plain form, a missing value {@code null}. */
    private static Map<String, String> key(JsonNode key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode value = e.getValue();
            if (value.isNull()) {
                out.put(e.getKey(), null);
            } else if (value.isNumber()) {
                BigDecimal number = value.decimalValue().stripTrailingZeros();
                out.put(e.getKey(), number.scale() <= 0 ? number.toBigInteger().toString() : number.toPlainString());
            } else {
                out.put(e.getKey(), value.asText());
            }
        }
        return out;
    }
}
