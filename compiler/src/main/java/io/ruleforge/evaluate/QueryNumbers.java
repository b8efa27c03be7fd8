package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.NumberTypes;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A query's number as Elasticsearch 8.19's {@code NumberFieldMapper.NumberType} reads it, which differs by type and by
 * query. The document side is {@link NumberTypes#documentValue}; this is the query side:
 * <ul>
 * <li><b>long</b>: a term first asks whether the value has a decimal part, read by {@code Double.parseDouble} (which
 *     trims and takes Java's syntax: {@code " 443.5"}, {@code "0.5f"}, {@code "NaN"} have one), and then matches
 *     nothing; otherwise it reads the value exactly, by {@code new BigDecimal}, which neither trims nor takes Java's
 *     syntax ({@code " 443"} and {@code "5d"} fail the search), and a value beyond a long matches nothing. A terms
 *     list leaves out values with a decimal part and fails on one beyond a long; a range bound is read by
 *     {@code objectToLong} (a bound beyond a long, {@code " 443"}, {@code "0.5f"} and {@code "NaN"} fail the search),
 *     then moved past its decimal part.</li>
 * <li><b>integer, short, byte</b> (all read as an integer): by {@code Double.parseDouble} throughout ({@code " 443"} is
 *     443); a term with a decimal part or beyond an integer matches nothing; a terms list leaves out decimals and
 *     fails beyond an integer; a range bound beyond an integer fails the search, and {@code "NaN"} is 0 with a
 *     decimal part.</li>
 * <li><b>float, half_float, double</b> (and scaled_float, read here as a double): Java's syntax; a term that is not
 *     finite in the type matches nothing, a terms list fails on one; a range bound may be infinite, and {@code NaN}
 *     lies beyond every value, above or below.</li>
 * <li><b>unsigned_long</b>: a decimal, trimmed (its mapper is not in the test distribution, so unchecked).</li>
 * </ul>
 * Checked value by value against Elasticsearch 8.19.21 ({@code EngineDifferentialIT}). Every failure is an
 * {@link IllegalArgumentException} with Elasticsearch's words, which the evaluator reports as a rejected query.
 */
final class QueryNumbers {

    /** Beyond every finite double: where an infinite or NaN bound of a floating-point range lies. */
    private static final BigDecimal BEYOND_EVERY_VALUE = BigDecimal.TEN.pow(400);

    private QueryNumbers() {
    }

    /** A {@code term} or {@code match} value: the number to look for, or empty when the query matches nothing. */
    static Optional<BigDecimal> term(String type, JsonNode value) {
        return switch (type) {
            case "long" -> hasDecimalPart(value) ? Optional.empty() : NumberTypes.valueInType("long", exactDecimal(value));
            case "integer", "short", "byte" -> {
                if (hasDecimalPart(value)) {
                    yield Optional.empty();
                }
                double d = toDouble(value);
                yield d < Integer.MIN_VALUE || d > Integer.MAX_VALUE ? Optional.empty() : Optional.of(BigDecimal.valueOf((long) d));
            }
            case "unsigned_long" -> NumberTypes.valueInType(type, unsignedLong(value));
            default -> floating(type, value);
        };
    }

    /** A value of a {@code terms} list: the number to look for, or empty when Elasticsearch leaves it out. */
    static Optional<BigDecimal> termInList(String type, JsonNode value) {
        return switch (type) {
            case "long" -> hasDecimalPart(value) ? Optional.empty() : Optional.of(BigDecimal.valueOf(toLong(value)));
            case "integer", "short", "byte" -> hasDecimalPart(value) ? Optional.empty() : Optional.of(BigDecimal.valueOf(toInteger(value)));
            case "unsigned_long" -> {
                BigDecimal n = unsignedLong(value);
                if (n.stripTrailingZeros().scale() > 0) {
                    yield Optional.empty();
                }
                yield Optional.of(NumberTypes.valueInType(type, n).orElseThrow(() -> outOfRange(value, type)));
            }
            default -> Optional.of(floating(type, value).orElseThrow(
                    () -> new IllegalArgumentException("[" + type + "] supports only finite values, but got [" + value.asText() + "]")));
        };
    }

    /** The values a {@code range} query takes, its bounds read as the type reads them. */
    static Predicate<BigDecimal> range(String type, RangeBounds bounds) {
        return switch (type) {
            case "long", "integer", "short", "byte" -> wholeRange(type, bounds);
            case "unsigned_long" -> bounds.matcher(BigDecimal::compareTo, (b, roundUp) -> unsignedLong(b));
            default -> bounds.matcher(BigDecimal::compareTo, (b, roundUp) -> floatingBound(type, b));
        };
    }

    /**
     * {@code longRangeQuery} and the integer's range: each bound read as the type, then a bound with a decimal part
     * moved inside (a lower 1.5 is 2, an upper -1.5 is -2) and an exclusive whole bound moved by one.
     */
    private static Predicate<BigDecimal> wholeRange(String type, RangeBounds bounds) {
        boolean isLong = type.equals("long");
        long min = isLong ? Long.MIN_VALUE : Integer.MIN_VALUE;
        long max = isLong ? Long.MAX_VALUE : Integer.MAX_VALUE;
        long low = min;
        long high = max;
        boolean empty = false;
        if (bounds.lower() != null) {
            JsonNode b = bounds.lower();
            low = isLong ? toLong(b) : toInteger(b);
            boolean decimal = hasDecimalPart(b);
            if ((!decimal && !bounds.includeLower()) || (decimal && Math.signum(toDouble(b)) > 0)) {
                empty = low == max; // nothing lies above the largest value
                low++;
            }
        }
        if (bounds.upper() != null) {
            JsonNode b = bounds.upper();
            high = isLong ? toLong(b) : toInteger(b);
            boolean decimal = hasDecimalPart(b);
            if ((!decimal && !bounds.includeUpper()) || (decimal && Math.signum(toDouble(b)) < 0)) {
                empty |= high == min;
                high--;
            }
        }
        if (empty) {
            return n -> false;
        }
        BigDecimal from = BigDecimal.valueOf(low);
        BigDecimal to = BigDecimal.valueOf(high);
        return n -> n.compareTo(from) >= 0 && n.compareTo(to) <= 0;
    }

    /** A floating-point term: the value at the type's precision, or empty when it is not finite there. */
    private static Optional<BigDecimal> floating(String type, JsonNode value) {
        if (value.isNumber()) {
            return value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())
                    ? Optional.empty() : NumberTypes.valueInType(type, value.decimalValue());
        }
        double d = toDouble(value);
        return Double.isFinite(d) ? NumberTypes.valueInType(type, decimalOrDouble(value, d)) : Optional.empty();
    }

    /** A floating-point range bound at the type's precision; an infinite or NaN one beyond every value. */
    private static BigDecimal floatingBound(String type, JsonNode bound) {
        double d = toDouble(bound);
        if (Double.isNaN(d) || d == Double.POSITIVE_INFINITY) {
            return BEYOND_EVERY_VALUE;
        }
        if (d == Double.NEGATIVE_INFINITY) {
            return BEYOND_EVERY_VALUE.negate();
        }
        BigDecimal exact = bound.isNumber() ? bound.decimalValue() : decimalOrDouble(bound, d);
        return switch (type) {
            case "float", "half_float" -> Float.isFinite(exact.floatValue()) ? new BigDecimal(exact.floatValue())
                    : (exact.signum() > 0 ? BEYOND_EVERY_VALUE : BEYOND_EVERY_VALUE.negate());
            default -> new BigDecimal(exact.doubleValue());
        };
    }

    /** A numeric string's exact decimal when it is one (trimmed), else the double Java's syntax reads. */
    private static BigDecimal decimalOrDouble(JsonNode value, double d) {
        try {
            return new BigDecimal(text(value).trim());
        } catch (NumberFormatException e) {
            return new BigDecimal(d);
        }
    }

    /** {@code objectToDouble}: a number's double, or {@code Double.parseDouble} of a string. */
    private static double toDouble(JsonNode value) {
        if (value.isNumber()) {
            return value.doubleValue();
        }
        String text = text(value);
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to create query: For input string: \"" + text + "\"");
        }
    }

    /** {@code hasDecimalPart}: a whole JSON number has none; anything else is read as a double ({@code NaN} has one). */
    private static boolean hasDecimalPart(JsonNode value) {
        if (value.isIntegralNumber()) {
            return false;
        }
        return toDouble(value) % 1 != 0;
    }

    /** The value as {@code new BigDecimal} reads its text: no trimming, no Java syntax. */
    private static BigDecimal exactDecimal(JsonNode value) {
        return decimal(value, false);
    }

    /** A number's decimal, or {@code new BigDecimal} of a string's text (trimmed or not). */
    private static BigDecimal decimal(JsonNode value, boolean trimmed) {
        if (value.isNumber()) {
            return value.decimalValue();
        }
        String text = text(value);
        try {
            return new BigDecimal(trimmed ? text.trim() : text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to create query: For input string: \"" + text + "\"");
        }
    }

    /** {@code objectToLong} with coerce: in range as a double, then {@code Numbers.toLong}, truncated. */
    private static long toLong(JsonNode value) {
        double d = toDouble(value);
        if (d < Long.MIN_VALUE || d > Long.MAX_VALUE) {
            throw outOfRange(value, "long");
        }
        if (value.canConvertToLong()) {
            return value.longValue();
        }
        BigDecimal exact = exactDecimal(value);
        if (exact.abs().compareTo(BigDecimal.ONE) < 0) {
            return 0; // without toBigInteger, which would divide "1e-999999999" out digit by digit
        }
        BigInteger whole = exact.toBigInteger(); // the double check above keeps the exponent small
        if (whole.bitLength() > 63) {
            throw outOfRange(value, "long");
        }
        return whole.longValue();
    }

    /** {@code INTEGER.parse} with coerce: in range as a double, then cast ({@code NaN} is 0). */
    private static long toInteger(JsonNode value) {
        double d = toDouble(value);
        if (d < Integer.MIN_VALUE || d > Integer.MAX_VALUE) {
            throw outOfRange(value, "integer");
        }
        return (int) d;
    }

    /** An unsigned_long's value: a decimal, trimmed (its mapper is not in the test distribution: unchecked). */
    private static BigDecimal unsignedLong(JsonNode value) {
        return decimal(value, true);
    }

    private static String text(JsonNode value) {
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("failed to create query: [" + value + "] is not a number");
        }
        return value.asText();
    }

    private static IllegalArgumentException outOfRange(JsonNode value, String type) {
        return new IllegalArgumentException("Value [" + value.asText() + "] is out of range for " + (type.equals("integer") ? "an " : "a ") + type);
    }
}
