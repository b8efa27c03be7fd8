package io.ruleforge.evaluate.eql;

import io.ruleforge.fields.FieldKind;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.evaluate.EventFields;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads a field's values from an event document (nested or dotted JSON, via {@link EventFields}) as the Java values
 * the evaluator works on, converted the way the field's mapping would index them: a number in a keyword field is
 * its text, a numeric string in a long field is a number, a date is epoch milliseconds.
 */
final class EventValues {

    private final FieldSchema schema;

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
        String source = schema.field(field).filter(FieldMapping::isAlias).map(FieldMapping::aliasPath).orElse(field);
        List<Object> out = new ArrayList<>();
        for (JsonNode node : EventFields.values(document, source)) {
            Object v = convert(node, kind);
            if (v != null) {
                out.add(v);
            }
        }
        return out;
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
