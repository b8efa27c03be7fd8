package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * An indicator match rule's {@code threat_mapping}: an event matches an indicator when all entries of one item
 * match (AND inside an item, OR across items). An entry maps the event field {@code field} to the indicator field
 * {@code value}; a {@code negate} entry ("does not match") requires the event's field not to hold the indicator's
 * value.
 */
public record ThreatMapping(List<Item> items) {

    public ThreatMapping {
        items = List.copyOf(items);
    }

    public record Entry(String field, String value, boolean negate) {
    }

    public record Item(List<Entry> entries) {
        public Item {
            entries = List.copyOf(entries);
        }
    }

    /** Reads {@code [[rule.threat_mapping]]} as validated (entries of {@code field}, {@code type}, {@code value}). */
    public static ThreatMapping of(JsonNode threatMapping) {
        List<Item> items = new ArrayList<>();
        for (JsonNode item : threatMapping) {
            List<Entry> entries = new ArrayList<>();
            for (JsonNode entry : item.path("entries")) {
                entries.add(new Entry(entry.path("field").asText(), entry.path("value").asText(),
                        entry.path("negate").asBoolean(false)));
            }
            items.add(new Item(entries));
        }
        return new ThreatMapping(items);
    }
}
