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
 * ({@link NumberTypes#documentValue}). Query values are numbers or numeric strings ({@code "443"} is what KQL sends),
 * read as the type's query side reads them ({@link QueryNumbers}); a value that is not a number is an error, as in ES.
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
     * A term as the type reads it ({@link QueryNumbers#term}): a value with a decimal part on a whole-number type, or
     * beyond the type's range (a long above 2^63, a float above its largest), matches nothing, not an error.
     */
    @Override
    public Optional<String> term(JsonNode value, boolean caseInsensitive) {
        return QueryNumbers.term(field.type(), value).flatMap(this::stored);
    }

    /** A terms list's value ({@link QueryNumbers#termInList}): one beyond the type's range is refused. */
    @Override
    public Optional<String> termInList(JsonNode value) {
        return QueryNumbers.termInList(field.type(), value).flatMap(this::stored);
    }

    @Override
    public Optional<String> range(RangeBounds bounds) {
        return numbers.stream().filter(QueryNumbers.range(field.type(), bounds)).findFirst().map(BigDecimal::toPlainString);
    }

    /** The stored value equal to {@code wanted}, as the explanation prints it. */
    private Optional<String> stored(BigDecimal wanted) {
        return numbers.stream().filter(n -> n.compareTo(wanted) == 0).findFirst().map(BigDecimal::toPlainString);
    }
}
