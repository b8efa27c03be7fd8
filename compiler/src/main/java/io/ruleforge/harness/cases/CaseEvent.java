package io.ruleforge.harness.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.SourcePosition;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of a case's stream.
 *
 * @param document  the event as Elasticsearch would index it
 * @param timestamp its {@code @timestamp}, parsed as Elasticsearch's default date format does (UTC)
 * @param position  where the event's object starts in the case file
 */
public record CaseEvent(ObjectNode document, Instant timestamp, SourcePosition position) {

    public CaseEvent {
        document = document.deepCopy();
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public ObjectNode document() {
        return document.deepCopy();
    }
}
