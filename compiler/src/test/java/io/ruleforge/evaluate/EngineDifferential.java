package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.evaluate.engine.NamedClauses;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * Runs many queries on many events twice — in the {@link DslEvaluator} and in a real Elasticsearch — and lists
 * every (query, event) pair where they differ. Events go into as few temporary indices as dynamic mapping allows:
 * a real index fixes the type of an unmapped field with the first document, whereas the evaluator types it per
 * event, so events that would type the same unmapped field differently go into different indices.
 */
final class EngineDifferential {

    /** Where the two differ: the evaluator's verdict (or refusal) and the engine's. */
    record Disagreement(String queryId, String eventId, String evaluator, String engine) {
        @Override
        public String toString() {
            return queryId + " × " + eventId + "\n      evaluator: " + evaluator + "\n      engine:    " + engine;
        }
    }

    /** The counts and the disagreements of one run. */
    record Report(int events, Map<String, String> refusedEvents, int queries, long pairs, long matchedPairs,
                  long rejectedPairs, Map<String, String> queriesBothReject, long rejectedThroughIndexMapping, int dynamicFieldsChecked, int indices,
                  Map<String, String> substitutions, List<Disagreement> disagreements, Duration evaluatorTime,
                  Duration engineTime) {

        String summary(String name) {
            return String.format("%s: %d events indexed in %d %s (%d refused by Elasticsearch), %d queries, %,d (query, event) "
                            + "pairs compared (%,d matches, %,d pairs of a query both reject, %,d of them only because another "
                            + "event's dynamic mapping types a field the query uses); %d dynamic field types compared; "
                            + "%d disagreements; evaluator %.1f s, Elasticsearch %.1f s (index + search)%s",
                    name, events - refusedEvents.size(), indices, indices == 1 ? "index" : "indices", refusedEvents.size(),
                    queries, pairs, matchedPairs, rejectedPairs, rejectedThroughIndexMapping, dynamicFieldsChecked,
                    disagreements.size(), evaluatorTime.toMillis() / 1000.0, engineTime.toMillis() / 1000.0,
                    substitutions.isEmpty() ? "" : "; types this engine lacks, indexed as: " + substitutions);
        }

        /** Why Elasticsearch refused events, with counts (document ids and values left out). */
        Map<String, Long> refusalReasons() {
            Map<String, Long> out = new TreeMap<>();
            refusedEvents.values().forEach(reason -> out.merge(reason
                    .replaceAll(" in document with id '[^']*'", "")
                    .replaceAll("\\[\\d+:\\d+\\] ", "")
                    .replaceAll("\\. Preview of field's value: .*", ""), 1L, Long::sum));
            return out;
        }
    }

    private static final int EXPLAINED = 30;

    private final EngineClient client;
    private final FieldSchema schema;
    private final Optional<FieldSchema> evaluatorSchema;

    EngineDifferential(EngineClient client, FieldSchema schema) {
        this(client, schema, Optional.empty());
    }

    /** Gives the evaluator {@code evaluatorSchema} instead of the index's: to show that the comparison can fail. */
    EngineDifferential(EngineClient client, FieldSchema schema, Optional<FieldSchema> evaluatorSchema) {
        this.client = client;
        this.schema = schema;
        this.evaluatorSchema = evaluatorSchema;
    }

    Report run(Map<String, ? extends JsonNode> events, Map<String, ? extends JsonNode> queries) {
        List<String> queryIds = new ArrayList<>(queries.keySet());
        List<JsonNode> queryList = queryIds.stream().map(id -> (JsonNode) queries.get(id)).toList();
        Map<String, String> refused = new TreeMap<>();
        Map<String, String> substitutions = new TreeMap<>();
        List<Disagreement> disagreements = new ArrayList<>();
        long pairs = 0;
        long matched = 0;
        long rejected = 0;
        long rejectedThroughIndexMapping = 0;
        Map<String, String> bothReject = new TreeMap<>();
        int dynamicFieldsChecked = 0;
        long evaluatorNanos = 0;
        long engineNanos = 0;
        List<Map<String, JsonNode>> groups = groupByDynamicTypes(events);
        for (Map<String, JsonNode> group : groups) {
            long engineStart = System.nanoTime();
            try (EngineIndex index = EngineIndex.create(client, schema, "ruleforge-differential")) {
                substitutions.putAll(index.mapping().substitutions());
                EngineIndex.IndexingResult indexing = index.index(group);
                refused.putAll(indexing.rejected());
                List<EngineIndex.QueryHits> hits = index.search(queryList);
                engineNanos += System.nanoTime() - engineStart;

                List<String> ids = indexing.indexed();
                List<JsonNode> indexedEvents = ids.stream().map(group::get).toList();
                FieldSchema actual = index.actualSchema();
                dynamicFieldsChecked += compareDynamicTypes(index.mapping().effectiveSchema(), actual, ids, group, disagreements);
                DslEvaluator evaluator = new DslEvaluator(evaluatorSchema.orElse(index.mapping().effectiveSchema()));
                // the evaluator given the index's real mapping, dynamic fields of all its events included
                DslEvaluator withIndexMapping = new DslEvaluator(actual);
                long evaluatorStart = System.nanoTime();
                List<QueryVerdicts> verdicts = IntStream.range(0, queryList.size()).parallel()
                        .mapToObj(q -> QueryVerdicts.of(evaluator, queryList.get(q), indexedEvents)).toList();
                evaluatorNanos += System.nanoTime() - evaluatorStart;

                for (int q = 0; q < queryList.size(); q++) {
                    EngineIndex.QueryHits engine = hits.get(q);
                    QueryVerdicts evaluated = verdicts.get(q);
                    for (int e = 0; e < ids.size(); e++) {
                        pairs++;
                        boolean evaluatorRejects = evaluated.rejection(e).isPresent();
                        if (engine.rejected() || evaluatorRejects) {
                            if (engine.rejected() && evaluatorRejects) {
                                rejected++;
                                bothReject.putIfAbsent(queryIds.get(q), engine.rejection());
                            } else if (engine.rejected() && rejects(withIndexMapping, queryList.get(q), indexedEvents.get(e))) {
                                // a real index types a field once for all events (here by another event that has it);
                                // the evaluator types it per event. Given the index's mapping it rejects too.
                                rejected++;
                                rejectedThroughIndexMapping++;
                            } else {
                                disagreements.add(new Disagreement(queryIds.get(q), ids.get(e), evaluated.describe(e),
                                        engine.rejected() ? "rejects the query: " + engine.rejection() : "returns a verdict"));
                            }
                            continue;
                        }
                        boolean engineMatched = engine.matchedIds().contains(ids.get(e));
                        if (engineMatched) {
                            matched++;
                        }
                        if (engineMatched != evaluated.matched(e)) {
                            String engineSays = (engineMatched ? "matched" : "did not match");
                            if (disagreements.size() < EXPLAINED) {
                                Set<String> clauses = Set.copyOf(index.matchedClauses(NamedClauses.tag(queryList.get(q)),
                                        List.of(ids.get(e))).getOrDefault(ids.get(e), List.of()));
                                engineSays += ": " + NamedClauses.explain(queryList.get(q), clauses, indexedEvents.get(e));
                            }
                            disagreements.add(new Disagreement(queryIds.get(q), ids.get(e), evaluated.describe(e), engineSays));
                        }
                    }
                }
            }
        }
        return new Report(events.size(), refused, queries.size(), pairs, matched, rejected, bothReject, rejectedThroughIndexMapping,
                dynamicFieldsChecked, groups.size(), substitutions, disagreements, Duration.ofNanos(evaluatorNanos),
                Duration.ofNanos(engineNanos));
    }

    private static boolean rejects(DslEvaluator evaluator, JsonNode query, JsonNode event) {
        try {
            evaluator.evaluate(query, event);
            return false;
        } catch (DslEvaluationException e) {
            return true;
        }
    }

    /**
     * The type Elasticsearch's dynamic mapping gave each field the schema does not name must be the one the
     * evaluator infers from the events that hold it (and a dynamic text field has a .keyword of ignore_above 256).
     */
    private static int compareDynamicTypes(FieldSchema mapped, FieldSchema actual, List<String> ids,
                                           Map<String, JsonNode> group, List<Disagreement> disagreements) {
        int checked = 0;
        for (FieldMapping field : actual.fields()) {
            if (mapped.field(field.name()).isPresent() || field.isContainer()) {
                continue;
            }
            int dot = field.name().lastIndexOf('.');
            Optional<FieldMapping> parent = dot > 0 ? actual.field(field.name().substring(0, dot)) : Optional.empty();
            if (parent.isPresent() && parent.get().isText() && mapped.field(parent.get().name()).isEmpty()) {
                checked++;
                if (!field.type().equals("keyword") || field.ignoreAbove() != FieldResolver.DYNAMIC_KEYWORD_IGNORE_ABOVE) {
                    disagreements.add(new Disagreement("dynamic mapping of " + field.name(), "-",
                            "assumes keyword with ignore_above " + FieldResolver.DYNAMIC_KEYWORD_IGNORE_ABOVE,
                            "mapped " + field.type() + " with ignore_above " + field.ignoreAbove()));
                }
                continue;
            }
            for (String id : ids) {
                List<JsonNode> values = EventFields.values(group.get(id), field.name());
                if (!values.isEmpty()) {
                    checked++;
                    String inferred = FieldResolver.dynamicType(values);
                    if (!inferred.equals(field.type())) {
                        disagreements.add(new Disagreement("dynamic mapping of " + field.name(), id,
                                "infers " + inferred + " from " + values, "mapped " + field.type()));
                    }
                    break;
                }
            }
        }
        return checked;
    }

    /** The evaluator's verdicts for one query on every event (explanations are recomputed only where needed). */
    private record QueryVerdicts(DslEvaluator evaluator, JsonNode query, List<JsonNode> events, boolean[] matched,
                                 String[] rejections) {

        static QueryVerdicts of(DslEvaluator evaluator, JsonNode query, List<JsonNode> events) {
            boolean[] matched = new boolean[events.size()];
            String[] rejections = new String[events.size()];
            for (int i = 0; i < events.size(); i++) {
                try {
                    matched[i] = evaluator.evaluate(query, events.get(i)).matched();
                } catch (DslEvaluationException ex) {
                    rejections[i] = ex.getMessage();
                }
            }
            return new QueryVerdicts(evaluator, query, events, matched, rejections);
        }

        boolean matched(int event) {
            return matched[event];
        }

        Optional<String> rejection(int event) {
            return Optional.ofNullable(rejections[event]);
        }

        String describe(int event) {
            if (rejections[event] != null) {
                return "rejects the query: " + rejections[event];
            }
            return (matched[event] ? "matched: " : "did not match: ") + evaluator.evaluate(query, events.get(event)).explanation();
        }
    }

    /**
     * Splits events so that within each group every unmapped field has one dynamic type (and is either always an
     * object or never), as a real index requires.
     */
    List<Map<String, JsonNode>> groupByDynamicTypes(Map<String, ? extends JsonNode> events) {
        List<Map<String, JsonNode>> groups = new ArrayList<>();
        List<Map<String, String>> groupTypes = new ArrayList<>();
        for (Map.Entry<String, ? extends JsonNode> e : events.entrySet()) {
            Map<String, String> types = dynamicTypes(e.getValue());
            int chosen = -1;
            for (int g = 0; g < groups.size() && chosen < 0; g++) {
                if (compatible(groupTypes.get(g), types)) {
                    chosen = g;
                }
            }
            if (chosen < 0) {
                groups.add(new LinkedHashMap<>());
                groupTypes.add(new HashMap<>());
                chosen = groups.size() - 1;
            }
            groups.get(chosen).put(e.getKey(), e.getValue());
            groupTypes.get(chosen).putAll(types);
        }
        return groups;
    }

    private static boolean compatible(Map<String, String> known, Map<String, String> types) {
        for (Map.Entry<String, String> t : types.entrySet()) {
            String existing = known.get(t.getKey());
            if (existing != null && !existing.equals(t.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** The dynamic type each unmapped leaf of the event would get, and "object" for the unmapped objects above it. */
    private Map<String, String> dynamicTypes(JsonNode event) {
        Map<String, String> out = new HashMap<>();
        for (String path : EventFields.leafPaths(event)) {
            if (schema.field(path).isPresent() || underMappedLeaf(path)) {
                continue;
            }
            String type = FieldResolver.dynamicType(EventFields.values(event, path));
            if (type.equals(ResolvedField.UNMAPPED)) {
                continue;
            }
            out.put(path, type);
            String prefix = path;
            int dot;
            while ((dot = prefix.lastIndexOf('.')) > 0) {
                prefix = prefix.substring(0, dot);
                if (schema.field(prefix).isEmpty()) {
                    out.put(prefix, "object");
                }
            }
        }
        return out;
    }

    private boolean underMappedLeaf(String path) {
        String prefix = path;
        int dot;
        while ((dot = prefix.lastIndexOf('.')) > 0) {
            prefix = prefix.substring(0, dot);
            Optional<FieldMapping> m = schema.field(prefix);
            if (m.isPresent()) {
                return !m.get().isContainer();
            }
        }
        return false;
    }
}
