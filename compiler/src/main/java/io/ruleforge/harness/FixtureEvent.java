package io.ruleforge.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One event of a fixture file.
 *
 * @param source where it comes from, e.g. {@code test-fixtures/x/positive.ndjson:3}
 */
public record FixtureEvent(String source, ObjectNode event) {
    public FixtureEvent {
        event = event.deepCopy();
    }

    @Override
    public ObjectNode event() {
        return event.deepCopy();
    }
}
