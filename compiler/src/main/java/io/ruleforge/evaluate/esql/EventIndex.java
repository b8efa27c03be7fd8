package io.ruleforge.evaluate.esql;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.DynamicTemplates;
import io.ruleforge.fields.Normalizer;
import io.ruleforge.fields.UnlistedField;
import io.ruleforge.evaluate.EventFields;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds the index FROM reads from JSON events: one column per mapped leaf field (multi-fields read their parent's
 * value, aliases their target's), plus the fields Elasticsearch's dynamic mapping would add for unmapped values
 * (string → text with a keyword {@code .keyword} of ignore_above 256, or date when date detection takes it; whole
 * number → long; decimal → double; true/false → boolean). Dotted and nested objects address the same field, arrays
 * are multi-values — ordered as ES|QL loads them from doc values: keyword, ip and version sorted without
 * duplicates, numbers, dates and booleans sorted, text in source order.
 */
public final class EventIndex {

    /**
     * One event with the {@code _id} it has in the index.
     *
     * @param read what is known of the event from the indices built over it before; null: nothing
     */
    public record Event(String id, JsonNode document, ReadEvent read) {

        public Event(String id, JsonNode document) {
            this(id, document, null);
        }

        /** The event, read through what {@code read} already knows of it. */
        public static Event of(String id, ReadEvent read) {
            return new Event(id, read.document, read);
        }
    }

    /**
     * An event as the indices built over it read it: the fields dynamic mapping adds for it and its cells, each read
     * once and kept. Replay builds an index per run over overlapping windows — an ES|QL rule's every event sits in
     * several, and a run reading each event's fields again cost it nearly all of its time. Not thread-safe: one rule's
     * runs are decided one at a time.
     */
    public static final class ReadEvent {
        private final JsonNode document;
        /** The fields dynamic mapping would add for this event, and the schema they were worked out against. */
        private List<DynamicField> dynamicFields;
        private FieldSchema dynamicFieldsOf;
        /** Per column name, the field it was read as and its cell (a dynamic field's type may change between indices). */
        private Map<String, ReadCell> cells;

        /** Whether the event is in the index for the columns it adds only, not as a row (see {@link #withoutRow}). */
        private boolean rowless;

        /**
         * Whether every value of the document is a leaf or an array of leaves, keyed by its dotted path (replay's
         * projections of events): then a field's values are at its key and nowhere else, and are read there instead of
         * trying every way its path could split into nested and dotted keys.
         */
        private final boolean flat;

        public ReadEvent(JsonNode document) {
            this.document = document;
            this.flat = isFlat(document);
        }

        private static boolean isFlat(JsonNode document) {
            if (!document.isObject()) {
                return false;
            }
            for (JsonNode value : document) {
                if (value.isObject() || value.isArray() && !allLeaves(value)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean allLeaves(JsonNode array) {
            for (JsonNode element : array) {
                if (element.isContainerNode()) {
                    return false;
                }
            }
            return true;
        }

        private boolean allKeysIn(FieldSchema schema, Set<String> mapped) {
            for (Iterator<String> keys = document.fieldNames(); keys.hasNext(); ) {
                String key = keys.next();
                if (!mapped.contains(key) && schema.field(key).isEmpty()) {
                    return false;
                }
            }
            return true;
        }

        /** The values of the field at {@code path}, as {@link EventFields#values} reads them. */
        public List<JsonNode> values(String path) {
            if (!flat) {
                return EventFields.values(document, path);
            }
            JsonNode value = document.get(path);
            if (value == null || value.isNull()) {
                return List.of();
            }
            if (!value.isArray()) {
                return List.of(value);
            }
            List<JsonNode> values = new ArrayList<>(value.size());
            for (JsonNode element : value) {
                if (!element.isNull()) {
                    values.add(element);
                }
            }
            return values;
        }

        public JsonNode document() {
            return document;
        }

        /**
         * From now on the event is no row of the indices built over it, only a source of the columns it adds (the
         * fields dynamic mapping would add for it, typed by the first event of an index that has them): for an event
         * the query's leading WHERE is known to drop, whose fields no row needs, but whose types still decide a column.
         */
        public void withoutRow() {
            rowless = true;
            cells = null; // read no more: a replay holds such events for a whole look-back
        }

        /** Whether the event is no row of the indices built over it ({@link #withoutRow}). */
        public boolean rowless() {
            return rowless;
        }

        List<DynamicField> dynamicFields(FieldSchema schema, Set<String> mapped) {
            if (dynamicFields == null || dynamicFieldsOf != schema) {
                // a flat document's leaf paths are among its keys: when the schema has every key, none is dynamic
                dynamicFields = flat && allKeysIn(schema, mapped) ? List.of()
                        : EventIndex.dynamicFields(this::values, EventFields.leafPaths(document), schema, mapped);
                dynamicFieldsOf = schema;
            }
            return dynamicFields;
        }

        Object cell(String column, Field field) {
            if (cells == null) {
                cells = new HashMap<>();
            }
            ReadCell read = cells.get(column);
            if (read == null || !read.field.equals(field)) {
                read = new ReadCell(field, EventIndex.cell(values(field.source), field));
                cells.put(column, read);
            }
            return read.cell;
        }

        private record ReadCell(Field field, Object cell) {
        }
    }

    /** A field the event holds that is not mapped: dynamic mapping adds it with the type of its first value. */
    private record DynamicField(String path, DataType type) {
    }

    private static final int DYNAMIC_KEYWORD_IGNORE_ABOVE = DynamicTemplates.DYNAMIC_KEYWORD_IGNORE_ABOVE;

    private EventIndex() {
    }

    /**
     * Whether an event adds a column to the indices built over it with {@code schema} (a field the mapping lacks): one
     * that is no row ({@link ReadEvent#withoutRow}) and adds none changes no index, and can be left out of them.
     */
    public static java.util.function.Predicate<ReadEvent> addsColumns(FieldSchema schema) {
        Set<String> mapped = Set.copyOf(mappedFields(schema).keySet());
        return event -> !event.dynamicFields(schema, mapped).isEmpty();
    }

    /** The columns of the fields {@code schema} maps, by name in ES|QL's order. */
    private static Map<String, Field> mappedFields(FieldSchema schema) {
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
            // ES|QL reads values from doc values, or from _source where a field has none, which is not modelled here
            String undecidable = m.isSearchable() ? m.unmodelledMessage().orElse(null)
                    : "the mapping gives it neither an index nor doc values, which ruleforge's ES|QL does not model";
            fields.put(m.name(), new Field(source, type, m.ignoreAbove(), m.normalizer(), undecidable));
        }
        return fields;
    }

    public static EsqlIndex of(String name, boolean anyPattern, List<Event> events, FieldSchema schema) {
        return of(name, anyPattern, events, schema, true);
    }

    /**
     * The index of the events; with {@code unmappedFields} false only the mapped fields are its columns — for a
     * query known to read no other (replay's leading WHEREs), which then need not work out what dynamic mapping adds.
     */
    public static EsqlIndex of(String name, boolean anyPattern, List<Event> events, FieldSchema schema, boolean unmappedFields) {
        Map<String, Field> fields = mappedFields(schema);
        Set<String> mapped = Set.copyOf(fields.keySet());
        for (Event event : unmappedFields ? events : List.<Event>of()) {
            List<DynamicField> dynamic = event.read() != null ? event.read().dynamicFields(schema, mapped)
                    : dynamicFields(path -> EventFields.values(event.document(), path), EventFields.leafPaths(event.document()), schema, mapped);
            for (DynamicField d : dynamic) {
                if (fields.containsKey(d.path())) {
                    continue; // an earlier event's type stands
                }
                List<JsonNode> first = schema.rootDynamic().isEmpty() ? List.of() : EventFields.values(event.document(), d.path());
                Optional<DynamicTemplates.Mapped> byRoot = first.isEmpty() ? Optional.empty() : schema.dynamicMapping(d.path(), first.get(0));
                if (byRoot.isPresent()) {
                    // mapped by the root's dynamic templates or detection settings: the field and its multi-fields
                    if (byRoot.get().notModelled() != null) {
                        fields.put(d.path(), new Field(d.path(), d.type(), 0, Normalizer.NONE,
                                UnlistedField.notModelled(byRoot.get().notModelled())));
                    }
                    for (FieldMapping m : byRoot.get().fields()) {
                        fields.putIfAbsent(m.name(), new Field(d.path(), ColumnTypes.ofFieldType(m.type()), m.ignoreAbove(), m.normalizer(),
                                m.unmodelledMessage().orElse(null)));
                    }
                    continue;
                }
                UnlistedField handling = schema.unlisted(d.path());
                if (handling.handling() == UnlistedField.Handling.NOT_INDEXED || handling.handling() == UnlistedField.Handling.REFUSES_EVENT) {
                    continue; // no column: the index holds no such field (a query naming it is an unknown column)
                }
                // typed by what ruleforge does not model: a column every read of which is refused
                String unlisted = handling.handling() == UnlistedField.Handling.NOT_MODELLED ? handling.notModelled() : null;
                fields.put(d.path(), new Field(d.path(), d.type(), 0, Normalizer.NONE, unlisted));
                if (d.type() == DataType.TEXT) {
                    fields.putIfAbsent(d.path() + ".keyword", new Field(d.path(), DataType.KEYWORD, DYNAMIC_KEYWORD_IGNORE_ABOVE,
                            Normalizer.NONE, unlisted));
                }
            }
        }
        List<Column> columns = new ArrayList<>();
        fields.forEach((n, f) -> columns.add(new Column(n, f.type, f.undecidable())));
        List<SourceRow> rows = new ArrayList<>();
        for (Event event : events) {
            if (event.read() != null && event.read().rowless) {
                continue;
            }
            List<Object> cells = new ArrayList<>(columns.size());
            for (Map.Entry<String, Field> column : fields.entrySet()) {
                Field f = column.getValue();
                cells.add(f.type == DataType.UNSUPPORTED ? null : event.read() != null ? event.read().cell(column.getKey(), f)
                        : cell(EventFields.values(event.document(), f.source), f));
            }
            rows.add(new SourceRow(cells, event.id(), event.document()));
        }
        return new EsqlIndex(name, anyPattern, columns, rows);
    }

    private record Field(String source, DataType type, int ignoreAbove, Normalizer normalizer, String unmodelled) {

        Field(String source, DataType type, int ignoreAbove, Normalizer normalizer) {
            this(source, type, ignoreAbove, normalizer, null);
        }

        /**
         * Why a query cannot read the column, or null: a keyword's doc values, which ES|QL reads, hold the normalized
         * value, and one ruleforge cannot normalize is refused where it is read.
         */
        String undecidable() {
            if (unmodelled != null) {
                return unmodelled;
            }
            if (type != DataType.KEYWORD || normalizer.isModelled()) {
                return null;
            }
            return "the normalizer [" + normalizer.name() + "] is not modelled by ruleforge: " + normalizer.unmodelled().orElseThrow();
        }
    }

    /** The unmapped fields of an event, by its leaf paths in order, with the type their first value maps them to. */
    private static List<DynamicField> dynamicFields(Function<String, List<JsonNode>> values, Set<String> leafPaths, FieldSchema schema,
                                                    Set<String> mapped) {
        List<DynamicField> dynamic = new ArrayList<>(0);
        for (String path : leafPaths) {
            if (mapped.contains(path) || schema.field(path).isPresent() || isUnderLeaf(schema, path)) {
                continue;
            }
            DataType type = dynamicType(values.apply(path));
            if (type != null) {
                dynamic.add(new DynamicField(path, type));
            }
        }
        return dynamic;
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
            if (v.isTextual() || v.isNumber() || v.isBoolean()) {
                return ColumnTypes.ofFieldType(DynamicTemplates.ELASTICSEARCH_DEFAULT.fieldType(v));
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
