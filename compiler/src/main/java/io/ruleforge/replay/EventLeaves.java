package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.EventFields;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One event's leaf fields — their dotted paths and the values at each — read once for every ES|QL rule it is handed
 * to: each such rule keeps the fields its query names, and with the corpus's ES|QL rules walking the event once per
 * rule was most of a replay's time. Read on first use, by the one thread that hands the event on.
 */
final class EventLeaves {

    private final JsonNode document;
    private Set<String> paths;
    private final Map<String, List<JsonNode>> values = new HashMap<>();

    EventLeaves(JsonNode document) {
        this.document = document;
    }

    /** The dotted paths of the event's leaf values, sorted ({@link EventFields#leafPaths}). */
    Set<String> paths() {
        if (paths == null) {
            paths = EventFields.leafPaths(document);
        }
        return paths;
    }

    /** The values at {@code path} ({@link EventFields#values}). */
    List<JsonNode> values(String path) {
        return values.computeIfAbsent(path, p -> EventFields.values(document, p));
    }
}
