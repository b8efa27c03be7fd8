package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.DateValues;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * date and date_nanos fields, read with the mapping's format (by default {@code strict_date_optional_time||epoch_millis},
 * UTC): source values, terms, and range bounds that give no {@code format} of their own. A term or match on a date
 * is a range over the period the value denotes, so {@code "2024-01-01"} matches
 * the whole day, as Kibana's {@code gte/lte} pair does. {@code date} keeps millisecond resolution.
 */
record DateFieldValues(ResolvedField field, List<Instant> instants, Instant now) implements FieldValues {

    static DateFieldValues of(ResolvedField field, Instant now) {
        List<Instant> instants = new ArrayList<>();
        for (JsonNode v : field.values()) {
            Optional<Instant> parsed = Optional.empty();
            if (v.isNumber()) {
                // a number's text as written, read with the field's formats (the default's number format is
                // epoch_millis): 1714557600.5 in an epoch_second field is half a second past, not "1.7145576005E9"
                DateValues.Formats formats = field.dateFormats() == DateValues.DEFAULT ? EPOCH_MILLIS : field.dateFormats();
                parsed = DateValues.parse(numberText(v), formats, ZoneOffset.UTC).map(DateValues.DateSpan::earliest);
            } else if (v.isTextual()) {
                // as written: Elasticsearch's date parsers trim nothing, and refuse the document " 2024-01-01" is in
                parsed = DateValues.parseDocument(v.textValue(), field.dateFormats(), ZoneOffset.UTC).map(DateValues.DateSpan::earliest);
            }
            parsed.map(i -> toResolution(field, i)).ifPresent(instants::add);
        }
        return new DateFieldValues(field, List.copyOf(instants), now);
    }

    private static final DateValues.Formats EPOCH_MILLIS = DateValues.compile(List.of("epoch_millis"));

    /** A JSON number's text: whole numbers as written, others at the shortest decimal that reads back the same double. */
    private static String numberText(JsonNode number) {
        return number.isFloatingPointNumber() && Double.isFinite(number.doubleValue())
                ? new java.math.BigDecimal(Double.toString(number.doubleValue())).toPlainString() : number.asText();
    }

    /** A date source's key is the instant in epoch milliseconds (no {@code format} in the source). */
    @Override
    public List<String> termKeys() {
        return TermKeys.distinct(instants.stream().map(i -> Long.toString(i.toEpochMilli())));
    }

    /**
     * Printed in the mapping's first format, {@code strict_date_optional_time}: always with milliseconds; a
     * {@code date_nanos} field with 3 to 9 fraction digits ({@code strict_date_optional_time_nanos}).
     */
    @Override
    public List<String> fieldValues() {
        return instants.stream().map(field.type().equals("date_nanos") ? NANOS::format : DateValues::isoMillis).toList();
    }

    private static final DateTimeFormatter NANOS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss").appendFraction(ChronoField.NANO_OF_SECOND, 3, 9, true)
            .appendLiteral('Z').toFormatter(Locale.ROOT).withZone(ZoneOffset.UTC);

    @Override
    public boolean exists() {
        return !instants.isEmpty();
    }

    @Override
    public Optional<String> term(JsonNode value, boolean caseInsensitive) {
        String text = FieldValues.text(value);
        DateValues.Formats formats = isNumber(value) ? EPOCH_MILLIS : field.dateFormats();
        Instant from = toResolution(field, DateValues.resolve(text, formats, ZoneOffset.UTC, false, now));
        Instant to = toResolution(field, DateValues.resolve(text, formats, ZoneOffset.UTC, true, now));
        return instants.stream().filter(i -> !i.isBefore(from) && !i.isAfter(to)).findFirst().map(Instant::toString);
    }

    @Override
    public Optional<String> range(RangeBounds bounds) {
        DateValues.Formats formats = bounds.formats() != null ? DateValues.compile(bounds.formats())
                : isNumber(bounds.lower()) || isNumber(bounds.upper()) ? EPOCH_MILLIS : field.dateFormats();
        return instants.stream()
                .filter(bounds.matcher(Instant::compareTo, (b, roundUp) -> toResolution(field,
                        DateValues.resolve(FieldValues.text(b), formats, bounds.zone(), roundUp, bounds.now()))))
                .findFirst().map(Instant::toString);
    }

    /**
     * A JSON number in a term or a range without a {@code format} makes Elasticsearch read the bounds as epoch
     * milliseconds whatever the field's format ({@code DateFieldType.rangeQuery}): on an {@code epoch_second} field
     * {@code {"term": 1704103200}} is a moment of January 1970, the string {@code "1704103200"} the second of 2024.
     */
    private static boolean isNumber(JsonNode value) {
        return value != null && value.isNumber();
    }

    private static Instant toResolution(ResolvedField field, Instant instant) {
        return field.type().equals("date_nanos") ? instant : instant.truncatedTo(ChronoUnit.MILLIS);
    }
}
