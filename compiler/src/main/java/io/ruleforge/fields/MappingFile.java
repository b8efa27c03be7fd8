package io.ruleforge.fields;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.diag.EditDistance;
import io.ruleforge.diag.QueryText;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.JsonMessages;
import io.ruleforge.files.Utf8Text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the field types of a user's index from an Elasticsearch mapping file, in any of the shapes users have at
 * hand: a mapping ({@code {"properties":…}} or {@code {"mappings":{"properties":…}}}), a composable index template
 * ({@code {"index_patterns":…, "template":{"mappings":…}}}) or a legacy one, a component template
 * ({@code {"template":{"mappings":…}}}), the output of {@code GET _index_template}, {@code GET _component_template},
 * {@code GET _template} or {@code GET <index>/_mapping} ({@code {"<index>":{"mappings":…}}}). Objects become dotted names, multi-fields ({@code fields}) become
 * {@code name.sub}, {@code nested} and {@code object} containers are kept as such.
 */
public final class MappingFile {

    /** A data stream's backing index: {@code .ds-<data stream>-<yyyy.MM.dd>-<generation>}. */
    private static final Pattern BACKING_INDEX = Pattern.compile("\\.ds-(.+)-\\d{4}\\.\\d{2}\\.\\d{2}-\\d+");

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Every field type Elasticsearch 8.x/9.x and its bundled plugins know (and the {@code object} that properties
     * without a type become).
     */
    private static final Set<String> KNOWN_TYPES = Set.of(
            "text", "match_only_text", "keyword", "constant_keyword", "wildcard", "version", "long", "integer", "short",
            "byte", "double", "float", "half_float", "scaled_float", "unsigned_long", "date", "date_nanos", "boolean",
            "binary", "ip", "object", "nested", "flattened", "passthrough", "join", "alias", "geo_point", "geo_shape",
            "point", "shape", "integer_range", "float_range", "long_range", "double_range", "date_range", "ip_range",
            "completion", "search_as_you_type", "token_count", "dense_vector", "sparse_vector", "rank_feature",
            "rank_features", "percolator", "histogram", "exponential_histogram", "aggregate_metric_double",
            "annotated_text", "murmur3", "icu_collation_keyword", "semantic_text", "counted_keyword", "rank_vectors");

    private MappingFile() {
    }

    /**
     * Every field of the file, all mappings in it layered in file order.
     *
     * @throws IOException when the file cannot be read or holds no mapping
     */
    public static FieldSchema read(Path file) throws IOException, DiagnosticException {
        FieldSchema merged = null;
        for (ScopedMapping mapping : readScoped(file, file.toString())) {
            merged = merged == null ? mapping.fields() : merged.overlay(mapping.fields());
        }
        return merged.flattenedAs(file.getFileName().toString());
    }

    /**
     * The mappings of the file with the indices each describes: an index template is scoped by its
     * {@code index_patterns}, each index of {@code GET _mapping} output by its name (and a data stream's backing
     * index by its data stream), {@code GET _index_template} output by each template's patterns, each template with
     * its priority and components ({@link IndexTemplate}); a plain mapping describes every index, and so does a component
     * template ({@code PUT _component_template} body, named by its file, or {@code GET _component_template} output, by
     * its names) until {@link IndexMappings} finds a template composing it.
     *
     * @param display the file as messages name it
     * @throws IOException         when the file cannot be read
     * @throws DiagnosticException when it is not JSON, holds no mapping or maps a field to a type Elasticsearch does
     *                             not have: positioned in the file, with an RF40xx code
     */
    public static List<ScopedMapping> readScoped(Path file, String display) throws IOException, DiagnosticException {
        String text;
        try {
            text = Utf8Text.read(file);
        } catch (Utf8Text.NotUtf8Exception e) {
            throw new DiagnosticException(new Diagnostic(MappingCodes.MALFORMED, Severity.ERROR, e.position(display), e.problem(), ""));
        }
        JsonNode root;
        try (JsonParser parser = JSON.createParser(text)) {
            root = JSON.readTree(parser);
            OptionalInt trailing = JsonMessages.textAfterValue(parser, text);
            if (trailing.isPresent()) {
                int after = trailing.getAsInt();
                QueryText positions = new QueryText(text);
                String rest = text.substring(after).strip();
                throw new DiagnosticException(new Diagnostic(MappingCodes.MALFORMED, Severity.ERROR,
                        new SourcePosition(display, positions.line(after), positions.column(after)),
                        "malformed JSON: expected the end of the file after the mapping, found '" + JsonMessages.abbreviate(rest) + "'",
                        "an Elasticsearch mapping, index template or GET _mapping output is one JSON object"));
            }
        } catch (JsonProcessingException e) {
            throw new DiagnosticException(new Diagnostic(MappingCodes.MALFORMED, Severity.ERROR,
                    position(display, text, e.getLocation()), "malformed JSON: " + JsonMessages.oneLine(e.getOriginalMessage()),
                    "an Elasticsearch mapping, index template or GET _mapping output is one JSON object"));
        }
        checkShape(display, text);
        String name = file.getFileName().toString();
        List<ScopedMapping> out = new ArrayList<>();
        if (root != null && root.isObject()) {
            if (root.path("index_templates").isArray()) {
                for (JsonNode entry : root.get("index_templates")) {
                    scoped(name + " [" + entry.path("name").asText("?") + "]", entry.path("index_template"), out);
                }
            } else if (root.path("component_templates").isArray()) {
                // GET _component_template: each by its name, for the index templates that compose it
                for (JsonNode entry : root.get("component_templates")) {
                    String component = entry.path("name").asText("?");
                    JsonNode definition = entry.path("component_template");
                    String source = name + " [" + component + "]";
                    out.add(new ScopedMapping(source, List.of(), schema(source, definition), Optional.empty(), Optional.of(component)));
                }
            } else if (root.has("index_patterns")) {
                scoped(name, root, out);
            } else if (describesIndex(root)) {
                if (root.path("template").isObject()) {
                    // a PUT _component_template body: named as its file is, without .json
                    out.add(new ScopedMapping(name, List.of(), schema(name, root), Optional.empty(), Optional.of(componentName(name))));
                } else {
                    scoped(name, root, out);
                }
            } else {
                // GET _mapping (index → mappings) or GET _template (template name → template)
                Iterator<Map.Entry<String, JsonNode>> it = root.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> entry = it.next();
                    JsonNode value = entry.getValue();
                    if (!value.isObject() || !describesIndex(value)) {
                        continue;
                    }
                    String source = name + " [" + entry.getKey() + "]";
                    if (value.has("index_patterns")) {
                        scoped(source, value, out);
                    } else {
                        out.add(new ScopedMapping(source, indexNames(entry.getKey()), schema(source, value)));
                    }
                }
            }
        }
        if (out.isEmpty()) {
            throw new DiagnosticException(new Diagnostic(MappingCodes.NO_MAPPING, Severity.ERROR, SourcePosition.ofFile(display),
                    "holds no mapping: expected \"properties\", \"mappings\", an index template or GET _mapping output", ""));
        }
        for (ScopedMapping mapping : out) {
            for (FieldMapping field : mapping.fields().fields()) {
                if (!KNOWN_TYPES.contains(field.type())) {
                    throw unknownType(display, text, field);
                }
                if (field.format() != null) {
                    Optional<String> problem = DateValues.formatProblem(field.format());
                    if (problem.isPresent()) {
                        throw badFormat(display, text, field, problem.get());
                    }
                }
            }
        }
        return out;
    }

    /**
     * Elasticsearch refuses a mapping whose {@code properties}, a field's definition, its {@code fields} or its
     * {@code type} has the wrong JSON type ("Expected map for property [fields] on field [x]"), so the file could never
     * be installed: an error at the value, never a field silently left out.
     */
    private static void checkShape(String display, String text) throws DiagnosticException {
        try (JsonParser parser = JSON.createParser(text)) {
            ArrayDeque<Open> open = new ArrayDeque<>();
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.FIELD_NAME) {
                    continue;
                }
                if (t.isStructEnd()) {
                    open.pop();
                    continue;
                }
                Open parent = open.peek();
                String key = parser.currentName();
                Role role = Role.OTHER;
                String expected = null;
                if (parent != null && parent.role() == Role.FIELD && ("properties".equals(key) || "fields".equals(key))) {
                    role = Role.FIELDS;
                    expected = "\"" + key + "\" to be an object of fields";
                } else if (parent != null && parent.role() == Role.FIELD && "type".equals(key)) {
                    expected = "\"type\" to be a field type name such as \"keyword\"";
                } else if (parent != null && parent.role() == Role.FIELDS) {
                    role = Role.FIELD;
                    expected = "the mapping of field \"" + key + "\" to be an object such as {\"type\": \"keyword\"}";
                } else if ("properties".equals(key) && parent != null && (open.size() == 1 || "mappings".equals(parent.key()))) {
                    // the mapping's own properties: at the top of a plain mapping, or under "mappings"
                    role = Role.FIELDS;
                    expected = "\"properties\" to be an object of fields";
                }
                JsonToken wanted = "type".equals(key) && parent != null && parent.role() == Role.FIELD
                        ? JsonToken.VALUE_STRING : JsonToken.START_OBJECT;
                if (expected != null && t != wanted) {
                    throw new DiagnosticException(new Diagnostic(MappingCodes.MALFORMED, Severity.ERROR,
                            position(display, text, parser.currentTokenLocation()), "expected " + expected + ", found "
                            + JsonMessages.describe(t) + " (Elasticsearch refuses the mapping)", ""));
                }
                if (t.isStructStart()) {
                    open.push(new Open(role, key == null ? "" : key));
                }
            }
        } catch (IOException e) {
            // the text parsed once already
        }
    }

    /** Whether a date's {@code format} reads documents as the default one does (index templates often spell it out). */
    private static boolean isDefaultFormat(String format) {
        for (String part : format.split("\\|\\|")) {
            String name = part.strip();
            if (!name.equals("strict_date_optional_time") && !name.equals("date_optional_time") && !name.equals("epoch_millis")) {
                return false;
            }
        }
        return true;
    }

    /** What an object of a mapping holds: fields by name (properties, fields), one field's definition, or other. */
    private enum Role { FIELDS, FIELD, OTHER }

    /** An object or array the shape check is inside, with the key it is under. */
    private record Open(Role role, String key) {
    }

    /** The file with the same name in messages as on the command line (tests, tools). */
    public static List<ScopedMapping> readScoped(Path file) throws IOException, DiagnosticException {
        return readScoped(file, file.toString());
    }

    /**
     * A field type Elasticsearch does not have makes the index template fail to install; taking the field as some
     * other type would check and evaluate rules against a mapping no cluster can hold.
     */
    private static DiagnosticException unknownType(String display, String text, FieldMapping field) {
        JsonLocation at = null;
        try (JsonParser parser = JSON.createParser(text)) {
            for (JsonToken t = parser.nextToken(); t != null && at == null; t = parser.nextToken()) {
                if (t == JsonToken.VALUE_STRING && "type".equals(parser.currentName()) && field.type().equals(parser.getText())) {
                    at = parser.currentTokenLocation();
                }
            }
        } catch (IOException e) {
            at = null; // the text parsed once already; without a location the file itself is named
        }
        return new DiagnosticException(new Diagnostic(MappingCodes.UNKNOWN_TYPE, Severity.ERROR, position(display, text, at),
                "field " + field.name() + " has the type \"" + field.type() + "\", which is not an Elasticsearch field type",
                EditDistance.closest(field.type(), KNOWN_TYPES).map(t -> "did you mean \"" + t + "\"?")
                        .orElse("use a field type such as keyword, long, ip or date")));
    }

    /** Elasticsearch refuses a mapping whose date format it cannot read ("Invalid format: [...]"). */
    private static DiagnosticException badFormat(String display, String text, FieldMapping field, String problem) {
        return new DiagnosticException(new Diagnostic(MappingCodes.MALFORMED, Severity.ERROR,
                position(display, text, stringLocation(text, "format", field.format())),
                "field " + field.name() + " has the date format \"" + field.format() + "\", which Elasticsearch refuses: " + problem,
                "use built-in formats such as strict_date_optional_time or epoch_second, or a Java DateTimeFormatter pattern,"
                        + " joined with ||"));
    }

    /** Where the first string {@code value} under {@code key} stands; null when not found (the file is named). */
    private static JsonLocation stringLocation(String text, String key, String value) {
        try (JsonParser parser = JSON.createParser(text)) {
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.VALUE_STRING && key.equals(parser.currentName()) && value.equals(parser.getText())) {
                    return parser.currentTokenLocation();
                }
            }
        } catch (IOException e) {
            return null; // the text parsed once already
        }
        return null;
    }

    /** Where a Jackson location stands, columns in code points like every other position. */
    private static SourcePosition position(String display, String text, JsonLocation location) {
        if (location == null || location.getCharOffset() < 0) {
            return location == null || location.getLineNr() < 1 ? SourcePosition.ofFile(display)
                    : new SourcePosition(display, location.getLineNr(), Math.max(location.getColumnNr(), 1));
        }
        int offset = (int) Math.min(location.getCharOffset(), text.length());
        QueryText positions = new QueryText(text);
        return new SourcePosition(display, positions.line(offset), positions.column(offset));
    }

    /**
     * An index template ({@code index_patterns} and its mapping), a plain mapping (neither: every index). A composable
     * template is kept even when it holds no field: whether it applies to an index decides whether a template of lower
     * priority does.
     */
    private static void scoped(String source, JsonNode definition, List<ScopedMapping> out) {
        Optional<IndexTemplate> template = definition.has("index_patterns") ? Optional.of(template(definition)) : Optional.empty();
        if (!describesIndex(definition) && !template.map(IndexTemplate::composable).orElse(false)) {
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
                schema(source, definition), template, Optional.empty()));
    }

    /**
     * What decides whether a template applies to an index its patterns match: a legacy template ({@code PUT _template}:
     * {@code mappings}, {@code settings}, {@code aliases} or {@code order} beside its patterns) or a composable one
     * ({@code template}, {@code composed_of}, {@code priority}, {@code data_stream}), with its priority and components.
     */
    private static IndexTemplate template(JsonNode definition) {
        boolean composable = definition.has("template") || definition.has("composed_of") || definition.has("priority")
                || definition.has("data_stream") || definition.has("ignore_missing_component_templates");
        boolean legacy = definition.has("mappings") || definition.has("settings") || definition.has("aliases") || definition.has("order");
        if (legacy && !composable) {
            return IndexTemplate.legacy();
        }
        JsonNode priority = definition.path("priority");
        long value = priority.canConvertToLong() ? priority.asLong() : priority.isTextual() ? parseLong(priority.asText()) : 0;
        return IndexTemplate.composable(value, names(definition.path("composed_of")),
                names(definition.path("ignore_missing_component_templates")));
    }

    /** A priority written as a string ({@code "200"}), as Elasticsearch reads it; 0 when it is none. */
    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A component template's name from its file's: {@code logs@mappings.json} is {@code logs@mappings}. */
    private static String componentName(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
    }

    /** The names a rule may use for an index: its own, and for a data stream's backing index, the stream's. */
    private static List<String> indexNames(String index) {
        Matcher backing = BACKING_INDEX.matcher(index);
        return backing.matches() ? List.of(index, backing.group(1)) : List.of(index);
    }

    /** The fields of a mapping, an index template or an index ({@code definition}), with its normalizers. */
    private static FieldSchema schema(String source, JsonNode definition) {
        List<FieldMapping> fields = new ArrayList<>();
        JsonNode properties = properties(definition);
        if (properties != null) {
            collect(properties, "", normalizers(definition), fields);
        }
        FieldSchema schema = FieldSchema.of(source, fields, ignoresMalformed(definition));
        JsonNode root = mappingRoot(definition);
        if (root == null) {
            return schema;
        }
        ObjectNode written = JSON.createObjectNode();
        for (String parameter : FieldSchema.RootDynamic.PARAMETERS) {
            if (root.has(parameter)) {
                written.set(parameter, root.get(parameter));
            }
        }
        return FieldSchema.RootDynamic.of(written).map(schema::withRootDynamic).orElse(schema);
    }

    /**
     * The object holding a mapping's {@code properties} and root parameters ({@code dynamic}, {@code dynamic_templates}
     * …): a component template may hold the root parameters alone (Elastic's {@code ecs@mappings} holds only
     * dynamic templates).
     */
    private static JsonNode mappingRoot(JsonNode definition) {
        if (definition == null || !definition.isObject()) {
            return null;
        }
        if (definition.has("mappings")) {
            return mappingRoot(definition.get("mappings"));
        }
        if (definition.has("template")) {
            return mappingRoot(definition.get("template"));
        }
        return definition.has("properties") || FieldSchema.RootDynamic.PARAMETERS.stream().anyMatch(definition::has) ? definition : null;
    }

    /**
     * Whether a definition says something of the indices it describes: fields, or (a settings-only template, such as
     * Elastic's {@code logs@settings}) that they take malformed values.
     */
    private static boolean describesIndex(JsonNode definition) {
        return properties(definition) != null || ignoresMalformed(definition) || mappingRoot(definition) != null;
    }

    /** The index settings beside a mapping: an index's or a request's {@code settings}, a template's {@code template.settings}. */
    private static JsonNode settings(JsonNode definition) {
        return definition.path("template").path("settings").isObject()
                ? definition.path("template").path("settings") : definition.path("settings");
    }

    /**
     * Whether the index settings turn {@code index.mapping.ignore_malformed} on (Elastic's {@code logs@settings}, which
     * every logs-*-* data stream's template composes, does), written nested or with dots in its keys.
     */
    private static boolean ignoresMalformed(JsonNode definition) {
        JsonNode settings = settings(definition);
        for (JsonNode value : List.of(settings.path("index").path("mapping").path("ignore_malformed"),
                settings.path("mapping").path("ignore_malformed"), settings.path("index.mapping.ignore_malformed"),
                settings.path("index").path("mapping.ignore_malformed"))) {
            if (isTrue(value)) {
                return true;
            }
        }
        return false;
    }

    /** A settings or mapping flag: {@code true} or {@code "true"}, as Elasticsearch reads it. */
    static boolean isTrue(JsonNode value) {
        return value.isBoolean() ? value.booleanValue() : value.isTextual() && value.textValue().equals("true");
    }

    /**
     * The custom normalizers the index settings beside the mapping define ({@code settings.analysis.normalizer}, also
     * under {@code settings.index} or a template's {@code template.settings}), by name.
     */
    private static Map<String, Normalizer> normalizers(JsonNode definition) {
        JsonNode settings = settings(definition);
        JsonNode analysis = settings.path("analysis").isObject() ? settings.path("analysis") : settings.path("index").path("analysis");
        Map<String, Normalizer> out = new java.util.HashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = analysis.path("normalizer").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode spec = e.getValue();
            String type = spec.path("type").asText("custom");
            out.put(e.getKey(), (type.equals("custom")
                    ? Normalizer.custom(e.getKey(), names(spec.path("filter")), names(spec.path("char_filter")))
                    : Normalizer.unmodelled(e.getKey(), "its type \"" + type + "\" is not modelled")).withDefinition(spec));
        }
        return out;
    }

    /** A settings list, written as an array or as one name. */
    static List<String> names(JsonNode list) {
        List<String> names = new ArrayList<>();
        if (list.isTextual()) {
            names.add(list.asText());
        } else {
            list.forEach(n -> names.add(n.asText()));
        }
        return names;
    }

    /**
     * A keyword field's normalizer: the built-in {@code lowercase}, or a custom one of the settings beside the mapping
     * (GET _mapping output carries none: such a normalizer is kept as not modelled, and the evaluator refuses it).
     */
    private static FieldMapping withNormalizer(FieldMapping field, JsonNode definition, Map<String, Normalizer> normalizers) {
        JsonNode name = definition.path("normalizer");
        if (!field.type().equals("keyword") || !name.isTextual()) {
            return field;
        }
        String normalizer = name.asText();
        return field.withNormalizer(normalizers.containsKey(normalizer) ? normalizers.get(normalizer)
                : normalizer.equals(Normalizer.LOWERCASE.name()) ? Normalizer.LOWERCASE
                : Normalizer.unmodelled(normalizer, "its definition (the index settings' analysis.normalizer) is not in the mapping file"));
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

    private static void collect(JsonNode properties, String prefix, Map<String, Normalizer> normalizers, List<FieldMapping> out) {
        Map<String, String> copiedFrom = new java.util.LinkedHashMap<>();
        collect(properties, prefix, normalizers, out, copiedFrom);
        // a copy_to target holds the values of other fields too (and so do its multi-fields)
        for (int i = 0; i < out.size(); i++) {
            FieldMapping field = out.get(i);
            for (Map.Entry<String, String> copy : copiedFrom.entrySet()) {
                if (field.name().equals(copy.getKey()) || (field.name().startsWith(copy.getKey() + ".") && !field.isContainer())) {
                    out.set(i, field.withUnmodelled("copy_to from " + copy.getValue() + " into it (it holds their values too)"));
                }
            }
        }
    }

    private static void collect(JsonNode properties, String prefix, Map<String, Normalizer> normalizers, List<FieldMapping> out,
                                Map<String, String> copiedFrom) {
        Iterator<Map.Entry<String, JsonNode>> it = properties.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = prefix + e.getKey();
            JsonNode definition = e.getValue();
            String type = definition.path("type").asText(definition.has("properties") ? "object" : "object");
            FieldMapping field = type.equals("alias") && definition.path("path").isTextual()
                    ? FieldMapping.alias(name, definition.get("path").asText())
                    : leaf(new FieldMapping(name, type, definition.path("ignore_above").asInt(0)), definition, normalizers);
            out.add(field);
            copyTargets(name, definition, copiedFrom);
            if (definition.has("properties")) {
                collect(definition.get("properties"), name + ".", normalizers, out, copiedFrom);
            }
            Iterator<Map.Entry<String, JsonNode>> multi = definition.path("fields").fields();
            while (multi.hasNext()) {
                Map.Entry<String, JsonNode> sub = multi.next();
                FieldMapping subField = leaf(new FieldMapping(name + "." + sub.getKey(), sub.getValue().path("type").asText("keyword"),
                        sub.getValue().path("ignore_above").asInt(0)), sub.getValue(), normalizers);
                // a null_value of the parent is what its multi-fields index for a null too
                boolean parentNullValue = field.parameters() != null && field.parameters().has("null_value");
                out.add(parentNullValue ? subField.withUnmodelled("null_value on " + name + ", which it indexes for a null too") : subField);
            }
        }
    }

    /**
     * The field a dynamic template's {@code mapping} makes at {@code name}, and its multi-fields, read as a listed
     * field's definition is (its parameters ruleforge does not model kept as such); a custom normalizer's definition
     * is not at hand there, so such a normalizer is not modelled.
     */
    static List<FieldMapping> fieldsOf(String name, JsonNode definition) {
        List<FieldMapping> out = new ArrayList<>();
        ObjectNode properties = JSON.createObjectNode();
        properties.set(name, definition);
        collect(properties, "", Map.of(), out);
        return List.copyOf(out);
    }

    private static void copyTargets(String name, JsonNode definition, Map<String, String> copiedFrom) {
        for (String target : names(definition.path("copy_to"))) {
            copiedFrom.merge(target, name, (a, b) -> a + ", " + b);
        }
    }

    /** The parameters live mode's index takes over as written: what they do is Elasticsearch's to decide there. */
    private static final List<String> PASSED_THROUGH = List.of("null_value", "copy_to", "analyzer", "search_analyzer",
            "search_quote_analyzer", "position_increment_gap", "coerce", "split_queries_on_whitespace", "depth_limit");

    /**
     * The mapping parameters that change what Elasticsearch indexes or how it searches a field and that ruleforge does
     * not model. Each would make the field's verdicts guesses, so the field keeps the reason, and whatever reads it is
     * refused with it (as with a normalizer ruleforge does not model); live mode's index carries them as written.
     */
    private static FieldMapping withUnmodelledParameters(FieldMapping field, JsonNode definition) {
        ObjectNode written = JSON.createObjectNode();
        PASSED_THROUGH.stream().filter(definition::has).forEach(p -> written.set(p, definition.get(p)));
        if (field.type().equals("flattened") && definition.has("ignore_above")) {
            written.set("ignore_above", definition.get("ignore_above"));
        }
        FieldMapping out = field.withParameters(written);
        JsonNode nullValue = definition.path("null_value");
        if (!nullValue.isMissingNode() && !nullValue.isNull()) {
            out = out.withUnmodelled("null_value " + nullValue + " (Elasticsearch indexes a null as that value)");
        }
        boolean textual = field.isText();
        if (definition.has("index")) {
            out = out.withIndexed(!isFalse(definition.path("index"))); // a field neither indexed nor with doc values is unsearchable
        }
        for (String analyzer : List.of("analyzer", "search_analyzer", "search_quote_analyzer")) {
            JsonNode name = definition.path(analyzer);
            if (textual && name.isTextual() && !name.asText().equals("standard") && !name.asText().equals("default")) {
                out = out.withUnmodelled(analyzer + " \"" + name.asText() + "\" (ruleforge analyses text as the standard analyzer does)");
            }
        }
        if (textual && definition.has("position_increment_gap") && definition.path("position_increment_gap").asInt(100) != 100) {
            out = out.withUnmodelled("position_increment_gap " + definition.get("position_increment_gap") + " (how far apart a phrase's words lie across array values)");
        }
        if (field.isNumeric() && isFalse(definition.path("coerce"))) {
            out = out.withUnmodelled("coerce: false (Elasticsearch refuses numeric strings and fractions there)");
        }
        if (isTrue(definition.path("split_queries_on_whitespace"))) {
            out = out.withUnmodelled("split_queries_on_whitespace: true");
        }
        if (field.type().equals("flattened")) {
            for (String parameter : List.of("ignore_above", "depth_limit")) {
                if (definition.has(parameter)) {
                    out = out.withUnmodelled(parameter + " " + definition.get(parameter) + " on a flattened field");
                }
            }
        }
        if (field.isContainer() && isFalse(definition.path("enabled"))) {
            out = out.withDynamic("disabled");
        } else if (field.isContainer() && definition.has("dynamic")) {
            out = out.withDynamic(definition.get("dynamic").asText());
        }
        return out;
    }

    /** A mapping flag set to false: {@code false} or {@code "false"}, as Elasticsearch reads it. */
    static boolean isFalse(JsonNode value) {
        return value.isBoolean() ? !value.booleanValue() : value.isTextual() && value.textValue().equals("false");
    }

    private static FieldMapping leaf(FieldMapping field, JsonNode definition, Map<String, Normalizer> normalizers) {
        FieldMapping read = withUnmodelledParameters(withNormalizer(withValueOptions(field, definition), definition, normalizers), definition)
                .withIgnoreMalformed(definition.has("ignore_malformed") ? isTrue(definition.get("ignore_malformed")) : null);
        // a date's own format: values are read with it, which the field checks here do not model (they say so)
        return read.isDate() && definition.path("format").isTextual() && !isDefaultFormat(definition.get("format").asText())
                ? read.withFormat(definition.get("format").asText()) : read;
    }

    /**
     * The mapping's say on per-document values, which decides what Elasticsearch can group, count and sort by:
     * {@code doc_values} ({@code false} turns them off), and a text field's {@code fielddata} ({@code true} on).
     */
    private static FieldMapping withValueOptions(FieldMapping field, JsonNode definition) {
        String option = field.isText() ? "fielddata" : "doc_values";
        return definition.path(option).isBoolean() ? field.withDocValues(definition.get(option).asBoolean()) : field;
    }
}
