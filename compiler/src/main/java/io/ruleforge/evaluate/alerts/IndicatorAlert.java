package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An event an indicator match rule alerts on, with its enrichments and the names of the threat filter's clauses
 * that matched it (Elasticsearch's {@code matched_queries}, which Kibana decodes into the enrichments).
 *
 * @param matchedValues per event field of a matched (non-negated) entry, the indicator value it matched: what a
 *                      case names the alert by ({@code {"destination.ip": "203.0.113.7"}})
 */
public record IndicatorAlert(String eventId, JsonNode event, List<Enrichment> enrichments, Set<String> matchedQueries,
                             Map<String, String> matchedValues) {

    public IndicatorAlert {
        enrichments = List.copyOf(enrichments);
        matchedQueries = Set.copyOf(matchedQueries);
        matchedValues = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(matchedValues));
    }
}
