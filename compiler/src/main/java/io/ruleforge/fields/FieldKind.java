package io.ruleforge.fields;

import java.util.Optional;

/**
 * What a field's Elasticsearch mapping type means for searching and comparing its values — the one place the
 * type strings of a mapping are sorted into families, for the verifiers, the back ends and the evaluators alike.
 */
public enum FieldKind {
    /** keyword, constant_keyword, wildcard, version: whole values compared exactly. */
    KEYWORD("keyword"),
    /** text, match_only_text: analysed. */
    TEXT("text"),
    NUMBER("numeric"),
    IP("ip"),
    DATE("date"),
    BOOLEAN("boolean"),
    /** object and nested entries describe containers, not values. */
    CONTAINER("object"),
    /** A mapped type none of the above covers (geo_point, binary, flattened, alias …). */
    OTHER("other"),
    /** No mapping is known for the field. */
    UNMAPPED("unmapped");

    private final String label;

    FieldKind(String label) {
        this.label = label;
    }

    /** The family of a mapping type as written in a mapping ({@code keyword}, {@code long}, {@code nested} …). */
    public static FieldKind ofType(String type) {
        return switch (type) {
            case "keyword", "constant_keyword", "wildcard", "version" -> KEYWORD;
            case "text", "match_only_text" -> TEXT;
            case "long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long" -> NUMBER;
            case "ip" -> IP;
            case "date", "date_nanos" -> DATE;
            case "boolean" -> BOOLEAN;
            case "object", "nested" -> CONTAINER;
            default -> OTHER;
        };
    }

    /** The kind of a field that may have no mapping. */
    public static FieldKind of(Optional<FieldMapping> mapping) {
        return mapping.map(FieldMapping::kind).orElse(UNMAPPED);
    }

    /** keyword or text: values that are strings. */
    public boolean isString() {
        return this == KEYWORD || this == TEXT;
    }

    /** A kind whose values queries compare (not a container, not a type no query language here compares). */
    public boolean holdsComparableValues() {
        return this != CONTAINER && this != OTHER && this != UNMAPPED;
    }

    /** How messages name the family ("a numeric field", "an unmapped field"). */
    public String label() {
        return label;
    }
}
