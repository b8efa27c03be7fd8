package io.ruleforge.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * One case of a fixture file: a single event, or (a JSON array on the line) an ordered group of events that an
 * EQL sequence rule must match as a whole.
 *
 * @param source      where it comes from, e.g. {@code test-fixtures/x/positive.ndjson:3}
 * @param description what the case is, from the {@code //} comment line above it; may be empty
 * @param events      the event, or the events of a sequence in the order written
 */
public record FixtureEvent(String source, String description, List<ObjectNode> events) {

    public FixtureEvent {
        description = description == null ? "" : description;
        if (events.isEmpty()) {
            throw new IllegalArgumentException("a fixture case has at least one event");
        }
        events = events.stream().map(ObjectNode::deepCopy).toList();
    }

    public FixtureEvent(String source, String description, ObjectNode event) {
        this(source, description, List.of(event));
    }

    /** The (first) event. */
    public ObjectNode event() {
        return events.get(0).deepCopy();
    }

    @Override
    public List<ObjectNode> events() {
        return events.stream().map(ObjectNode::deepCopy).toList();
    }

    public boolean isSequence() {
        return events.size() > 1;
    }

    /** The source, followed by the description in parentheses when there is one. */
    public String label() {
        return description.isEmpty() ? source : source + " (" + description + ")";
    }
}
