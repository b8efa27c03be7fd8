package io.ruleforge.fields;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The Elasticsearch mapping of one leaf field, as far as query translation and evaluation care.
 *
 * @param name        full dotted name, e.g. {@code process.name} or the multi-field {@code process.command_line.text}
 * @param type        Elasticsearch field type as written in a mapping ({@code keyword}, {@code ip}, {@code nested} …)
 * @param ignoreAbove keyword {@code ignore_above}, or 0 when not set
 * @param aliasPath   for an {@code alias} field the field it stands for (its {@code path}), otherwise null
 * @param docValues   whether the mapping turns the field's per-document values on or off ({@code doc_values}, or
 *                    for a text field {@code fielddata}), null when it keeps the type's default
 * @param normalizer  a keyword field's {@code normalizer}, {@link Normalizer#NONE} without one
 * @param format      a date field's mapping {@code format}, null for Elasticsearch's default one
 * @param unmodelled  why ruleforge cannot decide what Elasticsearch indexes or searches in this field (a mapping
 *                    parameter it does not model, such as {@code null_value}), null when it can
 * @param dynamic     an object's say on the fields below it that the mapping does not list: its {@code dynamic}
 *                    ({@code "true"}, {@code "false"}, {@code "strict"}, {@code "runtime"}), or {@code "disabled"}
 *                    for {@code enabled: false}; null when it sets neither (its parent's, or the root's, applies)
 * @param indexed     the mapping's {@code index} ({@code false}: no inverted index or points; searched by its doc
 *                    values if it has them), null when it keeps the default
 * @param parameters  the mapping parameters ruleforge reads without modelling them ({@code null_value},
 *                    {@code copy_to}, an {@code analyzer} …), as written, for live mode's index to carry; null for none
 */
public record FieldMapping(String name, String type, int ignoreAbove, String aliasPath, Boolean docValues,
                           Normalizer normalizer, String format, Boolean ignoreMalformed, String unmodelled, String dynamic,
                           Boolean indexed, ObjectNode parameters) {

    public FieldMapping(String name, String type, int ignoreAbove, String aliasPath, Boolean docValues,
                        Normalizer normalizer, String format, Boolean ignoreMalformed) {
        this(name, type, ignoreAbove, aliasPath, docValues, normalizer, format, ignoreMalformed, null, null, null, null);
    }

    public FieldMapping {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(normalizer, "normalizer");
    }

    public FieldMapping(String name, String type, int ignoreAbove, String aliasPath, Boolean docValues, Normalizer normalizer,
                        String format) {
        this(name, type, ignoreAbove, aliasPath, docValues, normalizer, format, null);
    }

    public FieldMapping(String name, String type, int ignoreAbove, String aliasPath, Boolean docValues, Normalizer normalizer) {
        this(name, type, ignoreAbove, aliasPath, docValues, normalizer, null);
    }

    public FieldMapping(String name, String type, int ignoreAbove, String aliasPath, Boolean docValues) {
        this(name, type, ignoreAbove, aliasPath, docValues, Normalizer.NONE);
    }

    public FieldMapping(String name, String type, int ignoreAbove, String aliasPath) {
        this(name, type, ignoreAbove, aliasPath, null);
    }

    public FieldMapping(String name, String type, int ignoreAbove) {
        this(name, type, ignoreAbove, null);
    }

    public FieldMapping(String name, String type) {
        this(name, type, 0);
    }

    /** An {@code alias} field: searches and reads the field at {@code path}. */
    public static FieldMapping alias(String name, String path) {
        return new FieldMapping(name, "alias", 0, Objects.requireNonNull(path, "path"));
    }

    public boolean isAlias() {
        return aliasPath != null;
    }

    public OptionalInt ignoreAboveLimit() {
        return ignoreAbove > 0 ? OptionalInt.of(ignoreAbove) : OptionalInt.empty();
    }

    /** The family of {@link #type()}: what searching and comparing its values means. */
    public FieldKind kind() {
        return FieldKind.ofType(type);
    }

    /** keyword-family types compare whole values exactly. */
    public boolean isKeywordLike() {
        return kind() == FieldKind.KEYWORD;
    }

    public boolean isText() {
        return kind() == FieldKind.TEXT;
    }

    public boolean isIp() {
        return kind() == FieldKind.IP;
    }

    public boolean isNumeric() {
        return kind() == FieldKind.NUMBER;
    }

    public boolean isDate() {
        return kind() == FieldKind.DATE;
    }

    /** The formats a date field reads values with: its own {@code format}'s, split at {@code ||}, or the default. */
    public java.util.List<String> dateFormats() {
        return format == null ? DateValues.DEFAULT_FORMATS : DateValues.formats(format);
    }

    public boolean isBoolean() {
        return kind() == FieldKind.BOOLEAN;
    }

    /** object and nested entries describe containers, not values. */
    public boolean isContainer() {
        return kind() == FieldKind.CONTAINER;
    }

    /**
     * Whether Elasticsearch reads the field's values per document (doc values, "fielddata"), as sorting and every
     * aggregation do: not for {@code text} and {@code match_only_text} ("Fielddata is disabled", "… do not support
     * sorting and aggregations") nor {@code binary}, unless the mapping turns them on ({@code fielddata: true}), nor
     * for a field whose mapping turns them off ({@code doc_values: false}); an object or nested entry has no values of
     * its own.
     */
    public boolean hasDocValues() {
        if (isContainer()) {
            return false;
        }
        return docValues != null ? docValues : !isText() && !type.equals("binary");
    }

    /** This mapping with {@code doc_values} (or a text field's {@code fielddata}) set as a mapping sets it. */
    public FieldMapping withDocValues(boolean enabled) {
        return new FieldMapping(name, type, ignoreAbove, aliasPath, enabled, normalizer, format, ignoreMalformed, unmodelled, dynamic, indexed, parameters);
    }

    /** This mapping with a keyword field's {@code normalizer}. */
    public FieldMapping withNormalizer(Normalizer normalizer) {
        return new FieldMapping(name, type, ignoreAbove, aliasPath, docValues, normalizer, format, ignoreMalformed, unmodelled, dynamic, indexed, parameters);
    }

    /** This mapping with a date field's own {@code format}. */
    public FieldMapping withFormat(String format) {
        return new FieldMapping(name, type, ignoreAbove, aliasPath, docValues, normalizer, format, ignoreMalformed, unmodelled, dynamic, indexed, parameters);
    }

    /**
     * This mapping with its own {@code ignore_malformed} ({@code null}: not set, the index's setting decides; see
     * {@link FieldSchema#ignoresMalformed}): Elasticsearch then indexes an event whose value the type cannot read,
     * leaving that value out, instead of refusing the event.
     */
    public FieldMapping withIgnoreMalformed(Boolean ignore) {
        return new FieldMapping(name, type, ignoreAbove, aliasPath, docValues, normalizer, format, ignore, unmodelled, dynamic, indexed, parameters);
    }

    /**
     * This mapping with a reason ruleforge cannot decide the field ({@code reason} names the mapping parameter); a
     * second reason is added to the first. Whatever reads the field is then refused with it, never guessed.
     */
    public FieldMapping withUnmodelled(String reason) {
        String reasons = unmodelled == null ? reason : unmodelled + "; " + reason;
        return new FieldMapping(name, type, ignoreAbove, aliasPath, docValues, normalizer, format, ignoreMalformed, reasons, dynamic, indexed, parameters);
    }

    /** This mapping with the parameters ruleforge reads without modelling them, as written (see {@link #parameters}). */
    public FieldMapping withParameters(ObjectNode written) {
        return new FieldMapping(name, type, ignoreAbove, aliasPath, docValues, normalizer, format, ignoreMalformed, unmodelled, dynamic,
                indexed, written == null || written.isEmpty() ? null : written.deepCopy());
    }

    /** This mapping with its {@code index} parameter as the mapping sets it. */
    public FieldMapping withIndexed(Boolean index) {
        return new FieldMapping(name, type, ignoreAbove, aliasPath, docValues, normalizer, format, ignoreMalformed, unmodelled, dynamic, index, parameters);
    }

    /**
     * Whether Elasticsearch can search the field: not when its mapping turns the index off and it has no doc values
     * to search by instead ({@code index: false} with {@code doc_values: false}, or a text field's {@code index:
     * false}). A query on it then fails ("Cannot search on field [x] since it is not indexed nor has doc values"),
     * and {@code exists} finds nothing.
     */
    public boolean isSearchable() {
        return !Boolean.FALSE.equals(indexed) || (!isText() && hasDocValues());
    }

    /** This object's mapping with its {@code dynamic} (or {@code "disabled"} for {@code enabled: false}). */
    public FieldMapping withDynamic(String setting) {
        return new FieldMapping(name, type, ignoreAbove, aliasPath, docValues, normalizer, format, ignoreMalformed, unmodelled, setting, indexed, parameters);
    }

    /** Why ruleforge cannot decide the field, when its mapping sets a parameter ruleforge does not model. */
    public Optional<String> unmodelledReason() {
        return java.util.Optional.ofNullable(unmodelled);
    }

    /** The refusal's words: the parameter the mapping sets, and that ruleforge does not model it. */
    public Optional<String> unmodelledMessage() {
        return unmodelledReason().map(UnlistedField::notModelled);
    }

    /** {@link #unmodelledMessage()} for a field read through this mapping, naming it. */
    public Optional<String> unmodelledMessage(String field) {
        return unmodelledMessage().map(m -> field + ": " + m);
    }

    /** Whether Elasticsearch's mapping of this type takes {@code ignore_malformed}: numbers, dates, ip, geo, boolean. */
    public boolean takesIgnoreMalformed() {
        return isNumeric() || isDate() || isIp() || isBoolean() || type.equals("geo_point") || type.equals("geo_shape");
    }

    /**
     * Whether a terms or composite aggregation groups by the field (threshold, new_terms, a query rule's
     * suppression): the keyword family, numbers, ip, dates, booleans and {@code flattened}; Elasticsearch refuses
     * the others ({@code geo_point} and the range types: "not supported for aggregation [terms]").
     */
    public boolean isGroupable() {
        FieldKind kind = kind();
        // a text field groups only when its mapping enables fielddata (by its terms, not its whole values)
        return hasDocValues() && (kind == FieldKind.KEYWORD || kind == FieldKind.NUMBER || kind == FieldKind.IP
                || kind == FieldKind.DATE || kind == FieldKind.BOOLEAN || kind == FieldKind.TEXT || type.equals("flattened"));
    }

    /** Whether a search sorts by the field: as {@link #isGroupable()}, and a range (by its bounds); not a geo_point. */
    public boolean isSortable() {
        return isGroupable() || hasDocValues() && type.endsWith("_range");
    }
}
