package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the values of a dotted field name from an event document the way Elasticsearch's document parser sees
 * them: {@code {"process":{"name":"a"}}}, {@code {"process.name":"a"}} and any mix of the two address the same
 * field, arrays anywhere on the path make the field multi-valued, and {@code null} values are not values.
 */
public final class EventFields {

    private EventFields() {
    }

    /**
     * Every non-null value of {@code field} (arrays flattened, objects kept for callers that want containers), in
     * document order. Empty when the field is missing.
     */
    public static List<JsonNode> values(JsonNode document, String field) {
        return values(document, segments(field));
    }

    /** As {@link #values(JsonNode, String)}, for a name already split by {@link #segments}. */
    static List<JsonNode> values(JsonNode document, String[] segments) {
        List<JsonNode> out = new ArrayList<>(2);
        collect(document, segments, 0, out);
        return out;
    }

    /** A dotted field name split at its dots. */
    static String[] segments(String field) {
        return field.split("\\.", -1);
    }

    private static void collect(JsonNode node, String[] segments, int from, List<JsonNode> out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, segments, from, out);
            }
            return;
        }
        if (from == segments.length) {
            out.add(node);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        // A key may itself contain dots ("process.name"), so try every way of consuming the remaining segments;
        // the plain nesting first, without building a string.
        JsonNode direct = node.get(segments[from]);
        if (direct != null) {
            collect(direct, segments, from + 1, out);
        }
        if (from + 1 == segments.length || !hasDottedKey(node)) {
            return;
        }
        StringBuilder key = new StringBuilder();
        for (int end = from; end < segments.length; end++) {
            if (end > from) {
                key.append('.');
            }
            key.append(segments[end]);
            JsonNode child = end == from ? null : node.get(key.toString());
            if (child != null) {
                collect(child, segments, end + 1, out);
            }
        }
    }

    private static boolean hasDottedKey(JsonNode object) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            if (it.next().indexOf('.') >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The dotted names of every leaf (non-object) value in the document, sorted; used to expand field patterns. */
    public static Set<String> leafPaths(JsonNode document) {
        Set<String> out = new TreeSet<>();
        walk(document, "", out);
        return out;
    }

    private static void walk(JsonNode node, String prefix, Set<String> out) {
        if (node == null || node.isNull()) {
            return;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                walk(element, prefix, out);
            }
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), out);
            }
        } else if (!prefix.isEmpty()) {
            out.add(prefix);
        }
    }
}
