package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One recorded event and where it came from.
 *
 * @param source   the event document ({@code _source} for a saved search response)
 * @param file     index of the file in the replay's input list; {@link #RESULT_ROW} for an aggregating ES|QL rule's
 *                 result row, which stands for no one input event
 * @param line     1-based line of the event in that file (of the response, for a saved search response)
 * @param sequence the event's position in the whole input, for a stable order among equal timestamps
 * @param index    the index it was recorded in ({@link RecordedIndex}), null when not known: then every rule searches it
 */
public record RecordedEvent(JsonNode source, int file, int line, long sequence, String index) {
    public static final int RESULT_ROW = -1;

    /** This event at {@code position} in the whole input. */
    public RecordedEvent withSequence(long position) {
        return new RecordedEvent(source, file, line, position, index);
    }

    /** An event of no known index. */
    public RecordedEvent(JsonNode source, int file, int line, long sequence) {
        this(source, file, line, sequence, null);
    }
}
