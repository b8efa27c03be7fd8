package io.ruleforge.evaluate.eql;

import io.ruleforge.fields.FieldKind;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.fields.DynamicTemplates;
import io.ruleforge.fields.Normalizer;
import io.ruleforge.fields.UnlistedField;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
     * How one field is read, worked out once per field (an evaluator and its values belong to one thread): its kind,
     * where its values are in the event (an alias field's are the field's it stands for, a multi-field's such as
     * {@code process.name.caseless} its parent's, which it indexes), its normalizer and a keyword's
     * {@code ignore_above} (0 for none).
     */
    /**
     * @param unmodelled the refusal's words when the field's mapping sets a parameter ruleforge does not model, or null
     * @param unlisted   for a field the mapping does not list, what the index makes of it (null for a listed one)
     * @param unsearchable whether its mapping makes the field unsearchable: Elasticsearch fails the search
     */
    private record Reading(FieldKind kind, String source, Normalizer normalizer, int ignoreAbove, String unmodelled,
                           UnlistedField unlisted, boolean unsearchable) {
    }

    private final java.util.Map<String, Reading> readings = new java.util.HashMap<>();

    EventValues(FieldSchema schema) {
        this.schema = schema;
    }

    private Reading reading(String field) {
        return readings.computeIfAbsent(field, f -> {
            Optional<FieldMapping> resolved = schema.resolved(f);
            String source = schema.field(f).filter(FieldMapping::isAlias).map(FieldMapping::aliasPath)
                    .orElseGet(() -> schema.sourcePathOf(f));
            return reading(f, resolved, source, resolved.isPresent() ? null : schema.unlisted(f));
        });
    }

    private static Reading reading(String f, Optional<FieldMapping> resolved, String source, UnlistedField unlisted) {
        FieldKind kind = FieldKind.of(resolved);
        kind = kind.holdsComparableValues() ? kind : FieldKind.UNMAPPED;
        return new Reading(kind, source, resolved.map(FieldMapping::normalizer).orElse(Normalizer.NONE),
                kind == FieldKind.KEYWORD ? resolved.map(FieldMapping::ignoreAbove).orElse(0) : 0,
                resolved.flatMap(m -> m.unmodelledMessage(f)).orElse(null), unlisted,
                resolved.filter(m -> !m.isSearchable()).isPresent());
    }

    /** The field's kind; containers and types EQL does not compare read as unmapped (the JSON type decides). */
    FieldKind kind(String field) {
        return reading(field).kind();
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
        Reading reading = reading(field);
        List<JsonNode> nodes = EventFields.values(document, reading.source());
        if (reading.unlisted() != null && !nodes.isEmpty() && reading.unlisted().handling() == UnlistedField.Handling.DYNAMIC) {
            // the root's dynamic templates or detection settings map it by its first value, in this event
            Optional<DynamicTemplates.Mapped> mapped = schema.dynamicMapping(field, nodes.get(0));
            if (mapped.isPresent() && mapped.get().notModelled() != null) {
                throw DslEvaluationException.notModelled(mapped.get().notModelledMessage(field));
            }
            if (mapped.isPresent()) {
                reading = reading(field, mapped.get().field(field), reading.source(), null);
            }
        }
        Normalizer normalizer = modelled(field, reading);
        int ignoreAbove = reading.ignoreAbove();
        List<Object> out = new ArrayList<>();
        if (reading.unlisted() != null && !nodes.isEmpty()) {
            // a field the mapping does not list: not indexed (dynamic: false, enabled: false), the event refused
            // (strict), or typed by what ruleforge does not model
            switch (reading.unlisted().handling()) {
                case NOT_INDEXED, REFUSES_EVENT -> {
                    return List.of();
                }
                case NOT_MODELLED -> throw DslEvaluationException.notModelled(reading.unlisted().notModelledMessage(field));
                case DYNAMIC -> {
                    // typed by its JSON value, below
                }
            }
        }
        for (JsonNode node : nodes) {
            Object v = convert(node, reading.kind());
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
        return searchedAs(field).apply(constant);
    }

    /** {@link #searched} for the constants of one field: its normalizer looked up once for a list of them. */
    java.util.function.UnaryOperator<Object> searchedAs(String field) {
        Normalizer normalizer = normalizer(field);
        return normalizer.isNone() ? c -> c : c -> c instanceof String s ? normalizer.normalize(s) : c;
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
        return modelled(field, reading(field));
    }

    private static Normalizer modelled(String field, Reading reading) {
        if (reading.unsearchable()) {
            throw new DslEvaluationException("Cannot search on field [" + field + "] since it is not indexed nor has doc values.");
        }
        if (reading.unmodelled() != null) {
            throw DslEvaluationException.notModelled(reading.unmodelled());
        }
        Normalizer normalizer = reading.normalizer();
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
