package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a sequence's shell alert holds of its events: Kibana merges the building blocks with
 * {@code objectArrayIntersection} (in {@code build_alert_group_from_sequence.ts}) and reads group-by values from the
 * result with {@code robustGet}. Per key of the first document also in the next one: two objects give their own
 * intersection; equal scalars ({@code ===}: {@code 5} is not {@code "5"}) stay; two arrays keep the first's values
 * the second also has (objects inside arrays are never equal: JavaScript compares them by reference); an array and a
 * scalar keep the scalar when the array has it, as a one-element array; anything else drops the key. An object left
 * with no value is dropped too.
 */
final class SequenceIntersection {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private SequenceIntersection() {
    }

    /** The intersection of the documents, in order; empty when nothing is common to them all. */
    static Optional<JsonNode> of(List<JsonNode> documents) {
        if (documents.isEmpty()) {
            return Optional.empty();
        }
        Optional<JsonNode> acc = Optional.of(documents.get(0));
        for (JsonNode next : documents.subList(1, documents.size())) {
            acc = acc.flatMap(a -> pair(a, next));
        }
        return acc;
    }

    private static Optional<JsonNode> pair(JsonNode a, JsonNode b) {
        if (!a.isObject() || !b.isObject()) {
            return Optional.empty();
        }
        ObjectNode out = NODES.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!b.has(entry.getKey())) {
                continue;
            }
            JsonNode x = entry.getValue();
            JsonNode y = b.get(entry.getKey());
            if (x.isObject() && y.isObject()) {
                pair(x, y).ifPresent(v -> out.set(entry.getKey(), v));
            } else if (x.isArray() || y.isArray()) {
                out.set(entry.getKey(), arrayIntersection(asArray(x), asArray(y)));
            } else if (strictlyEqual(x, y)) {
                out.set(entry.getKey(), x);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private static List<JsonNode> asArray(JsonNode node) {
        List<JsonNode> out = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(out::add);
        } else {
            out.add(node);
        }
        return out;
    }

    /** lodash {@code intersection}: the first's distinct values that the second has, in the first's order. */
    private static ArrayNode arrayIntersection(List<JsonNode> first, List<JsonNode> second) {
        ArrayNode out = NODES.arrayNode();
        List<String> seen = new ArrayList<>();
        for (JsonNode x : first) {
            if (x.isContainerNode()) {
                continue; // compared by reference in JavaScript: never equal across documents
            }
            String id = identity(x);
            if (!seen.contains(id) && second.stream().anyMatch(y -> !y.isContainerNode() && identity(y).equals(id))) {
                seen.add(id);
                out.add(x);
            }
        }
        return out;
    }

    private static boolean strictlyEqual(JsonNode x, JsonNode y) {
        return !x.isContainerNode() && !y.isContainerNode() && identity(x).equals(identity(y));
    }

    /** A scalar as JavaScript tells values apart: type and value, numbers by their value ({@code 5 === 5.0}). */
    static String identity(JsonNode value) {
        if (value.isNull()) {
            return "null";
        }
        if (value.isNumber()) {
            BigDecimal n = value.decimalValue().stripTrailingZeros();
            return "n:" + n.toPlainString();
        }
        if (value.isBoolean()) {
            return "b:" + value.asBoolean();
        }
        if (value.isTextual()) {
            return "s:" + value.asText();
        }
        return "o:" + value;
    }

    /**
     * Kibana's {@code robustGet}: the value at a dotted key, whether the document nests it ({@code host: {name}})
     * or spells it with dots ({@code "host.name"}), or a mix; empty when absent or null.
     */
    static Optional<JsonNode> get(JsonNode document, String key) {
        JsonNode direct = document.get(key);
        if (direct != null && !direct.isNull()) {
            return Optional.of(direct);
        }
        String[] parts = key.split("\\.");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            prefix.append(i == 0 ? "" : ".").append(parts[i]);
            JsonNode value = document.get(prefix.toString());
            if (value != null && !value.isNull()) {
                if (!value.isObject()) {
                    return Optional.empty();
                }
                return get(value, String.join(".", List.of(parts).subList(i + 1, parts.length)));
            }
        }
        return Optional.empty();
    }
}
