package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The leaf queries of a query DSL object, in document order: tests build events from what a query looks for. */
final class DslLeaves {

    /**
     * One value a leaf query looks for.
     *
     * @param query     the leaf's type: match, match_phrase, term, wildcard, terms, query_string, exists or range
     * @param field     the field it searches
     * @param parameter for a range, the parameter the value belongs to (gte, lt, format, time_zone …); otherwise empty
     * @param value     the value (a terms query gives one leaf per value); null for exists
     */
    record Leaf(String query, String field, String parameter, JsonNode value) {
    }

    private DslLeaves() {
    }

    static List<Leaf> of(JsonNode dsl) {
        List<Leaf> out = new ArrayList<>();
        collect(dsl, out);
        return out;
    }

    private static void collect(JsonNode node, List<Leaf> out) {
        if (node.isArray()) {
            node.forEach(n -> collect(n, out));
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String query = e.getKey();
            JsonNode body = e.getValue();
            switch (query) {
                case "match", "match_phrase", "term", "wildcard" -> {
                    Map.Entry<String, JsonNode> f = body.fields().next();
                    JsonNode v = f.getValue().isObject()
                            ? (f.getValue().has("value") ? f.getValue().get("value") : f.getValue().get("query"))
                            : f.getValue();
                    out.add(new Leaf(query, f.getKey(), "", v));
                }
                case "terms" -> body.fields().forEachRemaining(f -> {
                    if (f.getValue().isArray()) {
                        f.getValue().forEach(v -> out.add(new Leaf(query, f.getKey(), "", v)));
                    }
                });
                case "query_string" -> body.path("fields").forEach(fld -> out.add(new Leaf(query, fld.asText(), "", body.get("query"))));
                case "exists" -> out.add(new Leaf(query, body.get("field").asText(), "", null));
                case "range" -> {
                    Map.Entry<String, JsonNode> f = body.fields().next();
                    f.getValue().fields().forEachRemaining(b -> out.add(new Leaf(query, f.getKey(), b.getKey(), b.getValue())));
                }
                default -> collect(body, out);
            }
        }
    }
}
