package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.NumberTypes;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Numeric fields. Source values are coerced as ES does by default: strings parsed as each type parses them,
 * {@code ""} no value, decimals truncated for whole number types, floats kept at the type's precision
 * ({@link NumberTypes#documentValue}). Query values are numbers or numeric strings ({@code "443"} is what KQL sends).
 * A term with a decimal part on a whole-number field matches nothing;
 * a value that is not a number is an error, as in ES.
 */
record NumericValues(ResolvedField field, List<BigDecimal> numbers) implements FieldValues {

    static NumericValues of(ResolvedField field) {
        List<BigDecimal> numbers = new ArrayList<>();
        for (JsonNode v : field.values()) {
            NumberTypes.documentValue(field.type(), v).value().ifPresent(numbers::add);
        }
        return new NumericValues(field, List.copyOf(numbers));
    }

    /**
     * Whole-number types: the truncated value ({@code 5.7} and {@code "5"} are the key {@code 5}); float types: the
     * double the stored value widens to ({@code 5.1} in a float is {@code 5.099999904632568}), without a
     * {@code .0} ({@code 5.0} is {@code 5}, as the aggregation's JSON number reads).
     */
    @Override
    public List<String> termKeys() {
        return TermKeys.distinct(numbers.stream().map(n -> NumberTypes.isWholeNumber(field.type())
                ? n.toBigInteger().toString() : TermKeys.plain(new BigDecimal(Double.toString(n.doubleValue())))));
    }

    /** The value as the type parses it: a whole-number type's {@code 5.7} is {@code 5}; a float prints as a float. */
    @Override
    public List<String> fieldValues() {
        return numbers.stream().map(n -> switch (field.type()) {
            case "float", "half_float" -> TermKeys.plain(new BigDecimal(Float.toString(n.floatValue())));
            case "double", "scaled_float" -> TermKeys.plain(new BigDecimal(Double.toString(n.doubleValue())));
            default -> n.toBigInteger().toString();
        }).toList();
    }

    @Override
    public boolean exists() {
        return !numbers.isEmpty();
    }

    /**
     * A value beyond the type's range (a long above 2^63, a float above its largest, a half_float that rounds to
     * infinity) matches nothing: Elasticsearch's {@code termQuery} answers it with no documents, not an error.
     */
    @Override
    public Optional<String> term(JsonNode value, boolean caseInsensitive) {
        return equal(value, false);
    }

    /** In a {@code terms} list a value beyond the type's range is refused, as Elasticsearch's {@code termsQuery} does. */
    @Override
    public Optional<String> termInList(JsonNode value) {
        return equal(value, true);
    }

    /**
     * The indexed value equal to the query value as the type holds it; none for a fraction on a whole-number type,
     * and none — or, with {@code refuseOutOfRange}, an error — for a value beyond the type's range.
     */
    private Optional<String> equal(JsonNode value, boolean refuseOutOfRange) {
        Optional<BigDecimal> wanted = Optional.empty();
        boolean fraction = false;
        if (value == null || !value.isFloatingPointNumber() || Double.isFinite(value.doubleValue())) { // 1e309: beyond every type
            BigDecimal parsed = parseQuery(value, field.type());
            fraction = NumberTypes.isWholeNumber(field.type()) && parsed.stripTrailingZeros().scale() > 0;
            wanted = fraction ? Optional.empty() : NumberTypes.valueInType(field.type(), parsed);
        }
        if (wanted.isEmpty()) {
            if (refuseOutOfRange && !fraction) {
                throw new IllegalArgumentException("Value [" + value.asText() + "] is out of range for type [" + field.type() + "]");
            }
            return Optional.empty();
        }
        BigDecimal inType = wanted.get();
        return numbers.stream().filter(n -> n.compareTo(inType) == 0).findFirst().map(BigDecimal::toPlainString);
    }

    @Override
    public Optional<String> range(RangeBounds bounds) {
        return numbers.stream()
                .filter(bounds.matcher(BigDecimal::compareTo, (b, up) -> boundInType(parseQuery(b, field.type()))))
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

    /**
     * A query's number as the field type's parser reads it: a decimal; and for every type but long (whose
     * {@code Numbers.toLong} takes decimals only) also Java's own syntax, as {@code Float/Double.parseDouble} read it
     * in Elasticsearch's {@code NumberType.parse} ({@code "0.5f"}, {@code "5d"}, {@code "0x1p-1"}), finite only.
     */
    private static BigDecimal parseQuery(JsonNode value, String type) {
        if (value != null && value.isNumber()) {
            return value.decimalValue();
        }
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("failed to create query: [" + value + "] is not a number");
        }
        try {
            return new BigDecimal(value.textValue().trim());
        } catch (NumberFormatException e) {
            if (!type.equals("long") && !type.equals("unsigned_long")) {
                try {
                    double d = Double.parseDouble(value.textValue());
                    if (Double.isFinite(d)) {
                        return new BigDecimal(d);
                    }
                } catch (NumberFormatException notJava) {
                    // refused below, with Elasticsearch's words
                }
            }
            throw new IllegalArgumentException("failed to create query: For input string: \"" + value.textValue() + "\"");
        }
    }
}
