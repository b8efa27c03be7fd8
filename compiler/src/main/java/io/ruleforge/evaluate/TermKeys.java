package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.UnlistedField;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The values a {@code terms} source of a composite aggregation (threshold, alert suppression, new terms) sees in a
 * field of an event, as Elasticsearch stores and renders them: a key per distinct doc value, in the mapped type's form
 * — a whole-number field's {@code 5.7} and {@code "5"} are both the key {@code 5}, a date is its epoch milliseconds,
 * an ip its canonical address ({@code ::ffff:10.0.0.1} is {@code 10.0.0.1}), a keyword its text ({@code 5.0} stays
 * {@code "5.0"}) unless longer than {@code ignore_above} (then the field has no key). Two events are one group exactly
 * when their keys are equal text.
 *
 * <p>A field the schema does not map keeps the source values' text (numbers written plainly, {@code 5.0} as
 * {@code 5}): its real mapping is not known here, and guessing a dynamic one would change groups on a guess.
 */
public final class TermKeys {

    private static final TermKeys SOURCE_TEXT = new TermKeys(FieldSchema.none());

    private final FieldSchema schema;
    private final FieldResolver resolver;

    private TermKeys(FieldSchema schema) {
        this.schema = schema;
        this.resolver = new FieldResolver(schema);
    }

    /** Keys as an index mapped with {@code schema} stores them. */
    public static TermKeys of(FieldSchema schema) {
        return schema.isEmpty() ? SOURCE_TEXT : new TermKeys(schema);
    }

    /** Without a mapping: every value's source text. */
    public static TermKeys sourceText() {
        return SOURCE_TEXT;
    }

    /** The field's keys in the event, sorted as text; none when it has no value the type can hold. */
    public List<String> keys(JsonNode document, String field) {
        if (schema.field(field).isEmpty() && leftToDefaultDynamicMapping(field)) {
            return sourceTexts(EventFields.values(document, field));
        }
        // a group field is read from the root document: a terms source outside a nested aggregation sees no nested values
        return decided(field, () -> FieldValues.of(resolver.resolve(field, document, null), Instant.EPOCH).termKeys());
    }

    /**
     * The values of {@code field} in the event as the fields API returns them (what Kibana's in-memory suppression of
     * event queries keys by): in source order, each parsed and printed as the mapped type does — a whole-number
     * field's {@code 5.7} is {@code 5}, a date is printed {@code 2024-05-01T10:00:00.000Z} whatever the form written, an
     * ip canonical, a keyword over {@code ignore_above} left out; a field the schema does not map keeps its source
     * text ({@code include_unmapped}).
     */
    public List<String> fieldValues(JsonNode document, String field) {
        if (schema.field(field).isEmpty() && leftToDefaultDynamicMapping(field)) {
            return sourceTextsInOrder(EventFields.values(document, field));
        }
        return decided(field, () -> FieldValues.of(resolver.resolve(field, document, null), Instant.EPOCH).fieldValues());
    }

    /**
     * Where in an event's source {@link #keys} and {@link #fieldValues} read {@code field}'s values: the field's own
     * path and, for a multi-field ({@code host.name.keyword} of a text {@code host.name}), the leaf it indexes, for an
     * alias its target's. A document holding only these paths of an event has the same keys and values as the event.
     */
    public List<String> sourcePaths(String field) {
        String source = schema.field(field).isPresent() ? schema.sourcePathOf(schema.readAs(field)) : field;
        return source.equals(field) ? List.of(field) : List.of(field, source);
    }

    /**
     * The values, or a {@link DslEvaluationException} naming the field when its mapping is one the evaluator refuses
     * (a normalizer it does not model): a group key it cannot work out is never a guess.
     */
    /**
     * Whether the index types an unlisted field by Elasticsearch's default dynamic mapping, keyed by its source text;
     * otherwise (not indexed under dynamic: false, mapped by the root's templates, not modelled) the resolver reads it
     * as the mapping says, so a group field of such a field has no keys, its template's, or is refused.
     */
    private boolean leftToDefaultDynamicMapping(String field) {
        return schema.rootDynamic().isEmpty() && schema.unlisted(field).handling() == UnlistedField.Handling.DYNAMIC;
    }

    private static List<String> decided(String field, java.util.function.Supplier<List<String>> values) {
        try {
            return values.get();
        } catch (io.ruleforge.fields.NotModelledException e) {
            throw DslEvaluationException.notModelled(field + ": " + e.getMessage());
        }
    }

    /**
     * The key a value written by hand (a case file's expected alert, a history entry) stands for in {@code field}:
     * {@code 2024-05-01T10:00:00Z} in a date field is {@code 1714557600000}; the text itself when the field is not
     * mapped or its type cannot hold the value.
     */
    public String key(String field, String text) {
        return written(field, text).map(v -> decided(field, v::termKeys)).filter(k -> k.size() == 1).map(k -> k.get(0)).orElse(text);
    }

    /**
     * The value the fields API returns for a value written by hand in {@code field}: {@code 2024-05-01T10:00:00Z} in a
     * date field is {@code 2024-05-01T10:00:00.000Z}; the text itself when the field is not mapped or its type cannot
     * hold the value.
     */
    public String fieldValue(String field, String text) {
        return written(field, text).map(v -> decided(field, v::fieldValues)).filter(v -> v.size() == 1).map(v -> v.get(0)).orElse(text);
    }

    /** A value written by hand as the field's mapped type reads it; empty for no value or an unmapped field. */
    private Optional<FieldValues> written(String field, String text) {
        return text == null ? Optional.empty() : schema.field(schema.readAs(field)).map(m -> FieldValues.of(
                ResolvedField.of(field, m, List.of(TextNode.valueOf(text))),
                Instant.EPOCH));
    }

    /** Every scalar's text, numbers in their plain form ({@code 5}, not {@code 5.0}), distinct and sorted. */
    static List<String> sourceTexts(List<JsonNode> values) {
        return distinct(values.stream().filter(v -> v.isValueNode() && !v.isNull()).map(TermKeys::sourceText));
    }

    /** Every scalar's text in source order, numbers in their plain form. */
    static List<String> sourceTextsInOrder(List<JsonNode> values) {
        return values.stream().filter(v -> v.isValueNode() && !v.isNull()).map(TermKeys::sourceText).toList();
    }

    /** A scalar's text with numbers in their plain form. */
    public static String sourceText(JsonNode value) {
        return value.isNumber() ? plain(value.decimalValue()) : value.asText();
    }

    static String plain(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() <= 0 ? stripped.toBigInteger().toString() : stripped.toPlainString();
    }

    static List<String> distinct(Stream<String> keys) {
        return List.copyOf(keys.collect(Collectors.toCollection(TreeSet::new)));
    }
}
