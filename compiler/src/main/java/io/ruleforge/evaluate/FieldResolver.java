package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.DynamicTemplates;
import io.ruleforge.fields.Normalizer;
import io.ruleforge.fields.UnlistedField;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Decides which type a field has in a given event: the schema's mapping when there is one, otherwise what
 * Elasticsearch's default dynamic mapping would create from the value (string → {@code text} with a
 * {@code .keyword} sub-field of ignore_above 256, or {@code date} when date detection accepts it; whole number →
 * {@code long}; decimal → {@code float}; true/false → {@code boolean}). Also knows multi-fields
 * ({@code process.command_line.text} reads {@code process.command_line}) and nested scopes.
 *
 * <p>Dynamic types are inferred per event, whereas a real index fixes them with the first document that
 * introduces a field; for single-event verdicts that is the same thing.
 */
final class FieldResolver {

    static final int DYNAMIC_KEYWORD_IGNORE_ABOVE = DynamicTemplates.DYNAMIC_KEYWORD_IGNORE_ABOVE;
    private static final String KEYWORD_SUFFIX = ".keyword";

    private final FieldSchema schema;

    FieldResolver(FieldSchema schema) {
        this.schema = schema;
    }

    /**
     * The field in the current document. {@code nestedScope} is the path of the enclosing {@code nested} query
     * (null at the root): nested documents only hold their own fields, and the root document does not hold them.
     */
    ResolvedField resolve(String name, JsonNode document, String nestedScope) {
        FieldPlan plan = plans.computeIfAbsent(name, this::plan);
        if (!plan.nestedPath().equals(Optional.ofNullable(nestedScope))) {
            return ResolvedField.unmapped(name);
        }
        if (plan.flattenedRoot() != null) {
            plan.mapping().unmodelledMessage(name).ifPresent(message -> {
                throw DslEvaluationException.notModelled(message);
            });
            return ResolvedField.flattenedKey(name, EventFields.values(document, plan.path()),
                    EventFields.values(document, plan.flattenedRoot()));
        }
        if (plan.mapping() != null) {
            FieldMapping m = plan.mapping();
            return ResolvedField.of(name, m, plan.dateFormats(), EventFields.values(document, plan.sourcePath()));
        }
        List<JsonNode> values = EventFields.values(document, plan.path());
        if (!values.isEmpty()) {
            if (!indexedUnlisted(name, plan)) {
                return ResolvedField.unmapped(name);
            }
            Optional<DynamicTemplates.Mapped> mapped = schema.dynamicMapping(name, values.get(0));
            return mapped.isPresent() ? fromRoot(name, mapped.get(), values) : dynamic(name, values);
        }
        if (plan.multiFieldBase() != null) {
            List<JsonNode> baseValues = EventFields.values(document, plan.multiFieldBase());
            String base = name.substring(0, name.lastIndexOf('.'));
            Optional<DynamicTemplates.Mapped> mapped = baseValues.isEmpty() ? Optional.empty() : schema.dynamicMapping(base, baseValues.get(0));
            if (mapped.isPresent() && indexedUnlisted(name, plan)) {
                return fromRoot(name, mapped.get(), baseValues); // a multi-field the root's templates give it, if any
            }
            if (name.endsWith(KEYWORD_SUFFIX) && !baseValues.isEmpty() && dynamicType(baseValues).equals("text")) {
                return indexedUnlisted(name, plan)
                        ? new ResolvedField(name, "keyword", DYNAMIC_KEYWORD_IGNORE_ABOVE, baseValues) : ResolvedField.unmapped(name);
            }
        }
        return ResolvedField.unmapped(name);
    }

    /**
     * An unlisted field as the mapping's root maps it (its dynamic templates, its detection settings): read through
     * that mapping as a listed field is; refused where the root maps it by what ruleforge does not model.
     */
    private static ResolvedField fromRoot(String name, DynamicTemplates.Mapped mapped, List<JsonNode> values) {
        if (mapped.notModelled() != null) {
            throw DslEvaluationException.notModelled(mapped.notModelledMessage(name));
        }
        return mapped.field(name).map(m -> ResolvedField.of(name, m, values)).orElseGet(() -> ResolvedField.unmapped(name));
    }

    /**
     * Whether the index types an unlisted field this event holds by Elasticsearch's default dynamic mapping: not under
     * {@code dynamic: false} or {@code enabled: false} (kept in {@code _source} only, so no query finds it), nor
     * {@code dynamic: strict} (the event is refused, which the fixture check reports); and where the mapping types it
     * by what ruleforge does not model ({@code dynamic: runtime} …) it is refused, never typed by the default.
     * Without values the field is nowhere in the document, whatever the mapping says.
     */
    private static boolean indexedUnlisted(String name, FieldPlan plan) {
        return switch (plan.unlisted().handling()) {
            case DYNAMIC -> true;
            case NOT_INDEXED, REFUSES_EVENT -> false;
            case NOT_MODELLED -> throw DslEvaluationException.notModelled(plan.unlisted().notModelledMessage(name));
        };
    }

    /**
     * What the schema says about a field name, worked out once per name (the schema look-ups are the same for
     * every event): its nested path, its mapping and the path its values are read from (a multi-field reads its
     * parent), the flattened field it is a key of (null if none), and for an unmapped {@code x.keyword} the unmapped {@code x}
     * whose dynamic keyword sub-field it may be. Paths are pre-split for {@link EventFields}.
     */
    private record FieldPlan(Optional<String> nestedPath, FieldMapping mapping, String[] sourcePath, String flattenedRoot,
                             String[] path, String[] multiFieldBase, DateValues.Formats dateFormats, UnlistedField unlisted) {
    }

    private final java.util.Map<String, FieldPlan> plans = new java.util.concurrent.ConcurrentHashMap<>();

    private FieldPlan plan(String name) {
        String read = schema.readAs(name); // an alias reads its target, as Elasticsearch resolves it
        Optional<String> nestedPath = schema.nestedPathOf(read);
        Optional<FieldMapping> mapping = schema.field(read);
        // an unlisted x.keyword may be the keyword dynamic mapping adds to an unlisted string x, and any unlisted x.y a
        // multi-field the root's dynamic templates give x
        String[] multiFieldBase = null;
        int dot = name.lastIndexOf('.');
        if (mapping.isEmpty() && dot > 0 && (name.endsWith(KEYWORD_SUFFIX) || schema.rootDynamic().map(r -> r.templates() != null).orElse(false))) {
            String base = name.substring(0, dot);
            multiFieldBase = schema.field(base).isEmpty() ? EventFields.segments(base) : null;
        }
        return new FieldPlan(nestedPath, mapping.orElse(null),
                EventFields.segments(schema.sourcePathOf(read)),
                schema.flattenedRootOf(read).orElse(null), EventFields.segments(name), multiFieldBase,
                mapping.map(ResolvedField::formatsOf).orElse(DateValues.DEFAULT),
                mapping.isEmpty() ? schema.unlisted(name) : null);
    }

    /**
     * The field names with a value in this event that a pattern such as {@code process.*} (or {@code *} for
     * "all fields") stands for, sorted.
     */
    List<String> expand(String pattern, JsonNode document) {
        Pattern regex = fieldPattern(pattern);
        // Only fields fed by a value of this event can match anything, so candidates come from the event: its
        // leaf paths, the schema's multi-fields of those, and the dynamic .keyword of unmapped strings.
        Set<String> leaves = EventFields.leafPaths(document);
        Set<String> candidates = new TreeSet<>(leaves);
        for (FieldMapping m : schema.fields()) {
            int dot = m.name().lastIndexOf('.');
            if (!m.isContainer() && dot > 0 && leaves.contains(m.name().substring(0, dot))) {
                candidates.add(m.name());
            }
        }
        for (String path : leaves) {
            if (schema.field(path).isEmpty() && dynamicType(EventFields.values(document, path)).equals("text")) {
                candidates.add(path + KEYWORD_SUFFIX);
            }
        }
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            if (regex.matcher(c).matches()) {
                out.add(c);
            }
        }
        return out;
    }

    /**
     * The leaf fields the schema maps that a pattern such as {@code process.*} ({@code *}: all fields) stands for,
     * whatever an event holds: Elasticsearch expands a query's field pattern over the index mapping, so a mapped field
     * an event lacks still takes part (a keyword field keeps a term that analyses to nothing on text). Cached per pattern.
     */
    List<FieldMapping> mappedMatching(String pattern) {
        return mappedByPattern.computeIfAbsent(pattern, p -> {
            Pattern regex = fieldPattern(p);
            return schema.fields().stream()
                    .filter(m -> !m.isContainer() && !m.name().endsWith(FieldSchema.DYNAMIC_KEYS) && regex.matcher(m.name()).matches())
                    .toList();
        });
    }

    private final java.util.Map<String, List<FieldMapping>> mappedByPattern = new java.util.concurrent.ConcurrentHashMap<>();

    /** A field-name pattern ({@code *} a wildcard, {@code ?} a literal) as a regular expression over whole names. */
    private static Pattern fieldPattern(String pattern) {
        return Pattern.compile(WildcardPattern.compile(pattern.replace("?", "\\?"), false).regex().pattern());
    }

    boolean isMapped(String name) {
        return schema.field(name).isPresent();
    }

    boolean isNested(String path) {
        return schema.field(path).map(m -> m.type().equals("nested")).orElse(false);
    }

    /**
     * An unmapped field as dynamic mapping types it: by its first value, as by the first indexed document; a string
     * detected as a date carries the formats it was detected by.
     */
    private static ResolvedField dynamic(String name, List<JsonNode> values) {
        JsonNode first = values.get(0);
        if (first.isTextual()) {
            return DateValues.detectedDateFormats(first.textValue())
                    .map(formats -> new ResolvedField(name, "date", 0, values, Normalizer.NONE, formats))
                    .orElseGet(() -> new ResolvedField(name, "text", 0, values));
        }
        return new ResolvedField(name, dynamicType(values), 0, values);
    }

    /** ES default dynamic mapping of a JSON value (the first value decides, as for the first indexed document). */
    static String dynamicType(List<JsonNode> values) {
        for (JsonNode v : values) {
            if (v.isTextual() || v.isNumber() || v.isBoolean() || v.isObject()) {
                return DynamicTemplates.ELASTICSEARCH_DEFAULT.fieldType(v);
            }
        }
        return ResolvedField.UNMAPPED;
    }
}
