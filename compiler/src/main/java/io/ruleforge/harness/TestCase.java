package io.ruleforge.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.SourcePosition;

import java.util.List;

/**
 * One check of a rule on one event.
 *
 * @param subject  the event, as reports name it: {@code positive.ndjson:2 (description)} or
 *                 {@code positive.ndjson:2 with destination.ip=10.0.0.0 (first address of excluded 10.0.0.0/8)}
 * @param kind     where the event comes from
 * @param source   the fixture line the event is (or was generated from)
 * @param events   the event, or the events of a sequence (EQL rules)
 * @param mustFire the expected verdict
 */
public record TestCase(String subject, Kind kind, String source, List<ObjectNode> events, boolean mustFire) {

    public enum Kind {
        /** A fixture event the rule must fire on. */
        POSITIVE,
        /** A fixture event the rule must stay quiet on. */
        NEGATIVE,
        /** A positive moved into an excluded IP block (first, middle, last address): must stay quiet. */
        GENERATED_EXCLUDED,
        /** A positive moved just outside an excluded IP block: must still fire. */
        GENERATED_OUTSIDE,
        /** A multi-event case file: its stream must give exactly the alerts it states. */
        ALERT_CASE,
        /** A stream generated at an alert boundary (threshold value, cardinality, history window…). */
        GENERATED_ALERT_BOUNDARY;

        /** Whether the case states alerts of a stream rather than the verdict on one event. */
        public boolean isAlertCase() {
            return this == ALERT_CASE || this == GENERATED_ALERT_BOUNDARY;
        }
    }

    public TestCase {
        events = events.stream().map(ObjectNode::deepCopy).toList();
    }

    public TestCase(String subject, Kind kind, String source, ObjectNode event, boolean mustFire) {
        this(subject, kind, source, List.of(event), mustFire);
    }

    /** A case made of a fixture case (one event or a sequence). */
    static TestCase of(FixtureEvent fixture, Kind kind, boolean mustFire) {
        return new TestCase(fixture.label(), kind, fixture.source(), fixture.events(), mustFire);
    }

    @Override
    public List<ObjectNode> events() {
        return events.stream().map(ObjectNode::deepCopy).toList();
    }

    /** The test's name in reports: the event and the expected verdict. */
    public String name() {
        if (kind.isAlertCase()) {
            return subject + " gives the alerts it states";
        }
        return subject + (mustFire ? " fires" : " stays quiet");
    }

    /**
     * The fixture line as a position, from {@link #source()} ({@code file:line}); the whole file when the source
     * carries no line.
     */
    public SourcePosition position() {
        return SourcePosition.ofFileLine(source);
    }

    /** The (first) event. */
    public ObjectNode event() {
        return events.get(0).deepCopy();
    }
}
