package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Numeric fields. Source values are coerced as ES does by default (strings parsed, decimals truncated for whole
 * number types, floats kept at the type's precision); query values are numbers or numeric strings
 * ({@code "443"} is what KQL sends). A term with a decimal part on a whole-number field matches nothing;
 * a value that is not a number is an error, as in ES.
 */
record NumericValues(ResolvedField field, List<BigDecimal> numbers) implements FieldValues {

    static NumericValues of(ResolvedField field) {
        List<BigDecimal> numbers = new ArrayList<>();
        for (JsonNode v : field.values()) {
            parseSource(v).flatMap(n -> coerce(field.type(), n)).ifPresent(numbers::add);
        }
        return new NumericValues(field, List.copyOf(numbers));
    }

    @Override
    public boolean exists() {
        return !numbers.isEmpty();
    }

    @Override
    public Optional<String> term(JsonNode value, boolean caseInsensitive) {
        BigDecimal wanted = parseQuery(value);
        if (isWholeNumberType(field.type()) && wanted.stripTrailingZeros().scale() > 0) {
            return Optional.empty();
        }
        BigDecimal inType = coerce(field.type(), wanted).orElseThrow(() -> new IllegalArgumentException(
                "Value [" + value.asText() + "] is out of range for type [" + field.type() + "]"));
        return numbers.stream().filter(n -> n.compareTo(inType) == 0).findFirst().map(BigDecimal::toPlainString);
    }

    @Override
    public Optional<String> range(RangeBounds bounds) {
        return numbers.stream()
                .filter(bounds.matcher(BigDecimal::compareTo, (b, up) -> boundInType(parseQuery(b))))
                .findFirst().map(BigDecimal::toPlainString);
    }

    /** Range bounds keep their exact value on whole-number types (gte 1.5 means >= 2) but take float precision. */
    private BigDecimal boundInType(BigDecimal bound) {
        return switch (field.type()) {
            case "float", "half_float" -> new BigDecimal(bound.floatValue());
            case "double", "scaled_float" -> new BigDecimal(bound.doubleValue());
            default -> bound;
        };
    }

    private static BigDecimal parseQuery(JsonNode value) {
        if (value != null && value.isNumber()) {
            return value.decimalValue();
        }
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("failed to create query: [" + value + "] is not a number");
        }
        try {
            return new BigDecimal(value.textValue().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to create query: For input string: \"" + value.textValue() + "\"");
        }
    }

    /**
     * Whether Elasticsearch indexes {@code value} into a field of numeric {@code type}: it refuses what is not a
     * number (or a numeric string), infinities ({@code 1e999}) and values out of the type's range (a 30-digit long).
     */
    static boolean indexable(String type, JsonNode value) {
        if (value.isFloatingPointNumber() && !Double.isFinite(value.doubleValue())) {
            return false;
        }
        return parseSource(value).flatMap(n -> coerce(type, n)).isPresent();
    }

    private static Optional<BigDecimal> parseSource(JsonNode v) {
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

    private static boolean isWholeNumberType(String type) {
        return switch (type) {
            case "long", "integer", "short", "byte", "unsigned_long" -> true;
            default -> false;
        };
    }

    /** The value as the field type stores it, or empty when the type cannot hold it. */
    private static Optional<BigDecimal> coerce(String type, BigDecimal n) {
        return switch (type) {
            case "long" -> inRange(n, BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE));
            case "integer" -> inRange(n, BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE));
            case "short" -> inRange(n, BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE));
            case "byte" -> inRange(n, BigInteger.valueOf(Byte.MIN_VALUE), BigInteger.valueOf(Byte.MAX_VALUE));
            case "unsigned_long" -> inRange(n, BigInteger.ZERO, BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE));
            case "float", "half_float" -> Float.isFinite(n.floatValue())
                    ? Optional.of(new BigDecimal(n.floatValue())) : Optional.empty();
            default -> Double.isFinite(n.doubleValue())
                    ? Optional.of(new BigDecimal(n.doubleValue())) : Optional.empty();
        };
    }

    private static Optional<BigDecimal> inRange(BigDecimal n, BigInteger min, BigInteger max) {
        BigInteger whole = n.setScale(0, RoundingMode.DOWN).toBigInteger();
        if (whole.compareTo(min) < 0 || whole.compareTo(max) > 0) {
            return Optional.empty();
        }
        return Optional.of(new BigDecimal(whole));
    }
}
