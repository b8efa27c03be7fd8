package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * The indexed values of one field of one event, with the query operations Elasticsearch defines for its type.
 * Each operation answers with the (rendered) event value that matched, or empty. Operations a type does not
 * support throw {@link IllegalArgumentException} with Elasticsearch's reason; the caller adds the clause path.
 */
sealed interface FieldValues permits KeywordValues, TextValues, IpValues, NumericValues, DateFieldValues,
        BooleanValues, FieldValues.Absent {

    /** {@code now} is what date math's {@code now} means for queries on date fields. */
    static FieldValues of(ResolvedField field, java.time.Instant now) {
        return switch (field.type()) {
            case "keyword", "constant_keyword", "wildcard", "version", "flattened" -> KeywordValues.of(field);
            case "text", "match_only_text" -> TextValues.of(field);
            case "ip" -> IpValues.of(field);
            case "long", "integer", "short", "byte", "double", "float", "half_float", "scaled_float", "unsigned_long" ->
                    NumericValues.of(field);
            case "date", "date_nanos" -> DateFieldValues.of(field, now);
            case "boolean" -> BooleanValues.of(field);
            case ResolvedField.UNMAPPED, "object", "nested" -> new Absent(field, Absent.Why.UNMAPPED);
            case ResolvedField.UNSEARCHABLE -> new Absent(field, Absent.Why.UNSEARCHABLE);
            default -> new Absent(field, Absent.Why.NOT_SUPPORTED);
        };
    }

    ResolvedField field();

    /** Whether {@code exists} matches: at least one value was indexed. */
    boolean exists();

    /** {@code term}: the value, not analysed, equals an indexed term. */
    Optional<String> term(JsonNode value, boolean caseInsensitive);

    /**
     * One value of a {@code terms} list: as {@link #term}, but a value the field's type cannot hold is refused (a
     * {@code terms} query parses every value, where a {@code term} query beyond a numeric type's range matches nothing).
     */
    default Optional<String> termInList(JsonNode value) {
        return term(value, false);
    }

    /** {@code match}: on anything but text the query value is one term, so this is {@code term}. */
    default Optional<String> match(JsonNode value, boolean allTokens) {
        return term(value, false);
    }

    /** {@code match_phrase}: on anything but text a phrase is a single term. */
    default Optional<String> phrase(JsonNode value) {
        return term(value, false);
    }

    default Optional<String> wildcard(String pattern, boolean caseInsensitive) {
        throw new IllegalArgumentException("Can only use wildcard queries on keyword and text fields - not on ["
                + field().name() + "] which is of type [" + field().type() + "]");
    }

    /** {@code regexp}: the Lucene regular expression (compiled, {@link LuceneRegexps}) matches one whole indexed term. */
    default Optional<String> regexp(java.util.function.Predicate<String> matches) {
        throw new IllegalArgumentException("Can only use regexp queries on keyword and text fields - not on ["
                + field().name() + "] which is of type [" + field().type() + "]");
    }

    /**
     * One query_string wildcard term (escapes intact) against this field. Plain text, one term or a run of them, is
     * a {@link #match} ({@link QueryStringSyntax#clauses}).
     */
    default Optional<String> queryStringTerm(String term, boolean analyzeWildcard) {
        return wildcard(term, false);
    }

    Optional<String> range(RangeBounds bounds);

    /**
     * The keys a {@code terms} source of a composite aggregation gives this field of this event, as Elasticsearch
     * renders them: one per distinct doc value, in the type's form ({@link TermKeys}). Types without doc values a
     * composite can read (text, unmapped) keep the source values' text.
     */
    default List<String> termKeys() {
        return TermKeys.sourceTexts(field().values());
    }

    /**
     * The values the fields API returns for this field of this event, in source order ({@link TermKeys#fieldValues}):
     * each source value parsed as the type does and printed in its form. Types not modelled keep the source text.
     */
    default List<String> fieldValues() {
        return TermKeys.sourceTextsInOrder(field().values());
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }

    static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("query value must not be null");
        }
        if (value.isContainerNode()) {
            throw new IllegalArgumentException("query value must be a string, number or boolean, got " + value);
        }
        return value.asText();
    }

    /**
     * A field the event does not have in a queryable form: unmapped (matches nothing, like ES on an unmapped field);
     * unsearchable, as its mapping gives it neither an index nor doc values (Elasticsearch fails every query on it with
     * these words, and exists finds nothing: probe27, on 8.19.21); or a type this evaluator does not model
     * (geo_point …), for which every query but exists is refused.
     */
    record Absent(ResolvedField field, Why why) implements FieldValues {

        enum Why { UNMAPPED, UNSEARCHABLE, NOT_SUPPORTED }

        @Override
        public boolean exists() {
            return why == Why.NOT_SUPPORTED && !field.values().isEmpty();
        }

        @Override
        public Optional<String> term(JsonNode value, boolean caseInsensitive) {
            return refuseOrNothing();
        }

        @Override
        public Optional<String> wildcard(String pattern, boolean caseInsensitive) {
            return refuseOrNothing();
        }

        @Override
        public Optional<String> queryStringTerm(String term, boolean analyzeWildcard) {
            return refuseOrNothing();
        }

        @Override
        public Optional<String> regexp(java.util.function.Predicate<String> matches) {
            return refuseOrNothing();
        }

        @Override
        public Optional<String> range(RangeBounds bounds) {
            return refuseOrNothing();
        }

        private Optional<String> refuseOrNothing() {
            return switch (why) {
                case UNMAPPED -> Optional.empty();
                case UNSEARCHABLE -> throw new IllegalArgumentException("Cannot search on field [" + field.name()
                        + "] since it is not indexed nor has doc values.");
                case NOT_SUPPORTED -> throw new IllegalArgumentException("field type [" + field.type() + "] of [" + field.name()
                        + "] is not supported by the evaluator");
            };
        }
    }
}
