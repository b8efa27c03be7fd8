package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.evaluate.alerts.RuleTimestamp;

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
    private final LeafPaths numbering;
    private Set<String> paths;
    private int[] ids;
    private final Map<String, List<JsonNode>> values = new HashMap<>();
    /** Whether the event lacks {@link #fallsBackOf}'s time field and is placed by the fallback; null until asked. */
    private Boolean fallsBack;
    private RuleTimestamp fallsBackOf;

    EventLeaves(JsonNode document, LeafPaths numbering) {
        this.document = document;
        this.numbering = numbering;
    }

    /** The numbering {@link #ids} come from. */
    LeafPaths numbering() {
        return numbering;
    }

    /** The numbers of {@link #paths}, in their order ({@link LeafPaths#NONE} for one beyond the numbering's limit). */
    int[] ids() {
        if (ids == null) {
            ids = new int[paths().size()];
            int i = 0;
            for (String path : paths) {
                ids[i++] = numbering.id(path);
            }
        }
        return ids;
    }

    /**
     * {@link RuleTimestamp#fallsBack} of the event for {@code time}, read once per time field: the leaves are read for
     * one clock, whose rules all place events by the same one.
     */
    boolean fallsBack(RuleTimestamp time) {
        if (fallsBack == null || !time.equals(fallsBackOf)) {
            fallsBack = time.fallsBack(document);
            fallsBackOf = time;
        }
        return fallsBack;
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
