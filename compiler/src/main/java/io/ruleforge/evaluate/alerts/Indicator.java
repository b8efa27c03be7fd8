package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/** One document of the threat index: its {@code _id}, its index and its source. */
public record Indicator(String id, String index, JsonNode source) {

    public Indicator {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(source, "source");
    }
}
