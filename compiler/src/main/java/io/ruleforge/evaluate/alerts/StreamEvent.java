package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;

/**
 * An event of a stream and whether the rule's query returns it (decided before, by a verdict source).
 *
 * @param index     its place in the stream, 0-based: alerts name their events by it
 * @param document  the event
 * @param timestamp its {@code @timestamp}
 * @param matched   whether the rule's query (and filters) return it, time aside
 */
public record StreamEvent(int index, ObjectNode document, Instant timestamp, boolean matched) {
    public StreamEvent {
        Objects.requireNonNull(document, "document");
        Objects.requireNonNull(timestamp, "timestamp");
    }
}
