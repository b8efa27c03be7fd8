package io.ruleforge.fields;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A keyword field's {@code normalizer}: what Elasticsearch does to each value before indexing it, and to the value of
 * a term, terms, match, range or regexp query (its {@code indexedValueForSearch}) and to the text of a wildcard
 * pattern ({@code normalizeWildcardPattern}, which leaves the wildcards as they are; in 8.19 it normalizes an escaped
 * letter too) before searching. Elastic Defend's {@code *.caseless} fields
 * are keywords with the built-in {@code lowercase} normalizer, so {@code process.name.caseless : "msbuild.exe"}
 * matches an event whose {@code process.name} is {@code MSBuild.exe}.
 *
 * <p>Modelled: the built-in {@code lowercase} normalizer and a custom normalizer made of {@code lowercase} filters
 * only — Lucene's {@code LowerCaseFilter}, {@link Character#toLowerCase(int)} code point by code point (not
 * {@link String#toLowerCase()}, whose special cases such as {@code İ} → {@code i̇} Lucene does not make). Any other
 * normalizer (an {@code asciifolding} or {@code uppercase} filter, a {@code char_filter}, one whose definition the
 * mapping file does not hold) is kept with the reason it is not modelled, and {@link #normalize} refuses it, so a
 * verdict on such a field is never a guess.
 *
 * @param name       the normalizer's name in the mapping ({@code lowercase}, or a custom one's); empty for none
 * @param lowercases whether it lowercases (a custom normalizer without filters leaves values as they are)
 * @param unmodelled why ruleforge cannot normalize as it does, or empty when it can
 * @param definition a custom normalizer's definition as the index settings give it ({@code analysis.normalizer.<name>}),
 *                   so that an index ruleforge creates on a cluster (live mode) can have it; empty when unknown
 */
public record Normalizer(String name, boolean lowercases, Optional<String> unmodelled, Optional<JsonNode> definition) {

    /** No normalizer: values are indexed and searched as they are. */
    public static final Normalizer NONE = new Normalizer("", false, Optional.empty(), Optional.empty());

    /** Elasticsearch's built-in {@code lowercase} normalizer. */
    public static final Normalizer LOWERCASE = new Normalizer("lowercase", true, Optional.empty(), Optional.empty());

    public Normalizer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(unmodelled, "unmodelled");
        Objects.requireNonNull(definition, "definition");
    }

    /**
     * The normalizer a custom definition ({@code settings.analysis.normalizer.<name>}) describes.
     *
     * @param filters     its {@code filter} list
     * @param charFilters its {@code char_filter} list
     */
    public static Normalizer custom(String name, List<String> filters, List<String> charFilters) {
        if (!charFilters.isEmpty()) {
            return unmodelled(name, "its char_filter " + charFilters + " is not modelled");
        }
        Optional<String> other = filters.stream().filter(f -> !f.equals("lowercase")).findFirst();
        if (other.isPresent()) {
            return unmodelled(name, "its filter \"" + other.get() + "\" is not modelled (only lowercase is)");
        }
        return new Normalizer(name, !filters.isEmpty(), Optional.empty(), Optional.empty());
    }

    /** A normalizer ruleforge cannot apply, and why. */
    public static Normalizer unmodelled(String name, String reason) {
        return new Normalizer(name, false, Optional.of(reason), Optional.empty());
    }

    /** This normalizer with its definition from the index settings. */
    public Normalizer withDefinition(JsonNode definition) {
        return new Normalizer(name, lowercases, unmodelled, Optional.of(definition.deepCopy()));
    }

    public boolean isNone() {
        return name.isEmpty();
    }

    /** Whether ruleforge normalizes as Elasticsearch does (no normalizer counts as modelled). */
    public boolean isModelled() {
        return unmodelled.isEmpty();
    }

    /**
     * The value as the field indexes it (and as a term, match, range or regexp query searches it).
     *
     * @throws IllegalArgumentException for a normalizer that is not modelled, naming it and why
     */
    public String normalize(String value) {
        requireModelled();
        if (!lowercases) {
            return value;
        }
        StringBuilder out = null;
        for (int i = 0; i < value.length(); ) {
            int cp = value.codePointAt(i);
            int lower = Character.toLowerCase(cp);
            if (lower != cp && out == null) {
                out = new StringBuilder(value.length()).append(value, 0, i);
            }
            if (out != null) {
                out.appendCodePoint(lower);
            }
            i += Character.charCount(cp);
        }
        return out == null ? value : out.toString();
    }

    /**
     * @throws IllegalArgumentException for a normalizer that is not modelled, naming it and why: a verdict on the field
     *                                  would be a guess
     */
    public void requireModelled() {
        if (unmodelled.isPresent()) {
            throw new NotModelledException("the normalizer [" + name + "] is not modelled by ruleforge: " + unmodelled.get());
        }
    }
}
