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
 * field, arrays anywhere on the path make the field multi-valued, and {@code null} values are not values. A key is
 * split at its dots as Elasticsearch splits it: trailing dots dropped ({@code "process.name."} is process.name), and
 * a key Elasticsearch refuses ({@code "process..name"}) read as no field (the fixture check reports it, RF6011).
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
        // the plain nesting first, without building a string. A key the segments spell exactly is looked up; a key
        // with trailing dots, which Elasticsearch drops ("process.name." is process.name; see keyParts), is the one
        // kind no lookup finds, so only an object holding one is scanned (flat events are read on every field).
        JsonNode direct = node.get(segments[from]);
        if (direct != null) {
            collect(direct, segments, from + 1, out);
        }
        int dotted = dottedKeys(node);
        if (dotted == NO_DOTTED_KEY) {
            return;
        }
        if (from + 1 < segments.length) {
            StringBuilder key = new StringBuilder(segments[from]);
            for (int end = from + 1; end < segments.length; end++) {
                key.append('.').append(segments[end]);
                JsonNode child = node.get(key.toString());
                if (child != null) {
                    collect(child, segments, end + 1, out);
                }
            }
        }
        if (dotted == TRAILING_DOT_KEY) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getKey().endsWith(".")) {
                    String[] parts = keyParts(entry.getKey());
                    if (parts.length > 0 && startsWith(segments, from, parts)) {
                        collect(entry.getValue(), segments, from + parts.length, out);
                    }
                }
            }
        }
    }

    private static final int NO_DOTTED_KEY = 0;
    private static final int DOTTED_KEY = 1;
    private static final int TRAILING_DOT_KEY = 2;

    /** Whether the object has a key with a dot in it, and whether one ends with a dot. */
    private static int dottedKeys(JsonNode object) {
        int found = NO_DOTTED_KEY;
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (key.endsWith(".")) {
                return TRAILING_DOT_KEY;
            }
            if (key.indexOf('.') >= 0) {
                found = DOTTED_KEY;
            }
        }
        return found;
    }

    private static boolean startsWith(String[] segments, int from, String[] parts) {
        if (from + parts.length > segments.length) {
            return false;
        }
        for (int i = 0; i < parts.length; i++) {
            if (!segments[from + i].equals(parts[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * A document key as Elasticsearch's document parser splits it at its dots ({@code DotExpandingXContentParser},
     * {@code splitAndValidatePath}): with Java's {@code String.split}, which drops trailing empty parts, so
     * {@code "process.name."} and {@code "name.."} read as {@code process.name} and {@code name}. Empty for a key
     * Elasticsearch refuses ({@link #keyProblem}).
     */
    public static String[] keyParts(String key) {
        String[] parts = key.split("\\.");
        for (String part : parts) {
            if (part.isBlank()) {
                return new String[0];
            }
        }
        return parts;
    }

    /**
     * Why Elasticsearch 8.19 refuses a document with this key, in its words; empty when it takes it. It refuses an
     * empty key, a key of only dots or only whitespace, and one whose parts between dots include an empty or blank
     * one ({@code ".process.name"}, {@code "process..name"}, {@code ".name"}); trailing dots are dropped, not refused.
     */
    public static java.util.Optional<String> keyProblem(String key) {
        if (key.isEmpty()) {
            return java.util.Optional.of("field name cannot be an empty string");
        }
        String[] parts = key.split("\\.");
        if (parts.length == 0) {
            return java.util.Optional.of("field name cannot contain only dots");
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                return java.util.Optional.of("field name cannot contain only whitespace");
            }
            if (part.isBlank()) {
                return java.util.Optional.of(parts.length == 1 ? "field name cannot contain only whitespace"
                        : "field name starting or ending with a [.] makes object resolution ambiguous");
            }
        }
        return java.util.Optional.empty();
    }

    /** The key as the dotted path Elasticsearch reads it ({@code "name."} is {@code name}); empty when it refuses it. */
    public static String keyPath(String key) {
        return key.indexOf('.') < 0 ? (key.isBlank() ? "" : key) : String.join(".", keyParts(key));
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
                String key = keyPath(e.getKey());
                if (!key.isEmpty()) {
                    walk(e.getValue(), prefix.isEmpty() ? key : prefix + "." + key, out);
                }
            }
        } else if (!prefix.isEmpty()) {
            out.add(prefix);
        }
    }
}
