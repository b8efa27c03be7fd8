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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the field types of a user's index from an Elasticsearch mapping file, in any of the shapes users have at
 * hand: a mapping ({@code {"properties":…}} or {@code {"mappings":{"properties":…}}}), a composable index template
 * ({@code {"index_patterns":…, "template":{"mappings":…}}}), or the output of {@code GET <index>/_mapping}
 * ({@code {"<index>":{"mappings":…}}}). Objects become dotted names, multi-fields ({@code fields}) become
 * {@code name.sub}, {@code nested} and {@code object} containers are kept as such.
 */
public final class MappingFile {

    /** A data stream's backing index: {@code .ds-<data stream>-<yyyy.MM.dd>-<generation>}. */
    private static final Pattern BACKING_INDEX = Pattern.compile("\\.ds-(.+)-\\d{4}\\.\\d{2}\\.\\d{2}-\\d+");

    private MappingFile() {
    }

    /**
     * Every field of the file, all mappings in it layered in file order.
     *
     * @throws IOException when the file cannot be read or holds no mapping
     */
    public static FieldSchema read(Path file) throws IOException {
        FieldSchema merged = null;
        for (ScopedMapping mapping : readScoped(file)) {
            merged = merged == null ? mapping.fields() : merged.overlay(mapping.fields());
        }
        return FieldSchema.of(file.getFileName().toString(), merged.fields());
    }

    /**
     * The mappings of the file with the indices each describes: an index template is scoped by its
     * {@code index_patterns}, each index of {@code GET _mapping} output by its name (and a data stream's backing
     * index by its data stream), {@code GET _index_template} output by each template's patterns; a plain mapping
     * or component template describes every index.
     *
     * @throws IOException when the file cannot be read or holds no mapping
     */
    public static List<ScopedMapping> readScoped(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        String name = file.getFileName().toString();
        List<ScopedMapping> out = new ArrayList<>();
        if (root != null && root.isObject()) {
            if (root.path("index_templates").isArray()) {
                for (JsonNode entry : root.get("index_templates")) {
                    scoped(name + " [" + entry.path("name").asText("?") + "]", entry.path("index_template"), out);
                }
            } else if (properties(root) != null) {
                scoped(name, root, out);
            } else {
                // GET _mapping (index → mappings) or GET _template (template name → template)
                Iterator<Map.Entry<String, JsonNode>> it = root.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    JsonNode value = entry.getValue();
                    if (!value.isObject() || properties(value) == null) {
                        continue;
                    }
                    String source = name + " [" + entry.getKey() + "]";
                    if (value.has("index_patterns")) {
                        scoped(source, value, out);
                    } else {
                        out.add(new ScopedMapping(source, indexNames(entry.getKey()), schema(source, properties(value))));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(file + " holds no mapping: expected \"properties\", \"mappings\", an index template or GET _mapping output");
        }
        return out;
    }

    private static void scoped(String source, JsonNode definition, List<ScopedMapping> out) {
        JsonNode properties = properties(definition);
        if (properties == null) {
            return;
        }
        List<String> patterns = new ArrayList<>();
        JsonNode declared = definition.path("index_patterns");
        if (declared.isTextual()) {
            patterns.addAll(List.of(declared.asText().split(",")));
        } else {
            declared.forEach(p -> patterns.add(p.asText()));
        }
        out.add(new ScopedMapping(source, patterns.stream().map(String::strip).filter(p -> !p.isEmpty()).toList(),
                schema(source, properties)));
    }

    /** The names a rule may use for an index: its own, and for a data stream's backing index, the stream's. */
    private static List<String> indexNames(String index) {
        Matcher backing = BACKING_INDEX.matcher(index);
        return backing.matches() ? List.of(index, backing.group(1)) : List.of(index);
    }

    private static FieldSchema schema(String source, JsonNode properties) {
        List<FieldMapping> fields = new ArrayList<>();
        collect(properties, "", fields);
        return FieldSchema.of(source, fields);
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
        return null;
    }

    private static void collect(JsonNode properties, String prefix, List<FieldMapping> out) {
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix + e.getKey();
            JsonNode definition = e.getValue();
            String type = definition.path("type").asText(definition.has("properties") ? "object" : "object");
            out.add(type.equals("alias") && definition.path("path").isTextual()
                    ? FieldMapping.alias(name, definition.get("path").asText())
                    : new FieldMapping(name, type, definition.path("ignore_above").asInt(0)));
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
