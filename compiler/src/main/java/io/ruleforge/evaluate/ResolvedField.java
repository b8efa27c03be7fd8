package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.Normalizer;

import java.util.List;
import java.util.Optional;

/**
 * One field of one event as Elasticsearch would have indexed it: the effective type (from the schema or, for
 * unmapped fields, from dynamic mapping), its {@code ignore_above} (0 = none) and the raw source values.
 *
 * @param name        the field name the query used
 * @param type        Elasticsearch field type, or {@code "unmapped"} when ES would not know the field at all
 * @param ignoreAbove keyword {@code ignore_above}, 0 when not set
 * @param values      the non-null source values feeding this field (for a multi-field: the parent's values)
 * @param normalizer  a keyword field's normalizer, {@link Normalizer#NONE} without one
 * @param dateFormats the formats a date field reads its values and query terms with (its mapping's {@code format}),
 *                    compiled
 * @param flattenedKey for a key of a flattened field, its root's values; null for any other field
 */
record ResolvedField(String name, String type, int ignoreAbove, List<JsonNode> values, Normalizer normalizer,
                     DateValues.Formats dateFormats, FlattenedKey flattenedKey) {

    ResolvedField(String name, String type, int ignoreAbove, List<JsonNode> values, Normalizer normalizer,
                  DateValues.Formats dateFormats) {
        this(name, type, ignoreAbove, values, normalizer, dateFormats, null);
    }

    ResolvedField(String name, String type, int ignoreAbove, List<JsonNode> values) {
        this(name, type, ignoreAbove, values, Normalizer.NONE, DateValues.DEFAULT);
    }

    /**
     * A key of a flattened field ({@code labels.env} of the flattened {@code labels}): its values are the scalars at
     * exactly that key (an object there is no key's value: {@code labels.a} of {@code {"a":{"b":1}}} has none).
     */
    static ResolvedField flattenedKey(String name, List<JsonNode> values, List<JsonNode> rootValues) {
        List<JsonNode> scalars = values.stream().filter(JsonNode::isValueNode).toList();
        return new ResolvedField(name, "flattened", 0, scalars, Normalizer.NONE, DateValues.DEFAULT,
                new FlattenedKey(rootValues));
    }

    /**
     * What a flattened field's key searches beyond its own values: the root field's values. Elasticsearch indexes every
     * leaf of the root as one term "key\0value" in one keyed field, and a query_string wildcard that is not a prefix
     * searches those raw terms, of every key (8.19.21: {@code labels.a:*1} matched a document whose {@code labels.b}
     * was "z1").
     */
    record FlattenedKey(List<JsonNode> rootValues) {
    }

    /** A mapped field: the type, {@code ignore_above}, normalizer and date formats of its mapping. */
    static ResolvedField of(String name, FieldMapping mapping, List<JsonNode> values) {
        return of(name, mapping, formatsOf(mapping), values);
    }

    /** As {@link #of(String, FieldMapping, List)}, with the mapping's date formats compiled already (once per field). */
    static ResolvedField of(String name, FieldMapping mapping, DateValues.Formats dateFormats, List<JsonNode> values) {
        Optional<String> unmodelled = mapping.unmodelledMessage(name);
        if (unmodelled.isPresent()) {
            throw DslEvaluationException.notModelled(unmodelled.get());
        }
        if (!mapping.isSearchable()) {
            return new ResolvedField(name, UNSEARCHABLE, 0, values, Normalizer.NONE, dateFormats);
        }
        return new ResolvedField(name, mapping.type(), mapping.ignoreAbove(), values, mapping.normalizer(), dateFormats);
    }

    /** A mapping's date formats, compiled: the default's shared, a format of its own read once here. */
    static DateValues.Formats formatsOf(FieldMapping mapping) {
        return mapping.format() == null ? DateValues.DEFAULT : DateValues.compile(mapping.dateFormats());
    }

    static final String UNMAPPED = "unmapped";
    /** A field its mapping makes unsearchable ({@link FieldMapping#isSearchable}): every query on it fails but exists. */
    static final String UNSEARCHABLE = "unsearchable";

    static ResolvedField unmapped(String name) {
        return new ResolvedField(name, UNMAPPED, 0, List.of());
    }

    boolean isContainer() {
        return type.equals("object") || type.equals("nested");
    }
}
