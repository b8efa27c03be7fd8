package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.Normalizer;
import io.ruleforge.fields.FieldSchema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A temporary index on a real Elasticsearch, mapped from a {@link FieldSchema}: events go in under ids the caller
 * chooses, queries come back as the set of ids they match. {@link #close()} deletes the index — use it in
 * try-with-resources so that it goes even when something fails.
 */
public final class EngineIndex implements AutoCloseable {

    /**
     * How indexing went.
     *
     * @param indexed  ids of the events the engine accepted
     * @param rejected for each event the engine refused (e.g. a value its field type cannot hold), its reason
     */
    public record IndexingResult(List<String> indexed, Map<String, String> rejected) {
        public IndexingResult {
            indexed = List.copyOf(indexed);
            rejected = Map.copyOf(rejected);
        }
    }

    /**
     * What the engine made of one query: the ids it matched, or its refusal of the query.
     *
     * @param matchedIds         ids of the matching events (empty when rejected)
     * @param rejection          Elasticsearch's reason when it rejected the query, else empty
     * @param matchedClauses     per matched id, the {@code _name}s of the named clauses that matched it (only for
     *                           queries tagged by {@link NamedClauses})
     */
    public record QueryHits(Set<String> matchedIds, String rejection, Map<String, List<String>> matchedClauses) {
        public QueryHits {
            matchedIds = Set.copyOf(matchedIds);
            matchedClauses = Map.copyOf(matchedClauses);
        }

        public boolean rejected() {
            return !rejection.isEmpty();
        }
    }

    private static final Pattern MISSING_TYPE = Pattern.compile("The mapper type \\[([\\w-]+)\\] declared on field");
    private static final int BULK_BYTES = 4 * 1024 * 1024;
    private static final int MSEARCH_BATCH = 40;

    private static final String ALREADY_EXISTS = "resource_already_exists_exception";

    private final EngineClient client;
    private final String name;
    private final IndexMapping mapping;
    private int documents;
    private boolean deleted;

    private EngineIndex(EngineClient client, String name, IndexMapping mapping) {
        this.client = client;
        this.name = name;
        this.mapping = mapping;
    }

    /**
     * Creates an index named {@code <prefix>-<random>} mapped from {@code schema}. When the engine lacks a field
     * type, the index is created with its {@link IndexMapping#SUBSTITUTES substitute} instead and
     * {@link #mapping()} says so.
     */
    public static EngineIndex create(EngineClient client, FieldSchema schema, String prefix) {
        String name = (prefix + "-" + UUID.randomUUID()).toLowerCase(Locale.ROOT);
        Map<String, String> substitutions = new TreeMap<>();
        for (int attempt = 0; attempt <= IndexMapping.SUBSTITUTES.size(); attempt++) {
            IndexMapping mapping = IndexMapping.of(schema, substitutions);
            ObjectNode body = client.json().createObjectNode();
            ObjectNode settings = body.putObject("settings").putObject("index");
            settings.put("number_of_shards", 1);
            settings.put("number_of_replicas", 0);
            settings.put("max_result_window", 1_000_000);
            // bulk uses refresh=wait_for, which waits for the next scheduled refresh (1 s by default)
            settings.put("refresh_interval", "50ms");
            ObjectNode mappingSettings = settings.putObject("mapping");
            mappingSettings.putObject("total_fields").put("limit", 100_000);
            if (schema.indexIgnoresMalformed()) {
                // as the rule's index does (a mapping or template given with --mapping says so): fixtures with
                // malformed values are indexed without them, not refused
                mappingSettings.put("ignore_malformed", true);
            }
            if (!mapping.normalizers().isEmpty()) {
                settings.putObject("analysis").set("normalizer", mapping.normalizers());
            }
            body.set("mappings", mapping.mapping());
            EngineClient.Response created = client.put("/" + name, body);
            // the name is new (a random UUID), so an index of that name is this call's own: a first attempt whose
            // answer was lost created it, and the retry (EngineClient retries a PUT) found it
            if (created.ok() || created.errorReason().startsWith(ALREADY_EXISTS)) {
                return new EngineIndex(client, name, mapping);
            }
            Matcher missing = MISSING_TYPE.matcher(created.errorReason());
            if (missing.find() && IndexMapping.SUBSTITUTES.containsKey(missing.group(1))
                    && !substitutions.containsKey(missing.group(1))) {
                substitutions.put(missing.group(1), IndexMapping.SUBSTITUTES.get(missing.group(1)));
                continue;
            }
            throw new EngineException("Elasticsearch at " + client.connection().displayUrl() + " cannot create index "
                    + name + ": " + created.errorReason());
        }
        throw new EngineException("cannot create index " + name + ": too many unsupported field types");
    }

    public String name() {
        return name;
    }

    /** The mapping the index really has, with the type substitutions made for this engine. */
    public IndexMapping mapping() {
        return mapping;
    }

    /** Indexes events under the given ids (in bulk, visible to search when this returns). */
    public IndexingResult index(Map<String, ? extends JsonNode> eventsById) {
        List<String> indexed = new ArrayList<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        StringBuilder bulk = new StringBuilder();
        for (Map.Entry<String, ? extends JsonNode> e : eventsById.entrySet()) {
            ObjectNode action = client.json().createObjectNode();
            action.putObject("index").put("_id", e.getKey());
            bulk.append(action).append('\n').append(writeEvent(e.getValue())).append('\n');
            if (bulk.length() >= BULK_BYTES) {
                sendBulk(bulk.toString(), indexed, rejected);
                bulk.setLength(0);
            }
        }
        if (bulk.length() > 0) {
            sendBulk(bulk.toString(), indexed, rejected);
        }
        documents += indexed.size();
        return new IndexingResult(indexed, rejected);
    }

    private void sendBulk(String ndjson, List<String> indexed, Map<String, String> rejected) {
        EngineClient.Response response = client.postNdjson("/" + name + "/_bulk?refresh=wait_for", ndjson);
        if (!response.ok()) {
            throw new EngineException("bulk indexing into " + name + " failed: " + response.errorReason());
        }
        for (JsonNode item : response.body().path("items")) {
            JsonNode result = item.path("index");
            String id = result.path("_id").asText();
            if (result.has("error")) {
                rejected.put(id, EngineErrors.reason(result.get("error")));
            } else {
                indexed.add(id);
            }
        }
    }

    /** The events a query (the value of a search body's {@code query}) matches, or the engine's refusal. */
    public QueryHits search(JsonNode query) {
        return search(List.of(query)).get(0);
    }

    /** As {@link #search(JsonNode)} for many queries, in batches of {@code _msearch}; answers in query order. */
    public List<QueryHits> search(List<? extends JsonNode> queries) {
        List<QueryHits> out = new ArrayList<>(queries.size());
        for (int from = 0; from < queries.size(); from += MSEARCH_BATCH) {
            List<? extends JsonNode> batch = queries.subList(from, Math.min(queries.size(), from + MSEARCH_BATCH));
            StringBuilder body = new StringBuilder();
            for (JsonNode query : batch) {
                body.append("{}\n").append(write(searchBody(query))).append('\n');
            }
            EngineClient.Response response = client.postNdjson("/" + name + "/_msearch", body.toString());
            if (!response.ok()) {
                throw new EngineException("_msearch on " + name + " failed: " + response.errorReason());
            }
            JsonNode responses = response.body().path("responses");
            if (responses.size() != batch.size()) {
                throw new EngineException("_msearch on " + name + " answered " + responses.size() + " of " + batch.size() + " queries");
            }
            for (JsonNode answer : responses) {
                out.add(hitsOf(answer));
            }
        }
        return out;
    }

    private ObjectNode searchBody(JsonNode query) {
        ObjectNode body = client.json().createObjectNode();
        body.set("query", query);
        body.put("size", Math.max(documents, 1));
        body.put("_source", false);
        body.put("track_total_hits", false);
        body.putArray("sort").add("_doc");
        return body;
    }

    private static QueryHits hitsOf(JsonNode answer) {
        if (answer.has("error")) {
            return new QueryHits(Set.of(), EngineErrors.reason(answer), Map.of());
        }
        JsonNode shards = answer.path("_shards");
        if (shards.path("failed").asInt(0) > 0) {
            JsonNode failure = shards.path("failures").path(0).path("reason");
            return new QueryHits(Set.of(), EngineErrors.reason(failure), Map.of());
        }
        Set<String> ids = new LinkedHashSet<>();
        Map<String, List<String>> clauses = new LinkedHashMap<>();
        for (JsonNode hit : answer.path("hits").path("hits")) {
            String id = hit.path("_id").asText();
            ids.add(id);
            JsonNode named = hit.path("matched_queries");
            if (named.isArray() && named.size() > 0) {
                List<String> names = new ArrayList<>();
                named.forEach(n -> names.add(n.asText()));
                clauses.put(id, names);
            } else if (named.isObject()) {
                List<String> names = new ArrayList<>();
                named.fieldNames().forEachRemaining(names::add);
                clauses.put(id, names);
            }
        }
        return new QueryHits(ids, "", clauses);
    }

    /**
     * For each of {@code ids}, the {@code _name}s of the clauses of a {@link NamedClauses tagged} query that match
     * that event on its own — whether or not the whole query matches it.
     */
    public Map<String, List<String>> matchedClauses(JsonNode taggedQuery, List<String> ids) {
        ObjectNode probe = client.json().createObjectNode();
        ObjectNode bool = probe.putObject("bool");
        ArrayNode values = bool.putArray("filter").addObject().putObject("ids").putArray("values");
        ids.forEach(values::add);
        bool.putArray("should").add(taggedQuery);
        QueryHits hits = search(probe);
        if (hits.rejected()) {
            return Map.of();
        }
        return hits.matchedClauses();
    }

    /**
     * The fields the index really has now — the schema's, with this engine's type substitutions, plus every field
     * dynamic mapping added for the events indexed so far.
     */
    public FieldSchema actualSchema() {
        EngineClient.Response response = client.get("/" + name + "/_mapping");
        if (!response.ok()) {
            throw new EngineException("cannot read the mapping of " + name + ": " + response.errorReason());
        }
        JsonNode properties = response.body().path(name).path("mappings").path("properties");
        List<FieldMapping> fields = new ArrayList<>();
        collectFields(properties, "", fields);
        return FieldSchema.of(mapping.effectiveSchema().name() + "+dynamic", fields);
    }

    private static void collectFields(JsonNode properties, String prefix, List<FieldMapping> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String field = prefix + e.getKey();
            JsonNode spec = e.getValue();
            String type = spec.path("type").asText("object");
            FieldMapping mapping = new FieldMapping(field, type, spec.path("ignore_above").asInt(0));
            // the built-in lowercase normalizer, or a custom one the index settings define (IndexMapping)
            String normalizer = spec.path("normalizer").asText();
            out.add(normalizer.isEmpty() ? mapping : mapping.withNormalizer(normalizer.equals(Normalizer.LOWERCASE.name())
                    ? Normalizer.LOWERCASE : Normalizer.unmodelled(normalizer, "a custom normalizer of the index settings")));
            if (spec.has("properties")) {
                collectFields(spec.get("properties"), field + ".", out);
            }
            if (spec.has("fields")) {
                collectFields(spec.get("fields"), field + ".", out);
            }
        }
    }

    /** Deletes the index; safe to call more than once. */
    @Override
    public void close() {
        if (deleted) {
            return;
        }
        deleted = true;
        EngineClient.Response response = client.delete("/" + name);
        if (!response.ok() && response.status() != 404) {
            throw new EngineException("cannot delete temporary index " + name + ": " + response.errorReason());
        }
    }

    /**
     * An event as its file holds it: a number with a fraction written out in decimals ({@code 1714557600.5}), not as
     * Jackson prints a double ({@code 1.7145576005E9}), which a date field of {@code epoch_second} refuses.
     */
    private String writeEvent(JsonNode event) {
        try {
            return client.json().writer().with(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                    .writeValueAsString(decimalsAsWritten(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode decimalsAsWritten(JsonNode node) {
        if (node.isDouble() || node.isFloat()) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                return node;
            }
            java.math.BigDecimal decimal = new java.math.BigDecimal(Double.toString(d));
            // 1.0E7 stays a number with a fraction (10000000.0): dynamic mapping makes it a float, not a long
            return com.fasterxml.jackson.databind.node.DecimalNode.valueOf(decimal.scale() <= 0 ? decimal.setScale(1) : decimal);
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(f -> copy.set(f.getKey(), decimalsAsWritten(f.getValue())));
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = ((com.fasterxml.jackson.databind.node.ArrayNode) node).arrayNode();
            node.forEach(v -> copy.add(decimalsAsWritten(v)));
            return copy;
        }
        return node;
    }

    private String write(JsonNode node) {
        try {
            return client.json().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
