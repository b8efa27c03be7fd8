package io.ruleforge.esql.verify;

import io.ruleforge.esql.ast.DataType;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The columns at one point of the pipeline, name → type. After {@code FROM} every field of the indices' mapping is a
 * column (looked up lazily: the mapping has thousands); {@code KEEP}, {@code STATS} and {@code ROW} close that set,
 * {@code DROP} and {@code RENAME} hide single fields of it. Mutable, but owned by one verification.
 */
final class ColumnScope {

    /** How a name resolved. */
    enum Kind {
        /** A column the pipeline made or kept, or a mapped field of the indices. */
        KNOWN,
        /** A field the indices' mapping does not list (it may exist in the data; Elasticsearch would say). */
        UNMAPPED,
        /** No such column at this point of the pipeline. */
        UNKNOWN
    }

    record Resolved(Kind kind, DataType type) {
    }

    private final FieldSchema schema;
    private boolean sourceOpen;
    /** After LOOKUP JOIN the lookup index adds columns ruleforge does not know. */
    private boolean lookupOpen;
    private final Map<String, DataType> columns = new LinkedHashMap<>();
    private final Set<String> hidden = new HashSet<>();

    ColumnScope(FieldSchema schema) {
        this.schema = schema;
    }

    void openSource() {
        sourceOpen = true;
    }

    void openLookup() {
        lookupOpen = true;
    }

    Resolved resolve(String name) {
        DataType t = columns.get(name);
        if (t != null) {
            return new Resolved(Kind.KNOWN, t);
        }
        if (sourceOpen && !hidden.contains(name)) {
            Optional<FieldMapping> m = schema.resolved(name).or(() -> schema.field(name));
            if (m.isPresent()) {
                // an object or flattened field is a column of an unsupported type in ES|QL, not an unknown one
                return new Resolved(Kind.KNOWN, m.get().isContainer() ? DataType.UNSUPPORTED : typeOf(m.get().type()));
            }
            if (schema.hasFieldsBelow(name)) {
                return new Resolved(Kind.KNOWN, DataType.UNSUPPORTED);
            }
            return new Resolved(parentMapped(name) ? Kind.UNMAPPED : Kind.KNOWN, DataType.UNSUPPORTED);
        }
        if (lookupOpen) {
            return new Resolved(Kind.KNOWN, DataType.UNSUPPORTED);
        }
        return new Resolved(Kind.UNKNOWN, DataType.UNSUPPORTED);
    }

    /**
     * Whether the mapping knows the object a field belongs to ({@code kubernetes.audit} for
     * {@code kubernetes.audit.sourceIPs}). Only then is an unmapped field suspicious: when the mapping has nothing of
     * its object, it is the integration's mapping that is missing (Elastic's rules use many integrations whose schemas
     * ruleforge does not ship), and a warning on each such field would bury the typos.
     */
    private boolean parentMapped(String name) {
        int dot = name.lastIndexOf('.');
        return !schema.isEmpty() && dot > 0 && schema.hasFieldsBelow(name.substring(0, dot));
    }

    /** Whether an unknown name may still be a field of the data (a warning, not an error). */
    boolean sourceOpen() {
        return sourceOpen;
    }

    boolean lookupOpen() {
        return lookupOpen;
    }

    void put(String name, DataType type) {
        columns.remove(name);
        columns.put(name, type);
        hidden.remove(name);
    }

    void remove(String name) {
        columns.remove(name);
        hidden.add(name);
    }

    /** The names a pattern matches: explicit columns, and mapped fields while the source is open. */
    List<String> matching(String pattern) {
        Pattern regex = wildcard(pattern);
        List<String> out = new ArrayList<>();
        for (String c : columns.keySet()) {
            if (regex.matcher(c).matches()) {
                out.add(c);
            }
        }
        if (sourceOpen) {
            for (FieldMapping m : schema.fields()) {
                if (!m.isContainer() && !hidden.contains(m.name()) && !columns.containsKey(m.name())
                        && regex.matcher(m.name()).matches()) {
                    out.add(m.name());
                }
            }
        }
        return out;
    }

    /** After KEEP or STATS: exactly these columns, in this order. */
    void replaceAll(Map<String, DataType> kept) {
        columns.clear();
        columns.putAll(kept);
        sourceOpen = false;
        hidden.clear();
    }

    /** Every explicit column name, for "did you mean". */
    Set<String> names() {
        return columns.keySet();
    }

    Optional<String> closestMapped(String name) {
        return sourceOpen ? schema.closestField(name) : Optional.empty();
    }

    static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            regex.append(c == '*' ? ".*" : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(regex.toString());
    }

    /** The ES|QL type of a mapped field type; types ES|QL cannot load are {@code UNSUPPORTED}. */
    static DataType typeOf(String mappingType) {
        return switch (mappingType.toLowerCase(Locale.ROOT)) {
            case "keyword", "constant_keyword", "wildcard" -> DataType.KEYWORD;
            case "text", "match_only_text", "semantic_text" -> DataType.TEXT;
            case "long" -> DataType.LONG;
            case "integer", "short", "byte" -> DataType.INTEGER;
            case "double", "float", "half_float", "scaled_float" -> DataType.DOUBLE;
            case "unsigned_long" -> DataType.UNSIGNED_LONG;
            case "date" -> DataType.DATETIME;
            case "date_nanos" -> DataType.DATE_NANOS;
            case "ip" -> DataType.IP;
            case "boolean" -> DataType.BOOLEAN;
            case "version" -> DataType.VERSION;
            case "geo_point" -> DataType.GEO_POINT;
            case "geo_shape" -> DataType.GEO_SHAPE;
            case "point" -> DataType.CARTESIAN_POINT;
            case "shape" -> DataType.CARTESIAN_SHAPE;
            default -> DataType.UNSUPPORTED;
        };
    }
}
