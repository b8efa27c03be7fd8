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
 * A rule's {@code filters} (Kibana filter objects: {@code meta} with {@code disabled} and {@code negate}, and the
 * query, under {@code query} or — in older exports — as the filter's other keys) as the query {@code buildEsQuery}
 * makes of them: enabled filters in {@code bool.filter}, negated ones in {@code bool.must_not}. The detection engine
 * ANDs them with the rule's query for every rule type but ES|QL ({@code getQueryFilter}), and gives them to an EQL
 * search as its {@code filter}.
 */
public final class KibanaFilters {

    /** Keys of a filter object that are Kibana's bookkeeping, not query. */
    private static final Set<String> NOT_QUERY = Set.of("meta", "$state", "query");

    private KibanaFilters() {
    }

    /** The filters as one query; an empty {@code bool} (every document) when there are none. */
    public static ObjectNode of(JsonNode filters) {
        ObjectNode query = JsonNodeFactory.instance.objectNode();
        ObjectNode bool = query.putObject("bool");
        ArrayNode filter = bool.putArray("filter");
        ArrayNode mustNot = bool.putArray("must_not");
        for (JsonNode f : filters) {
            if (f.path("meta").path("disabled").asBoolean(false)) {
                continue;
            }
            JsonNode clause = clause(f);
            if (clause == null) {
                continue;
            }
            (f.path("meta").path("negate").asBoolean(false) ? mustNot : filter).add(clause);
        }
        return query;
    }

    /** The filters as one query, or empty when none is enabled (the rule's query alone is then the search). */
    public static Optional<ObjectNode> enabled(JsonNode filters) {
        ObjectNode query = of(filters);
        JsonNode bool = query.path("bool");
        return bool.path("filter").isEmpty() && bool.path("must_not").isEmpty() ? Optional.empty() : Optional.of(query);
    }

    /** The rule's query DSL ANDed with its filters, as the detection engine sends it. */
    public static ObjectNode withQuery(JsonNode dsl, JsonNode filters) {
        return and(dsl, of(filters));
    }

    /** {@code dsl} ANDed with filters made by {@link #of}: the query first in {@code bool.filter}, as buildEsQuery puts it. */
    public static ObjectNode and(JsonNode dsl, ObjectNode filtersQuery) {
        ObjectNode query = filtersQuery.deepCopy();
        ((ArrayNode) query.path("bool").path("filter")).insert(0, dsl.deepCopy());
        return query;
    }

    private static JsonNode clause(JsonNode f) {
        if (f.path("query").isObject()) {
            return f.get("query").deepCopy();
        }
        ObjectNode rest = JsonNodeFactory.instance.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = f.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!NOT_QUERY.contains(e.getKey())) {
                rest.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return rest.isEmpty() ? null : rest;
    }
}
