package io.ruleforge.fields;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.lucene.sandbox.document.HalfFloatPoint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Optional;

/**
 * What Elasticsearch's numeric field types can hold, shared by the query verifier (which reports values a field can
 * never match or a query Elasticsearch rejects) and the DSL evaluator (which stores and compares them).
 */
public final class NumberTypes {

    private static final BigInteger UNSIGNED_LONG_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private NumberTypes() {
    }

    /** long, integer, short, byte and unsigned_long: whole numbers only. */
    public static boolean isWholeNumber(String type) {
        return switch (type) {
            case "long", "integer", "short", "byte", "unsigned_long" -> true;
            default -> false;
        };
    }

    /**
     * The value as the field type stores it (whole-number types truncate decimals, float types round to their
     * precision), or empty when the type cannot hold it: out of the type's range, or not finite in it.
     */
    public static Optional<BigDecimal> valueInType(String type, BigDecimal n) {
        return switch (type) {
            case "long" -> inRange(n, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE));
            case "integer" -> inRange(n, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE));
            case "short" -> inRange(n, BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE));
            case "byte" -> inRange(n, BigInteger.valueOf(Byte.MIN_VALUE), BigInteger.valueOf(Byte.MAX_VALUE));
            case "unsigned_long" -> inRange(n, BigInteger.ZERO, UNSIGNED_LONG_MAX);
            case "float" -> Float.isFinite(n.floatValue()) ? Optional.of(new BigDecimal(n.floatValue())) : Optional.empty();
            case "half_float" -> halfFloat(n.floatValue());
            default -> Double.isFinite(n.doubleValue())
                    ? Optional.of(new BigDecimal(n.doubleValue())) : Optional.empty();
        };
    }

    /**
     * A half_float holds the value rounded to half precision (11 significant bits: {@code 5.1} is {@code 5.1015625}),
     * both in the index and in a term query's value, as Elasticsearch's {@code HALF_FLOAT.parse} rounds it through
     * Lucene's {@link HalfFloatPoint}. A value beyond its range (65,504) rounds to infinity, which is not modelled.
     */
    private static Optional<BigDecimal> halfFloat(float value) {
        if (!Float.isFinite(value)) {
            return Optional.empty();
        }
        float half = HalfFloatPoint.sortableShortToHalfFloat(HalfFloatPoint.halfFloatToSortableShort(value));
        return Float.isFinite(half) ? Optional.of(new BigDecimal(half)) : Optional.empty();
    }

    /**
     * Whether Elasticsearch builds a range query with this bound: long fields parse bounds as longs and integer,
     * short and byte fields as ints, rejecting the query when the bound does not fit ("out of range for a long");
     * floating-point and unsigned_long fields clamp out-of-range bounds instead.
     */
    public static boolean acceptsRangeBound(String type, BigDecimal bound) {
        return switch (type) {
            case "long" -> valueInType("long", bound).isPresent();
            case "integer", "short", "byte" -> valueInType("integer", bound).isPresent();
            default -> true;
        };
    }

    /** The printable range of a whole-number type, e.g. {@code -128 to 127}; empty for other types. */
    public static Optional<String> describeRange(String type) {
        return switch (type) {
            case "long" -> Optional.of(Long.MIN_VALUE + " to " + Long.MAX_VALUE);
            case "integer" -> Optional.of(Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
            case "short" -> Optional.of(Short.MIN_VALUE + " to " + Short.MAX_VALUE);
            case "byte" -> Optional.of(Byte.MIN_VALUE + " to " + Byte.MAX_VALUE);
            case "unsigned_long" -> Optional.of("0 to " + UNSIGNED_LONG_MAX);
            default -> Optional.empty();
        };
    }

    private static Optional<BigDecimal> inRange(BigDecimal n, BigInteger min, BigInteger max) {
        // compared before truncating: 1e999999999 must not be expanded into a billion-digit integer
        if (n.compareTo(new BigDecimal(max).add(BigDecimal.ONE)) >= 0 || n.compareTo(new BigDecimal(min).subtract(BigDecimal.ONE)) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(n.setScale(0, RoundingMode.DOWN).toBigInteger()));
    }

    /**
     * Whether Elasticsearch indexes {@code value} into a field of numeric {@code type}: it refuses what is not a
     * number (or a numeric string), infinities ({@code 1e999}) and values out of the type's range (a 30-digit long).
     */
    public static boolean indexable(String type, JsonNode value) {
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            return false;
        }
        return sourceNumber(value).flatMap(n -> valueInType(type, n)).isPresent();
    }

    public static Optional<BigDecimal> sourceNumber(JsonNode v) {
        if (v.isNumber()) {
            return Optional.of(v.decimalValue());
        }
        if (v.isTextual()) {
            try {
                return Optional.of(new BigDecimal(v.textValue().trim()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }
}
