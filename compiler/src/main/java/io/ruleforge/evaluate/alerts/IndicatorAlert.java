package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Set;

/**
 * An event an indicator match rule alerts on, with its enrichments and the names of the threat filter's clauses
 * that matched it (Elasticsearch's {@code matched_queries}, which Kibana decodes into the enrichments).
 */
public record IndicatorAlert(String eventId, JsonNode event, List<Enrichment> enrichments, Set<String> matchedQueries) {

    public IndicatorAlert {
        enrichments = List.copyOf(enrichments);
        matchedQueries = Set.copyOf(matchedQueries);
    }
}
