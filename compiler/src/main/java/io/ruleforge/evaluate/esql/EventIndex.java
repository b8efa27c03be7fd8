package io.ruleforge.evaluate.esql;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.Normalizer;
import io.ruleforge.evaluate.EventFields;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds the index FROM reads from JSON events: one column per mapped leaf field (multi-fields read their parent's
 * value, aliases their target's), plus the fields Elasticsearch's dynamic mapping would add for unmapped values
 * (string → text with a keyword {@code .keyword} of ignore_above 256, or date when date detection takes it; whole
 * number → long; decimal → double; true/false → boolean). Dotted and nested objects address the same field, arrays
 * are multi-values — ordered as ES|QL loads them from doc values: keyword, ip and version sorted without
 * duplicates, numbers, dates and booleans sorted, text in source order.
 */
public final class EventIndex {

    /** One event with the {@code _id} it has in the index. */
    public record Event(String id, JsonNode document) {
    }

    private static final int DYNAMIC_KEYWORD_IGNORE_ABOVE = 256;

    private EventIndex() {
    }

    public static EsqlIndex of(String name, boolean anyPattern, List<Event> events, FieldSchema schema) {
        Map<String, Field> fields = new TreeMap<>(Values::compareCodePoints);
        for (FieldMapping m : schema.fields()) {
            if (m.isContainer() || m.type().equals("flattened")) {
                continue;
            }
            String source = m.name();
            DataType type;
            if (m.isAlias()) {
                Optional<FieldMapping> target = schema.resolved(m.name());
                if (target.isEmpty()) {
                    continue;
                }
                source = target.get().name();
                type = ColumnTypes.ofFieldType(target.get().type());
            } else {
                type = ColumnTypes.ofFieldType(m.type());
                source = schema.sourcePathOf(m.name());
            }
            if (schema.nestedPathOf(m.name()).isPresent()) {
                type = DataType.UNSUPPORTED; // ES|QL does not read fields under nested objects
            }
            fields.put(m.name(), new Field(source, type, m.ignoreAbove(), m.normalizer()));
        }
        for (Event event : events) {
            for (String path : EventFields.leafPaths(event.document())) {
                if (fields.containsKey(path) || schema.field(path).isPresent() || isUnderLeaf(schema, path)) {
                    continue;
                }
                DataType type = dynamicType(EventFields.values(event.document(), path));
                if (type == null) {
                    continue;
                }
                fields.putIfAbsent(path, new Field(path, type, 0, Normalizer.NONE));
                if (type == DataType.TEXT) {
                    fields.putIfAbsent(path + ".keyword", new Field(path, DataType.KEYWORD, DYNAMIC_KEYWORD_IGNORE_ABOVE, Normalizer.NONE));
                }
            }
        }
        List<Column> columns = new ArrayList<>();
        fields.forEach((n, f) -> columns.add(new Column(n, f.type, f.undecidable())));
        List<SourceRow> rows = new ArrayList<>();
        for (Event event : events) {
            List<Object> cells = new ArrayList<>(columns.size());
            for (Field f : fields.values()) {
                cells.add(f.type == DataType.UNSUPPORTED ? null : cell(EventFields.values(event.document(), f.source), f));
            }
            rows.add(new SourceRow(cells, event.id(), event.document()));
        }
        return new EsqlIndex(name, anyPattern, columns, rows);
    }

    private record Field(String source, DataType type, int ignoreAbove, Normalizer normalizer) {

        /**
         * Why a query cannot read the column, or null: a keyword's doc values, which ES|QL reads, hold the normalized
         * value, and one ruleforge cannot normalize is refused where it is read.
         */
        String undecidable() {
            if (type != DataType.KEYWORD || normalizer.isModelled()) {
                return null;
            }
            return "the normalizer [" + normalizer.name() + "] is not modelled by ruleforge: " + normalizer.unmodelled().orElseThrow();
        }
    }

    /** A path below a mapped leaf ({@code a.b} where {@code a} is a keyword) is not a field of its own. */
    private static boolean isUnderLeaf(FieldSchema schema, String path) {
        int dot;
        String candidate = path;
        while ((dot = candidate.lastIndexOf('.')) > 0) {
            candidate = candidate.substring(0, dot);
            Optional<FieldMapping> m = schema.field(candidate);
            if (m.isPresent()) {
                return !m.get().isContainer();
            }
        }
        return false;
    }

    /** Elasticsearch's default dynamic mapping of a field's first value; null for objects. */
    private static DataType dynamicType(List<JsonNode> values) {
        for (JsonNode v : values) {
            if (v.isTextual()) {
                return DateValues.isDynamicDate(v.textValue()) ? DataType.DATETIME : DataType.TEXT;
            }
            if (v.isIntegralNumber()) {
                return DataType.LONG;
            }
            if (v.isNumber()) {
                return DataType.DOUBLE;
            }
            if (v.isBoolean()) {
                return DataType.BOOLEAN;
            }
        }
        return null;
    }

    private static Object cell(List<JsonNode> nodes, Field field) {
        DataType type = field.type;
        List<Object> values = new ArrayList<>();
        if (type == DataType.GEO_POINT && nodes.size() == 2 && nodes.get(0).isNumber() && nodes.get(1).isNumber()) {
            return new GeoPoint(nodes.get(0).asDouble(), nodes.get(1).asDouble()); // [lon, lat]
        }
        for (JsonNode node : nodes) {
            Object v = value(node, type);
            if (v instanceof String s && type == DataType.KEYWORD && field.ignoreAbove > 0 && s.length() > field.ignoreAbove) {
                continue; // not indexed, so not in doc values
            }
            if (v instanceof String s && type == DataType.KEYWORD && field.normalizer.lowercases()) {
                v = field.normalizer.normalize(s); // doc values hold the normalized value
            }
            if (v != null) {
                values.add(v);
            }
        }
        return normalized(values, type);
    }

    /** Multi-values in the order (and with the duplicates) ES|QL reads them. */
    static Object normalized(List<Object> values, DataType type) {
        if (values.size() < 2 || type == DataType.TEXT || type == DataType.GEO_POINT) {
            return Values.cell(values);
        }
        List<Object> sorted = new ArrayList<>(type == DataType.KEYWORD || type == DataType.IP || type == DataType.VERSION
                ? new LinkedHashSet<>(values) : values);
        sorted.sort(Values::compare);
        return Values.cell(sorted);
    }

    /** One JSON value as the field's type indexes it, or null when it would not be indexed as one. */
    private static Object value(JsonNode node, DataType type) {
        if (node.isObject()) {
            if (type == DataType.GEO_POINT && node.has("lat") && node.has("lon")) {
                return new GeoPoint(node.get("lon").asDouble(), node.get("lat").asDouble());
            }
            return null;
        }
        if (node.isContainerNode()) {
            return null;
        }
        String text = node.isTextual() ? node.textValue() : node.asText();
        return switch (type) {
            case KEYWORD, TEXT -> text;
            case DATETIME -> node.isNumber() ? (Object) node.asLong() : Values.parseDate(text).orElse(null);
            case INTEGER, LONG, DOUBLE, UNSIGNED_LONG -> node.isNumber() && type == DataType.DOUBLE ? (Object) node.asDouble()
                    : Values.parse(text, type).orElse(null);
            default -> Values.parse(text, type).orElse(null);
        };
    }
}
