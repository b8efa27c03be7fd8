package io.ruleforge.evaluate.eql;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An input event with what ordering needs.
 *
 * @param document  the event as given
 * @param timestamp epoch milliseconds of the timestamp field, null when absent or unparsable
 * @param position  position in the ordered stream (0-based), the final tie-break
 */
record OrderedEvent(JsonNode document, Long timestamp, int position) {
}
