package io.ruleforge.esql.ast;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The ES|QL data types as Elasticsearch names them (its {@code DataType} enum, the subset rules meet). Literals carry
 * one; the function registry and the verifier type columns with them.
 */
public enum DataType {
    NULL, BOOLEAN, INTEGER, LONG, UNSIGNED_LONG, DOUBLE, KEYWORD, TEXT, IP, VERSION, DATETIME, DATE_NANOS,
    GEO_POINT, GEO_SHAPE, CARTESIAN_POINT, CARTESIAN_SHAPE,
    /** {@code 1 hour}: a fixed length of time. */
    TIME_DURATION,
    /** {@code 1 month}: a calendar period. */
    DATE_PERIOD,
    /** A mapped type ES|QL cannot load (binary, nested …), or a column whose type is not known. */
    UNSUPPORTED;

    public static final Set<DataType> NUMERIC = Set.of(INTEGER, LONG, UNSIGNED_LONG, DOUBLE);
    public static final Set<DataType> STRING = Set.of(KEYWORD, TEXT);
    public static final Set<DataType> DATE = Set.of(DATETIME, DATE_NANOS);
    public static final Set<DataType> SPATIAL = Set.of(GEO_POINT, GEO_SHAPE, CARTESIAN_POINT, CARTESIAN_SHAPE);
    public static final Set<DataType> TEMPORAL_AMOUNT = Set.of(TIME_DURATION, DATE_PERIOD);

    public boolean isNumeric() {
        return NUMERIC.contains(this);
    }

    public boolean isString() {
        return STRING.contains(this);
    }

    public boolean isDate() {
        return DATE.contains(this);
    }

    /** The lower-case name Elasticsearch prints, e.g. {@code keyword}, {@code date_nanos}. */
    public String esName() {
        return this == DATETIME ? "datetime" : name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type of the name used in an inline cast {@code x::long} or a conversion, as Elasticsearch accepts them
     * ({@code string} and {@code date} are aliases).
     */
    public static Optional<DataType> fromCastName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "bool", "boolean" -> Optional.of(BOOLEAN);
            case "int", "integer" -> Optional.of(INTEGER);
            case "long" -> Optional.of(LONG);
            case "unsigned_long" -> Optional.of(UNSIGNED_LONG);
            case "double" -> Optional.of(DOUBLE);
            case "keyword", "string" -> Optional.of(KEYWORD);
            case "text" -> Optional.of(TEXT);
            case "ip" -> Optional.of(IP);
            case "version" -> Optional.of(VERSION);
            case "datetime", "date" -> Optional.of(DATETIME);
            case "date_nanos" -> Optional.of(DATE_NANOS);
            case "geo_point" -> Optional.of(GEO_POINT);
            case "geo_shape" -> Optional.of(GEO_SHAPE);
            case "cartesian_point" -> Optional.of(CARTESIAN_POINT);
            case "cartesian_shape" -> Optional.of(CARTESIAN_SHAPE);
            case "time_duration" -> Optional.of(TIME_DURATION);
            case "date_period" -> Optional.of(DATE_PERIOD);
            default -> Optional.empty();
        };
    }
}
