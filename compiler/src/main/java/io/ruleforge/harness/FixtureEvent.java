package io.ruleforge.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event of a fixture file.
 *
 * @param source      where it comes from, e.g. {@code test-fixtures/x/positive.ndjson:3}
 * @param description what the event is, from the {@code //} comment line above it; may be empty
 */
public record FixtureEvent(String source, String description, ObjectNode event) {
    public FixtureEvent {
        description = description == null ? "" : description;
        event = event.deepCopy();
    }

    /** The source, followed by the description in parentheses when there is one. */
    public String label() {
        return description.isEmpty() ? source : source + " (" + description + ")";
    }

    @Override
    public ObjectNode event() {
        return event.deepCopy();
    }
}
