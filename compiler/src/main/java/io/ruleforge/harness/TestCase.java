package io.ruleforge.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One check of a rule on one event.
 *
 * @param subject  the event, as reports name it: {@code positive.ndjson:2 (description)} or
 *                 {@code positive.ndjson:2 with destination.ip=10.0.0.0 (first address of excluded 10.0.0.0/8)}
 * @param kind     where the event comes from
 * @param source   the fixture line the event is (or was generated from)
 * @param mustFire the expected verdict
 */
public record TestCase(String subject, Kind kind, String source, ObjectNode event, boolean mustFire) {

    public enum Kind {
        /** A fixture event the rule must fire on. */
        POSITIVE,
        /** A fixture event the rule must stay quiet on. */
        NEGATIVE,
        /** A positive moved into an excluded IP block (first, middle, last address): must stay quiet. */
        GENERATED_EXCLUDED,
        /** A positive moved just outside an excluded IP block: must still fire. */
        GENERATED_OUTSIDE
    }

    public TestCase {
        event = event.deepCopy();
    }

    /** The test's name in reports: the event and the expected verdict. */
    public String name() {
        return subject + (mustFire ? " fires" : " stays quiet");
    }

    @Override
    public ObjectNode event() {
        return event.deepCopy();
    }
}
