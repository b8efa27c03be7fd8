package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * What a clause is evaluated against: the event (or, inside a {@code nested} query, one nested object wrapped
 * as {@code {"<path>": object}}), the nested path in effect (null at the root) and the instant of {@code now}.
 */
record Document(JsonNode source, String nestedScope, Instant now) {
}
