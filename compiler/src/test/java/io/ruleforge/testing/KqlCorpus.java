package io.ruleforge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Kibana's translations of the KQL of Elastic's prebuilt rules, in the shared folder under {@code conformance/kql}
 * ({@code kibana-8.12_ecs.jsonl}, {@code kibana-8.9_nofields.jsonl} …): one JSON object a line, read in place.
 */
public final class KqlCorpus {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One rule's line.
     *
     * @param id    the rule file in the detection-rules repository
     * @param query the KQL
     * @param dsl   the DSL Kibana made of it
     */
    public record Row(String id, String query, JsonNode dsl) {
    }

    private KqlCorpus() {
    }

    /** The rows of one corpus file, in file order; skips (or fails on CI) without the shared folder. */
    public static List<Row> read(String file) {
        Path path = SharedFolder.require("conformance/kql/" + file);
        List<Row> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(path)) {
                if (!line.isBlank()) {
                    JsonNode row = JSON.readTree(line);
                    rows.add(new Row(row.path("id").asText(), row.path("query").asText(), row.get("dsl")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
        return rows;
    }
}
