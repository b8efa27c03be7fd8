package io.ruleforge.evaluate.eql;

import io.ruleforge.fields.FieldKind;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.fields.Normalizer;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a field's values from an event document (nested or dotted JSON, via {@link EventFields}) as the Java values
 * the evaluator works on, converted the way the field's mapping would index them: a number in a keyword field is
 * its text, a numeric string in a long field is a number, a date is epoch milliseconds. A keyword longer than its
 * {@code ignore_above} (counted as written) is not there, as it was never indexed; a keyword with a normalizer is
 * normalized (its doc values, which scripts and the fields API read, are), and a constant it is compared with in a
 * term-level query is normalized too ({@link #searched}).
 */
final class EventValues {

    private final FieldSchema schema;

    /**
     * Where each field's values are in the event, worked out once: an alias field's are the field's it stands for, a
     * multi-field's ({@code process.name.caseless}) its parent's, which it indexes.
     */
    private final java.util.Map<String, String> sourcePaths = new java.util.HashMap<>();

    /** Each field's normalizer, looked up once (an evaluator and its values belong to one thread). */
    private final java.util.Map<String, Normalizer> normalizers = new java.util.HashMap<>();

    /** Each keyword field's {@code ignore_above}, 0 for none. */
    private final java.util.Map<String, Integer> ignoreAbove = new java.util.HashMap<>();

    private int ignoreAbove(String field) {
        return ignoreAbove.computeIfAbsent(field, f -> schema.resolved(f).map(FieldMapping::ignoreAbove).orElse(0));
    }

    EventValues(FieldSchema schema) {
        this.schema = schema;
    }

    /** The field's kind; containers and types EQL does not compare read as unmapped (the JSON type decides). */
    FieldKind kind(String field) {
        FieldKind kind = FieldKind.of(schema.resolved(field));
        return kind.holdsComparableValues() ? kind : FieldKind.UNMAPPED;
    }

    /** Whether a mapping is known and lacks the field (with no mapping at all nothing is known to be unmapped). */
    boolean isUnmapped(String field) {
        return !schema.isEmpty() && schema.resolved(field).isEmpty();
    }

    /**
     * Every value of the field, in document order; empty when the field is missing or null. An alias field's values
     * are those of the field it stands for.
     */
    List<Object> values(JsonNode document, String field) {
        FieldKind kind = kind(field);
        Normalizer normalizer = normalizer(field);
        String source = sourcePaths.computeIfAbsent(field, f -> schema.field(f).filter(FieldMapping::isAlias)
                .map(FieldMapping::aliasPath).orElseGet(() -> schema.sourcePathOf(f)));
        int ignoreAbove = kind == FieldKind.KEYWORD ? ignoreAbove(field) : 0;
        List<Object> out = new ArrayList<>();
        for (JsonNode node : EventFields.values(document, source)) {
            Object v = convert(node, kind);
            if (v instanceof String s && ignoreAbove > 0 && s.length() > ignoreAbove) {
                continue; // not indexed, so no query sees it, and the fields API leaves it out
            }
            if (v != null) {
                out.add(v instanceof String s ? normalizer.normalize(s) : v);
            }
        }
        return out;
    }

    /**
     * A constant as a term-level query on the field searches it (term, terms, range, wildcard, regexp and prefix
     * queries normalize their value on a keyword with a normalizer); other constants as they are.
     */
    Object searched(String field, Object constant) {
        return constant instanceof String s ? normalizer(field).normalize(s) : constant;
    }

    /** @throws DslEvaluationException when the field has a normalizer the evaluator does not model */
    void requireModelled(String field) {
        normalizer(field);
    }

    /**
     * The keyword field's normalizer, {@link Normalizer#NONE} for other fields.
     *
     * @throws DslEvaluationException for a normalizer the evaluator does not model, naming the field
     */
    private Normalizer normalizer(String field) {
        Normalizer normalizer = normalizers.computeIfAbsent(field,
                f -> schema.resolved(f).map(FieldMapping::normalizer).orElse(Normalizer.NONE));
        if (!normalizer.isModelled()) {
            try {
                normalizer.requireModelled();
            } catch (IllegalArgumentException e) {
                throw DslEvaluationException.notModelled(field + ": " + e.getMessage());
            }
        }
        return normalizer;
    }

    /** Unmapped fields take the JSON type; objects and unconvertible values are not values. */
    static Object convert(JsonNode node, FieldKind kind) {
        if (node.isContainerNode()) {
            return null;
        }
        Object raw = node.isTextual() ? node.asText()
                : node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.asLong()
                : node.isNumber() ? (Object) node.asDouble()
                : node.isBoolean() ? (Object) node.asBoolean()
                : null;
        return raw == null ? null : Coercion.to(kind, raw);
    }
}
