package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * One entry of an indicator match alert's {@code threat.enrichments}, as Kibana's {@code buildEnrichments} writes it:
 * the indicator object found at the rule's {@code threat_indicator_path} of the matched indicator, the feed name,
 * and what matched.
 *
 * @param indicator the object at {@code threat_indicator_path} (the first, if an array; empty when absent)
 * @param feedName  {@code threat.feed.name} of the indicator
 * @param atomic    the event's value of the mapped field, as in its source (array or scalar)
 * @param field     the event field of the mapping entry
 * @param id        the indicator's {@code _id}
 * @param index     the indicator's index
 */
public record Enrichment(ObjectNode indicator, Optional<String> feedName, JsonNode atomic, String field, String id,
                         String index) {

    /** Kibana's {@code ENRICHMENT_TYPES.IndicatorMatchRule}. */
    public static final String TYPE = "indicator_match_rule";

    public Enrichment {
        indicator = indicator.deepCopy();
    }

    @Override
    public ObjectNode indicator() {
        return indicator.deepCopy();
    }

    public ObjectNode toJson() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("indicator", indicator.deepCopy());
        ObjectNode feed = out.putObject("feed");
        feedName.ifPresent(name -> feed.put("name", name));
        ObjectNode matched = out.putObject("matched");
        matched.set("atomic", atomic);
        matched.put("field", field);
        matched.put("id", id);
        matched.put("index", index);
        matched.put("type", TYPE);
        return out;
    }
}
