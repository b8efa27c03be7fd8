package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.util.Locale;
import java.util.Optional;

/**
 * Type names outside the query: csv-spec headers ({@code emp_no:integer}, short forms such as {@code i}, {@code l},
 * {@code k}) and Elasticsearch field types from a mapping, which ES|QL reads as one of its own types (short and
 * byte as integer, float family as double, constant_keyword and wildcard as keyword, match_only_text as text).
 */
public final class ColumnTypes {

    private ColumnTypes() {
    }

    /** The name in a csv-spec header and in {@code ruleforge esql} output: {@code date} for datetime. */
    public static String specName(DataType type) {
        return type == DataType.DATETIME ? "date" : type.esName();
    }

    /** A csv-spec header type, long or short. */
    public static Optional<DataType> ofSpecName(String name) {
        return Optional.ofNullable(switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "keyword", "k", "s", "string", "constant_keyword", "wildcard" -> DataType.KEYWORD;
            case "text", "txt", "match_only_text", "semantic_text" -> DataType.TEXT;
            case "long", "l" -> DataType.LONG;
            case "integer", "i", "int", "short", "byte" -> DataType.INTEGER;
            case "unsigned_long", "ul" -> DataType.UNSIGNED_LONG;
            case "double", "d", "float", "f", "half_float", "scaled_float" -> DataType.DOUBLE;
            case "boolean", "bool", "b" -> DataType.BOOLEAN;
            case "date", "datetime", "dt" -> DataType.DATETIME;
            case "date_nanos" -> DataType.DATE_NANOS;
            case "ip" -> DataType.IP;
            case "version", "v" -> DataType.VERSION;
            case "geo_point" -> DataType.GEO_POINT;
            case "date_period" -> DataType.DATE_PERIOD;
            case "time_duration" -> DataType.TIME_DURATION;
            case "null" -> DataType.NULL;
            case "unsupported", "object", "nested", "binary" -> DataType.UNSUPPORTED;
            default -> null;
        });
    }

    /** The ES|QL type of an Elasticsearch field type; UNSUPPORTED for what ES|QL cannot read. */
    public static DataType ofFieldType(String fieldType) {
        return ofSpecName(fieldType).filter(t -> t != DataType.DATE_NANOS).orElse(
                fieldType.equals("date_nanos") ? DataType.DATETIME : DataType.UNSUPPORTED);
    }
}
