package io.ruleforge.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the field types of a user's index from an Elasticsearch mapping file, in any of the shapes users have at
 * hand: a mapping ({@code {"properties":…}} or {@code {"mappings":{"properties":…}}}), a composable index template
 * ({@code {"index_patterns":…, "template":{"mappings":…}}}), or the output of {@code GET <index>/_mapping}
 * ({@code {"<index>":{"mappings":…}}}). Objects become dotted names, multi-fields ({@code fields}) become
 * {@code name.sub}, {@code nested} and {@code object} containers are kept as such.
 */
public final class MappingFile {

    private MappingFile() {
    }

    /** @throws IOException when the file cannot be read or holds no mapping */
    public static FieldSchema read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        JsonNode properties = properties(root);
        if (properties == null) {
            throw new IOException(file + " holds no mapping: expected \"properties\", \"mappings\", an index template or GET _mapping output");
        }
        List<FieldMapping> fields = new ArrayList<>();
        collect(properties, "", fields);
        return FieldSchema.of(file.getFileName().toString(), fields);
    }

    private static JsonNode properties(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        if (root.has("properties")) {
            return root.get("properties");
        }
        if (root.has("mappings")) {
            return properties(root.get("mappings"));
        }
        if (root.has("template")) {
            return properties(root.get("template"));
        }
        // GET _mapping: the first index's mappings
        Iterator<Map.Entry<String, JsonNode>> it = root.fields();
        while (it.hasNext()) {
            JsonNode candidate = it.next().getValue();
            if (candidate.isObject() && candidate.has("mappings")) {
                return properties(candidate.get("mappings"));
            }
        }
        return null;
    }

    private static void collect(JsonNode properties, String prefix, List<FieldMapping> out) {
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix + e.getKey();
            JsonNode definition = e.getValue();
            String type = definition.path("type").asText(definition.has("properties") ? "object" : "object");
            out.add(new FieldMapping(name, type, definition.path("ignore_above").asInt(0)));
            if (definition.has("properties")) {
                collect(definition.get("properties"), name + ".", out);
            }
            Iterator<Map.Entry<String, JsonNode>> multi = definition.path("fields").fields();
            while (multi.hasNext()) {
                Map.Entry<String, JsonNode> sub = multi.next();
                out.add(new FieldMapping(name + "." + sub.getKey(), sub.getValue().path("type").asText("keyword"),
                        sub.getValue().path("ignore_above").asInt(0)));
            }
        }
    }
}
