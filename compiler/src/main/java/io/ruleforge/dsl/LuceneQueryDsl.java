package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The DSL Kibana's detection engine sends for a lucene-language rule. Kibana does not parse Lucene: its
 * {@code buildEsQuery} hands the text to Elasticsearch as a {@code query_string} ({@code luceneStringToDsl}),
 * decorated with the engine's {@code queryStringOptions} ({@code analyze_wildcard: true}) and, since the engine
 * sets {@code dateFormatTZ: "Zulu"}, a {@code time_zone}; {@code buildQueryFromLucene} puts it in {@code must} of
 * the bool {@code buildEsQuery} always returns (the rule's filters would go to {@code filter}).
 */
public final class LuceneQueryDsl {

    /** The detection engine's {@code dateFormatTZ}. */
    static final String ENGINE_TIME_ZONE = "Zulu";

    private LuceneQueryDsl() {
    }

    public static ObjectNode of(String query) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode bool = json.objectNode();
        ObjectNode must = bool.putArray("must").addObject();
        if (query.isBlank()) {
            // luceneStringToDsl: a blank string is match_all; buildEsQuery then drops it (an empty must)
            bool.remove("must");
            bool.putArray("must");
        } else {
            must.putObject("query_string")
                    .put("query", query)
                    .put("analyze_wildcard", true)
                    .put("time_zone", ENGINE_TIME_ZONE);
        }
        bool.putArray("filter");
        bool.putArray("should");
        bool.putArray("must_not");
        ObjectNode root = json.objectNode();
        root.set("bool", bool);
        return root;
    }
}
