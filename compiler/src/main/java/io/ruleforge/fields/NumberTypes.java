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
     * Whether Elasticsearch indexes {@code value} into a field of numeric {@code type} (an empty string, indexed as no
     * value, included): it refuses what is not a number or a numeric string as the type reads it, infinities
     * ({@code 1e999}) and values out of the type's range (a 30-digit long). See {@link #documentValue}.
     */
    public static boolean indexable(String type, JsonNode value) {
        return !documentValue(type, value).refused();
    }

    /**
     * What a numeric field makes of one source value, with {@code coerce} on (the default): the value it indexes, no
     * value, or a refusal (Elasticsearch refuses the whole document).
     *
     * @param value   the value in the type, as {@link #valueInType} gives it; empty for no value or a refusal
     * @param refused whether Elasticsearch refuses to index the document for it
     */
    public record DocumentValue(Optional<BigDecimal> value, boolean refused) {
        static final DocumentValue NONE = new DocumentValue(Optional.empty(), false);
        static final DocumentValue REFUSED = new DocumentValue(Optional.empty(), true);

        static DocumentValue of(Optional<BigDecimal> inType) {
            return inType.map(v -> new DocumentValue(Optional.of(v), false)).orElse(REFUSED);
        }

        static DocumentValue of(BigDecimal inType) {
            return new DocumentValue(Optional.of(inType), false);
        }
    }

    /**
     * The value a numeric field of {@code type} indexes for a source value. A JSON number is taken at its value
     * ({@link #valueInType}). A string is read as Elasticsearch 8.19's document parser reads it, which differs by type
     * ({@code NumberFieldMapper.NumberType.parse(XContentParser, coerce)} over {@code AbstractXContentParser}):
     * <ul>
     * <li>every type: {@code ""} is no value (with coerce, the field mappers take an empty string for null);</li>
     * <li>long: {@code Long.parseLong}, else {@code new BigDecimal} truncated, neither of which trims ({@code " 443"}
     *     is refused); a string of more than 19 fraction digits is 0 ({@code "6.00000000000000000000"}) and one with an
     *     exponent beyond 19 digits is refused ({@code "0E+20"}), the guards of {@code AbstractXContentParser.toLong};</li>
     * <li>integer, short, byte: {@code Double.parseDouble} (which trims, and reads {@code "5d"}, {@code "0x1p-1"} and
     *     {@code "NaN"}, cast to 0), refused outside the integer's (short's) range before the cast truncates it; a byte
     *     is the truncated integer, then refused outside -128..127 ({@code "-128.9"} is -128, {@code "128.5"} refused);
     *     </li>
     * <li>float and half_float: {@code Float.parseFloat}, double and scaled_float: {@code Double.parseDouble} (Java's
     *     syntax: trimmed, {@code "0.5f"}, {@code "5d"}, hexadecimal {@code "0x1p-1"}), refused when not finite
     *     ({@code "NaN"}, {@code "Infinity"}, {@code "3.5e38"} in a float, {@code "65520"} in a half_float);</li>
     * <li>unsigned_long: {@code Long.parseUnsignedLong}, else {@code new BigDecimal} that must be whole
     *     ({@code "5.0"} is 5, {@code "5.5"} refused), in 0..2^64-1; a JSON number with a fraction is refused too.</li>
     * </ul>
     */
    public static DocumentValue documentValue(String type, JsonNode v) {
        if (v.isTextual()) {
            String text = v.textValue();
            return text.isEmpty() ? DocumentValue.NONE : fromString(type, text);
        }
        if (!v.isNumber()) {
            return DocumentValue.REFUSED;
        }
        if (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue())) {
            return DocumentValue.REFUSED;
        }
        if (type.equals("unsigned_long") && v.isFloatingPointNumber()) {
            // UnsignedLongFieldMapper.parseUnsignedLong(Double): refused with a decimal part, else its (long) cast
            double d = v.doubleValue();
            return d != Math.floor(d) || (long) d < 0 ? DocumentValue.REFUSED : DocumentValue.of(BigDecimal.valueOf((long) d));
        }
        return DocumentValue.of(valueInType(type, v.decimalValue()));
    }

    private static DocumentValue fromString(String type, String text) {
        try {
            return switch (type) {
                case "long" -> DocumentValue.of(longFromString(text));
                case "unsigned_long" -> DocumentValue.of(unsignedLongFromString(text));
                case "integer", "byte" -> {
                    double d = Double.parseDouble(text);
                    if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
                        yield DocumentValue.REFUSED;
                    }
                    int i = (int) d;
                    yield type.equals("byte") && (i < Byte.MIN_VALUE || i > Byte.MAX_VALUE)
                            ? DocumentValue.REFUSED : DocumentValue.of(BigDecimal.valueOf(i));
                }
                case "short" -> {
                    double d = Double.parseDouble(text);
                    yield d < Short.MIN_VALUE || d > Short.MAX_VALUE
                            ? DocumentValue.REFUSED : DocumentValue.of(BigDecimal.valueOf((short) d));
                }
                case "float" -> {
                    float f = Float.parseFloat(text);
                    yield Float.isFinite(f) ? DocumentValue.of(new BigDecimal(f)) : DocumentValue.REFUSED;
                }
                case "half_float" -> DocumentValue.of(halfFloat(Float.parseFloat(text)));
                default -> {
                    double d = Double.parseDouble(text);
                    yield Double.isFinite(d) ? DocumentValue.of(new BigDecimal(d)) : DocumentValue.REFUSED;
                }
            };
        } catch (NumberFormatException | ArithmeticException e) {
            return DocumentValue.REFUSED;
        }
    }

    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** {@code AbstractXContentParser.toLong} with coerce; empty when it throws. */
    private static Optional<BigDecimal> longFromString(String text) {
        try {
            return Optional.of(BigDecimal.valueOf(Long.parseLong(text)));
        } catch (NumberFormatException e) {
            // read again as a BigDecimal, as Elasticsearch does
        }
        BigDecimal decimal = new BigDecimal(text);
        if (decimal.scale() < -19) {
            return Optional.empty(); // "long can have a maximum of 19 digits"
        }
        // "large scale -> very small number": taken for 0 without looking at the digits before the point
        BigInteger whole = decimal.scale() > 19 ? BigInteger.ZERO : decimal.toBigInteger();
        return whole.compareTo(LONG_MIN) < 0 || whole.compareTo(LONG_MAX) > 0
                ? Optional.empty() : Optional.of(new BigDecimal(whole));
    }

    /** {@code UnsignedLongFieldMapper.parseUnsignedLong(String)}; empty when it throws. */
    private static Optional<BigDecimal> unsignedLongFromString(String text) {
        try {
            return Optional.of(new BigDecimal(new BigInteger(Long.toUnsignedString(Long.parseUnsignedLong(text)))));
        } catch (NumberFormatException e) {
            // read again as a BigDecimal, as Elasticsearch does
        }
        BigDecimal decimal = new BigDecimal(text);
        if (decimal.signum() == 0) {
            return Optional.of(BigDecimal.ZERO);
        }
        // before toBigIntegerExact, which would expand 1e999999999: more than 20 whole digits is beyond 2^64-1
        if (decimal.stripTrailingZeros().scale() > 0 || decimal.precision() - decimal.scale() > 20) {
            return Optional.empty();
        }
        return inRange(decimal, BigInteger.ZERO, UNSIGNED_LONG_MAX);
    }
}
