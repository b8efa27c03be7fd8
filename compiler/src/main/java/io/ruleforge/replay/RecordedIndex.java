package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.EventFields;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The index an event was recorded in, which decides the rules that search it: Kibana runs a rule's search on the
 * rule's {@code index} patterns (an ES|QL rule's {@code FROM}) only, so an event of {@code winlogbeat-8.15.0} is
 * no alert of a rule over {@code logs-endpoint.events.process-*}.
 */
final class RecordedIndex {

    /**
     * A data stream's backing index ({@code .ds-logs-system.security-default-2024.05.01-000001}; before 7.11 without
     * the date): patterns match the stream.
     */
    private static final Pattern BACKING_INDEX = Pattern.compile("\\.ds-(.+?)(?:-\\d{4}\\.\\d{2}\\.\\d{2})?-\\d{6}");

    private RecordedIndex() {
    }

    /** A saved search response's hit: its {@code _index}, a backing index read as its data stream. */
    static Optional<String> ofHit(JsonNode hit) {
        JsonNode index = hit.get("_index");
        if (index == null || !index.isTextual() || index.textValue().isBlank()) {
            return Optional.empty();
        }
        // a cross-cluster search's hit names its cluster (remote1:winlogbeat-8.15.0); rule patterns are matched without
        // theirs (IndexScope), so the hit's is dropped too
        String name = index.textValue().substring(index.textValue().indexOf(':') + 1);
        Matcher backing = BACKING_INDEX.matcher(name);
        return Optional.of(backing.matches() ? backing.group(1) : name);
    }

    /**
     * An event's data stream, {@code data_stream.type-dataset-namespace}, as Elastic Agent and Fleet route it; empty
     * unless the event has all three as strings.
     */
    static Optional<String> ofDataStream(JsonNode source) {
        StringBuilder name = new StringBuilder();
        for (String part : List.of("data_stream.type", "data_stream.dataset", "data_stream.namespace")) {
            List<JsonNode> values = EventFields.values(source, part);
            if (values.size() != 1 || !values.get(0).isTextual() || values.get(0).textValue().isBlank()) {
                return Optional.empty();
            }
            name.append(name.length() == 0 ? "" : "-").append(values.get(0).textValue());
        }
        return Optional.of(name.toString());
    }
}
