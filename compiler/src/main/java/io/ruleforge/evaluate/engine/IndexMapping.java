package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.Normalizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Elasticsearch mapping ({@code {"properties":{…}}}) of an index whose fields are those of a
 * {@link FieldSchema}: leaves with their type (and keyword {@code ignore_above} and {@code normalizer}), multi-fields such as
 * {@code process.command_line.text} as {@code fields} of their parent, {@code nested} containers as nested,
 * object containers as plain objects. Fields the schema does not name are left to dynamic mapping, as the
 * evaluator assumes.
 *
 * <p>{@code substitutions} replaces types the engine does not have (a minimal distribution lacks
 * {@code match_only_text}, {@code wildcard}, {@code constant_keyword} …) by the type that queries the same way
 * ({@link #SUBSTITUTES}); {@link #effectiveSchema} is the schema the index then really has.
 */
public record IndexMapping(ObjectNode mapping, FieldSchema effectiveSchema, Map<String, String> substitutions,
                           ObjectNode normalizers) {

    /** For each type a minimal engine may lack, the type with the same query semantics for rule evaluation. */
    public static final Map<String, String> SUBSTITUTES = Map.of(
            "match_only_text", "text",
            "wildcard", "keyword",
            "constant_keyword", "keyword",
            "version", "keyword",
            "scaled_float", "double",
            "unsigned_long", "long",
            "semantic_text", "text");

    /** ECS's scaling factor for its scaled_float fields. */
    private static final int SCALING_FACTOR = 1000;

    public IndexMapping {
        substitutions = Map.copyOf(substitutions);
    }

    /** The index settings' {@code analysis.normalizer}: the custom normalizers the mapping names, by name. */
    public IndexMapping(ObjectNode mapping, FieldSchema effectiveSchema, Map<String, String> substitutions) {
        this(mapping, effectiveSchema, substitutions, JsonNodeFactory.instance.objectNode());
    }

    public static IndexMapping of(FieldSchema schema) {
        return of(schema, Map.of());
    }

    /** The mapping of {@code schema} with each type in {@code substitutions} replaced by its value. */
    public static IndexMapping of(FieldSchema schema, Map<String, String> substitutions) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode rootProperties = root.putObject("properties");
        Map<String, ObjectNode> nodes = new HashMap<>();
        List<FieldMapping> effective = new ArrayList<>();
        ObjectNode normalizers = JsonNodeFactory.instance.objectNode();
        // sorted by name, so a parent comes before its children ("process.name" < "process.name.text")
        for (FieldMapping field : schema.fields()) {
            String type = substitutions.getOrDefault(field.type(), field.type());
            FieldMapping built = field.isAlias() ? field : new FieldMapping(field.name(), type, type.equals("keyword") ? field.ignoreAbove() : 0)
                    .withNormalizer(type.equals("keyword") ? engineNormalizer(field.normalizer()) : Normalizer.NONE)
                    .withIgnoreMalformed(field.ignoreMalformed())
                    .withFormat(field.isDate() && type.equals(field.type()) ? field.format() : null)
                    // what the user's mapping says of indexing and the parameters ruleforge does not model: the
                    // cluster decides with them, as the user's index would
                    .withIndexed(field.indexed()).withParameters(field.parameters());
            if (field.docValues() != null && !field.isContainer()) {
                built = built.withDocValues(field.docValues());
            }
            FieldMapping actual = field.dynamic() != null ? built.withDynamic(field.dynamic()) : built;
            actual.normalizer().definition().ifPresent(d -> normalizers.set(actual.normalizer().name(), d));
            effective.add(actual);
            Optional<ObjectNode> multiFieldParent = parentLeaf(field.name(), schema).map(nodes::get);
            ObjectNode node;
            if (multiFieldParent.isPresent()) {
                node = multiFieldParent.get().withObjectProperty("fields").putObject(lastSegment(field.name()));
            } else {
                node = propertiesOf(field.name(), rootProperties, nodes).putObject(lastSegment(field.name()));
            }
            describe(actual, node);
            nodes.put(field.name(), node);
        }
        schema.rootDynamic().ifPresent(r -> root.setAll(r.written()));
        FieldSchema effectiveSchema = FieldSchema.of(schema.name(), effective);
        return new IndexMapping(root, schema.rootDynamic().map(effectiveSchema::withRootDynamic).orElse(effectiveSchema),
                substitutions, normalizers);
    }

    private static void describe(FieldMapping field, ObjectNode node) {
        if (field.isContainer() && field.dynamic() != null) {
            // an object's say on fields it does not list: enabled: false, or its dynamic
            if (field.dynamic().equals("disabled")) {
                node.put("type", "object").put("enabled", false);
                return;
            }
            node.put("dynamic", field.dynamic());
        }
        if (!field.isContainer() && Boolean.FALSE.equals(field.indexed())) {
            node.put("index", false);
        }
        if (!field.isContainer() && !field.isText() && Boolean.FALSE.equals(field.docValues())) {
            node.put("doc_values", false);
        }
        if (field.parameters() != null) {
            node.setAll(field.parameters());
        }
        switch (field.type()) {
            case "object" -> node.putObject("properties");
            case "nested" -> {
                node.put("type", "nested");
                node.putObject("properties");
            }
            case "alias" -> node.put("type", "alias").put("path", field.aliasPath());
            default -> {
                node.put("type", field.type());
                if (field.type().equals("keyword") && field.ignoreAbove() > 0) {
                    node.put("ignore_above", field.ignoreAbove());
                }
                if (!field.normalizer().isNone()) {
                    node.put("normalizer", field.normalizer().name());
                }
                if (field.type().equals("scaled_float")) {
                    node.put("scaling_factor", SCALING_FACTOR);
                }
                if (field.format() != null) {
                    node.put("format", field.format());
                }
                if (field.ignoreMalformed() != null && field.takesIgnoreMalformed()) {
                    node.put("ignore_malformed", field.ignoreMalformed());
                }
            }
        }
    }

    /**
     * The normalizer the index gets for a field's: one that lowercases is the built-in {@code lowercase} (a custom
     * normalizer of lowercase filters does what it does, and needs no index settings); one the evaluator does not
     * model is named with its definition from the user's settings ({@link #normalizers}), so that a cluster deciding
     * in live mode has it — without a definition, the cluster refuses the index, naming the normalizer.
     */
    private static Normalizer engineNormalizer(Normalizer normalizer) {
        if (normalizer.lowercases()) {
            return Normalizer.LOWERCASE;
        }
        return normalizer.isModelled() ? Normalizer.NONE : normalizer;
    }

    /** The {@code properties} object a field's node goes into, creating plain objects for unnamed containers. */
    private static ObjectNode propertiesOf(String name, ObjectNode rootProperties, Map<String, ObjectNode> nodes) {
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            return rootProperties;
        }
        String parent = name.substring(0, dot);
        ObjectNode parentNode = nodes.get(parent);
        if (parentNode == null) {
            parentNode = propertiesOf(parent, rootProperties, nodes).putObject(lastSegment(parent));
            parentNode.putObject("properties");
            nodes.put(parent, parentNode);
        }
        return parentNode.withObjectProperty("properties");
    }

    private static Optional<String> parentLeaf(String name, FieldSchema schema) {
        int dot = name.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        return schema.field(name.substring(0, dot)).filter(p -> !p.isContainer()).map(FieldMapping::name);
    }

    private static String lastSegment(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }
}
