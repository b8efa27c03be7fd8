package io.ruleforge.evaluate.eql;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One result: for an event query a single event; for a sequence one event per (expanded) term, in term order, with
 * null standing for a missing-event term's placeholder; for a sample one event per filter.
 *
 * @param events   the events, as given to the evaluator
 * @param joinKeys the join-key values ({@link String}, {@link Long}, {@link Double}, {@link Boolean}, null for an
 *                 absent optional key); empty for event queries
 */
public record EqlMatch(List<JsonNode> events, List<Object> joinKeys) {

    public EqlMatch {
        // List.copyOf refuses nulls, and null is the missing-event placeholder
        events = Collections.unmodifiableList(new ArrayList<>(events));
        joinKeys = Collections.unmodifiableList(new ArrayList<>(joinKeys));
    }
}
