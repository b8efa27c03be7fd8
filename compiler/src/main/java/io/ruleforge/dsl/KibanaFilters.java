package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A rule's {@code filters} (Kibana filter objects: {@code meta} with {@code disabled}, {@code negate} and for a
 * combined filter {@code type}, {@code relation} and {@code params}; the query under {@code query} or, in older
 * exports, as the filter's other keys) as the query {@code buildEsQuery} makes of them ({@code buildQueryFromFilters}
 * → {@code filterToQueryDsl}): enabled filters in {@code bool.filter}, negated ones in {@code bool.must_not}. The
 * detection engine ANDs them with the rule's query for every rule type but ES|QL ({@code getQueryFilter}), and gives
 * them to an EQL search as its {@code filter}; an indicator match rule's {@code threat_filters} join its threat query
 * the same way.
 */
public final class KibanaFilters {

    /** Keys of a filter object that are Kibana's bookkeeping ({@code cleanFilter} drops them), not query. */
    private static final Set<String> NOT_QUERY = Set.of("meta", "$state", "query");
    private static final JsonNode MATCH_ALL = JsonNodeFactory.instance.objectNode().set("match_all", JsonNodeFactory.instance.objectNode());

    private KibanaFilters() {
    }

    /**
     * The filters as one query; an empty {@code bool} (every document) when there are none. As buildEsQuery's
     * {@code removeMatchAll}, a {@code {"match_all": {}}} among the (not negated) filters is left out.
     */
    public static ObjectNode of(JsonNode filters) {
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        ObjectNode bool = query.putObject("bool");
        ArrayNode filter = bool.putArray("filter");
        appendTo(filter, bool.putArray("must_not"), filters);
        for (int i = filter.size() - 1; i >= 0; i--) {
            if (filter.get(i).equals(MATCH_ALL)) {
                filter.remove(i);
            }
        }
        return query;
    }

    /** The filters as one query, or empty when none is enabled (the rule's query alone is then the search). */
    public static Optional<ObjectNode> enabled(JsonNode filters) {
        ObjectNode query = of(filters);
        JsonNode bool = query.path("bool");
        return bool.path("filter").isEmpty() && bool.path("must_not").isEmpty() ? Optional.empty() : Optional.of(query);
    }

    /** {@code dsl} ANDed with filters made by {@link #of}: the query first in {@code bool.filter}, as buildEsQuery puts it. */
    public static ObjectNode and(JsonNode dsl, ObjectNode filtersQuery) {
        ObjectNode query = filtersQuery.deepCopy();
        ((ArrayNode) query.path("bool").path("filter")).insert(0, dsl.deepCopy());
        return query;
    }

    /** Appends each enabled filter's query to {@code filter}, or to {@code mustNot} when it is negated. */
    public static void appendTo(ArrayNode filter, ArrayNode mustNot, JsonNode filters) {
        for (JsonNode f : filters) {
            if (!f.isObject() || f.path("meta").path("disabled").asBoolean(false)) {
                continue;
            }
            (f.path("meta").path("negate").asBoolean(false) ? mustNot : filter).add(toQuery(f));
        }
    }

    /**
     * One filter's query, as {@code filterToQueryDsl} makes it: a legacy {@code match} of type phrase becomes
     * {@code match_phrase} ({@code migrateFilter}); a combined filter becomes a bool of its sub-filters, all of them
     * ({@code AND}) or at least one ({@code OR}, the default; {@code fromCombinedFilter}); otherwise its {@code query},
     * or its other keys when it has none — an empty object if it has neither, which Elasticsearch rejects, as it
     * would reject the rule's search.
     */
    static JsonNode toQuery(JsonNode f) {
        JsonNode meta = f.path("meta");
        if (meta.path("type").asText("").equals("combined") && meta.path("params").isArray()) {
            ObjectNode bool = JsonNodeFactory.instance.objectNode();
            if (meta.path("relation").asText("OR").equals("AND")) {
                bool.set("bool", buildQueryFromFilters(meta.path("params")));
            } else {
                ObjectNode or = bool.putObject("bool");
                ArrayNode should = or.putArray("should");
                for (JsonNode sub : meta.path("params")) {
                    should.addObject().set("bool", buildQueryFromFilters(JsonNodeFactory.instance.arrayNode().add(sub)));
                }
                or.put("minimum_should_match", 1);
            }
            return bool;
        }
        Optional<ObjectNode> phrase = deprecatedMatchPhrase(f);
        if (phrase.isPresent()) {
            return phrase.get();
        }
        if (f.hasNonNull("query") && !f.get("query").isMissingNode()) {
            return f.get("query").deepCopy();
        }
        ObjectNode rest = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!NOT_QUERY.contains(e.getKey())) {
                rest.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return rest;
    }

    /** {@code buildQueryFromFilters}: the bool of must, filter, should and must_not it returns. */
    private static ObjectNode buildQueryFromFilters(JsonNode filters) {
        ObjectNode bool = JsonNodeFactory.instance.objectNode();
        bool.putArray("must");
        ArrayNode filter = bool.putArray("filter");
        bool.putArray("should");
        appendTo(filter, bool.putArray("must_not"), filters);
        return bool;
    }

    /** A {@code match} (top-level or under {@code query}) whose field's {@code type} is phrase, as match_phrase. */
    private static Optional<ObjectNode> deprecatedMatchPhrase(JsonNode f) {
        JsonNode match = f.has("match") ? f.get("match") : f.path("query").path("match");
        if (!match.isObject() || match.isEmpty()) {
            return Optional.empty();
        }
        Map.Entry<String, JsonNode> field = match.fields().next();
        if (!field.getValue().path("type").asText("").equals("phrase")) {
            return Optional.empty();
        }
        ObjectNode params = field.getValue().deepCopy();
        params.remove("type");
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        query.putObject("match_phrase").set(field.getKey(), params);
        return Optional.of(query);
    }
}
