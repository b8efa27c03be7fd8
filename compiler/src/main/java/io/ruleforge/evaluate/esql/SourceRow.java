package io.ruleforge.evaluate.esql;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.List;

/**
 * One document of an index as FROM reads it: its cells (in its index's column order), its {@code _id}, and the JSON
 * document itself when there is one (KQL() and MATCH() read it; csv-spec datasets have none).
 */
public record SourceRow(List<Object> cells, String id, JsonNode document) {
    public SourceRow {
        cells = Collections.unmodifiableList(new java.util.ArrayList<>(cells));
    }
}
