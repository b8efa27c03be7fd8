package io.ruleforge.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How a mapping's root maps a field it does not list, from the field's path and its first value: its
 * {@code dynamic_templates} in order, as Elasticsearch 8.19's {@code DynamicTemplate.match} matches them, else its
 * default dynamic mapping with the root's {@code date_detection} and {@code numeric_detection}. Fleet's data streams
 * (and Elastic's {@code ecs@mappings}) map new fields this way, so a {@code GET _mapping} of one carries both.
 *
 * @param templates        the templates, in order
 * @param dateDetection    whether a string in a dynamic date format is a date ({@code date_detection}, default true)
 * @param numericDetection whether a numeric string is a number ({@code numeric_detection}, default false)
 */
public record DynamicTemplates(List<Template> templates, boolean dateDetection, boolean numericDetection) {

    /**
     * One template's conditions and what it maps to; {@code unreadable} says why ruleforge cannot use it (a condition
     * it does not know), in which case no field is typed past it; a {@code runtime} template's fields are not modelled.
     */
    record Template(String name, List<String> matchMappingType, List<String> unmatchMappingType, List<Pattern> match,
                    List<Pattern> unmatch, List<Pattern> pathMatch, List<Pattern> pathUnmatch, JsonNode mapping,
                    boolean runtime, String unreadable) {

        boolean matches(String path, String leafName, String detected) {
            if (!match.isEmpty() && match.stream().noneMatch(m -> matches(m, leafName))) {
                return false;
            }
            if (!pathMatch.isEmpty() && pathMatch.stream().noneMatch(m -> matches(m, path))) {
                return false;
            }
            if (unmatch.stream().anyMatch(m -> matches(m, leafName)) || pathUnmatch.stream().anyMatch(m -> matches(m, path))) {
                return false;
            }
            if (!matchMappingType.isEmpty() && !matchMappingType.contains("*") && !matchMappingType.contains(detected)) {
                return false;
            }
            return !unmatchMappingType.contains(detected);
        }

        private static boolean matches(Pattern pattern, String text) {
            return pattern.matcher(text).matches();
        }
    }

    /** What the root makes of an unlisted field: its mapping (the field, then its multi-fields), or why not modelled. */
    public record Mapped(List<FieldMapping> fields, String notModelled) {

        /** The refusal's words for a query reading {@code field}, where the mapping is not modelled. */
        public String notModelledMessage(String field) {
            return field + ": " + UnlistedField.notModelled(notModelled);
        }

        /** The mapping of {@code name} among them (the field, or one of its multi-fields). */
        public Optional<FieldMapping> field(String name) {
            return fields.stream().filter(f -> f.name().equals(name)).findFirst();
        }
    }

    /** The {@code ignore_above} of the keyword multi-field dynamic mapping adds to a new string. */
    public static final int DYNAMIC_KEYWORD_IGNORE_ABOVE = 256;

    /** Elasticsearch's own dynamic mapping: no templates, dates detected, numeric strings not. */
    public static final DynamicTemplates ELASTICSEARCH_DEFAULT = new DynamicTemplates(List.of(), true, false);

    /**
     * The field type dynamic mapping gives a JSON value under these settings, templates aside ({@code text} for a
     * string, {@code date} for one in a dynamic date format, {@code long}, {@code float}, {@code boolean},
     * {@code object}).
     */
    public String fieldType(JsonNode value) {
        return defaultType(detectedType(value));
    }

    /** Reads the root's {@code dynamic_templates} (an array of one-key objects) and detection settings. */
    static DynamicTemplates read(JsonNode root) {
        List<Template> templates = new ArrayList<>();
        for (JsonNode entry : root.path("dynamic_templates")) {
            Iterator<Map.Entry<String, JsonNode>> it = entry.fields();
            if (it.hasNext()) {
                Map.Entry<String, JsonNode> named = it.next();
                templates.add(template(named.getKey(), named.getValue()));
            }
        }
        return new DynamicTemplates(List.copyOf(templates), !MappingFile.isFalse(root.path("date_detection")),
                MappingFile.isTrue(root.path("numeric_detection")));
    }

    /** Whether the root maps new fields as Elasticsearch's default dynamic mapping does (which the evaluators model). */
    public boolean isDefault() {
        return templates.isEmpty() && dateDetection && !numericDetection;
    }

    private static Template template(String name, JsonNode t) {
        String unreadable = null;
        for (Iterator<String> keys = t.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!List.of("match_mapping_type", "unmatch_mapping_type", "match", "unmatch", "path_match", "path_unmatch",
                    "match_pattern", "mapping", "runtime").contains(key)) {
                unreadable = "the dynamic template \"" + name + "\" (its \"" + key + "\")";
            }
        }
        boolean regex = "regex".equals(t.path("match_pattern").asText());
        List<String> invalid = new ArrayList<>();
        List<Pattern> match = patterns(t.path("match"), regex, invalid);
        List<Pattern> unmatch = patterns(t.path("unmatch"), regex, invalid);
        List<Pattern> pathMatch = patterns(t.path("path_match"), regex, invalid);
        List<Pattern> pathUnmatch = patterns(t.path("path_unmatch"), regex, invalid);
        if (!invalid.isEmpty()) {
            unreadable = "the dynamic template \"" + name + "\" (" + invalid + " is no regular expression)";
        }
        boolean runtime = t.path("runtime").isObject();
        if (!t.path("mapping").isObject() && !runtime) {
            unreadable = "the dynamic template \"" + name + "\" (without a mapping)";
        }
        return new Template(name, MappingFile.names(t.path("match_mapping_type")), MappingFile.names(t.path("unmatch_mapping_type")),
                match, unmatch, pathMatch, pathUnmatch, t.path("mapping"), runtime, unreadable);
    }

    /**
     * The mapping an unlisted field at {@code path} gets from its first value: the first template that matches (its
     * {@code {name}} and {@code {dynamic_type}} filled in), else the default dynamic mapping under the root's detection
     * settings; not modelled where an unreadable template comes first or a runtime template matches.
     */
    public Mapped map(String path, JsonNode firstValue) {
        String detected = detectedType(firstValue);
        String leaf = path.substring(path.lastIndexOf('.') + 1);
        for (Template t : templates) {
            if (t.unreadable() != null) {
                return new Mapped(List.of(), t.unreadable());
            }
            if (!t.matches(path, leaf, detected)) {
                continue;
            }
            if (t.runtime()) {
                return new Mapped(List.of(), "the dynamic template \"" + t.name() + "\" (a runtime field)");
            }
            ObjectNode mapping = filled(t.mapping(), leaf, defaultType(detected));
            if (!mapping.has("type")) {
                mapping.put("type", defaultType(detected));
            }
            return new Mapped(MappingFile.fieldsOf(path, mapping), null);
        }
        return switch (detected) {
            case "string" -> new Mapped(List.of(new FieldMapping(path, "text"),
                    new FieldMapping(path + ".keyword", "keyword", DYNAMIC_KEYWORD_IGNORE_ABOVE)), null);
            case "date" -> {
                // the format it was detected by: a slashed date keeps Elasticsearch's slashed formats
                String format = slashedDate(firstValue) ? DateValues.SLASHED_DYNAMIC_FORMAT : null;
                FieldMapping date = new FieldMapping(path, "date");
                yield new Mapped(List.of(format == null ? date : date.withFormat(format)), null);
            }
            default -> new Mapped(List.of(new FieldMapping(path, defaultType(detected))), null);
        };
    }

    /**
     * Why a field below the new object at {@code objectPath} is not modelled: a template matches that object, and maps
     * it as something other than a plain object (Elasticsearch applies templates to new objects too: one mapping
     * {@code o*} as a keyword refuses {@code {"obj":{…}}}, one giving {@code dynamic: false} hides what is below).
     */
    Optional<String> objectTemplate(String objectPath) {
        String leaf = objectPath.substring(objectPath.lastIndexOf('.') + 1);
        for (Template t : templates) {
            if (t.unreadable() != null) {
                return Optional.of(t.unreadable());
            }
            if (t.matches(objectPath, leaf, "object")) {
                String type = t.mapping().path("type").asText("object");
                boolean plainObject = !t.runtime() && (type.equals("object") || type.equals("{dynamic_type}"))
                        && t.mapping().size() <= (t.mapping().has("type") ? 1 : 0);
                return plainObject ? Optional.empty()
                        : Optional.of("the dynamic template \"" + t.name() + "\" (on the new object " + objectPath + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * What {@link #map} reads of a value: its detected type, and for a date whether the slashed format detected it.
     * Two values of one kind at one path are mapped alike, so a mapping can be kept by path and kind.
     */
    String kind(JsonNode value) {
        String detected = detectedType(value);
        return detected.equals("date") && slashedDate(value) ? "date/" : detected;
    }

    private static boolean slashedDate(JsonNode value) {
        return DateValues.detectedDateFormats(value.textValue()).filter(f -> f != DateValues.DEFAULT).isPresent();
    }

    /** Elasticsearch's detected type of a JSON value ({@code XContentFieldType}), with the root's detection settings. */
    private String detectedType(JsonNode value) {
        if (value.isTextual()) {
            String text = value.textValue();
            if (dateDetection && DateValues.isDynamicDate(text)) {
                return "date";
            }
            if (numericDetection) {
                try {
                    Long.parseLong(text);
                    return "long";
                } catch (NumberFormatException notLong) {
                    try {
                        Double.parseDouble(text);
                        return "double";
                    } catch (NumberFormatException notDouble) {
                        return "string";
                    }
                }
            }
            return "string";
        }
        if (value.isIntegralNumber()) {
            return "long";
        }
        if (value.isNumber()) {
            return "double";
        }
        if (value.isBoolean()) {
            return "boolean";
        }
        return value.isObject() ? "object" : "string";
    }

    /** The field type dynamic mapping gives a detected type ({@code {dynamic_type}}): a double is a float. */
    private static String defaultType(String detected) {
        return switch (detected) {
            case "string" -> "text";
            case "double" -> "float";
            default -> detected;
        };
    }

    /** The template's mapping with {@code {name}} and {@code {dynamic_type}} filled in wherever a string holds them. */
    private static ObjectNode filled(JsonNode mapping, String name, String dynamicType) {
        ObjectNode copy = ((ObjectNode) mapping).deepCopy();
        fill(copy, name, dynamicType);
        return copy;
    }

    private static void fill(ObjectNode node, String name, String dynamicType) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isTextual()) {
                e.setValue(node.textNode(e.getValue().asText().replace("{name}", name).replace("{dynamic_type}", dynamicType)));
            } else if (e.getValue().isObject()) {
                fill((ObjectNode) e.getValue(), name, dynamicType);
            }
        }
    }

    /**
     * A condition's pattern, compiled once when the templates are read (they are matched for every unlisted field of
     * every event): a Java regex for {@code match_pattern: regex}, else Elasticsearch's {@code Regex.simpleMatch}
     * ({@code *} any characters, anything else itself).
     *
     * @throws java.util.regex.PatternSyntaxException for an invalid regex
     */
    private static Pattern compiled(String pattern, boolean regex) {
        if (regex) {
            return Pattern.compile(pattern);
        }
        StringBuilder simple = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!simple.isEmpty()) {
                simple.append(".*");
            }
            simple.append(Pattern.quote(part));
        }
        return Pattern.compile(simple.toString());
    }

    /** The patterns of one condition, compiled; an invalid regex is reported through {@code invalid}. */
    private static List<Pattern> patterns(JsonNode condition, boolean regex, List<String> invalid) {
        List<Pattern> out = new ArrayList<>();
        for (String pattern : MappingFile.names(condition)) {
            try {
                out.add(compiled(pattern, regex));
            } catch (java.util.regex.PatternSyntaxException e) {
                invalid.add(pattern);
            }
        }
        return List.copyOf(out);
    }
}
