package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.Normalizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * keyword, constant_keyword, wildcard, version and flattened fields: each whole value is one term, compared
 * exactly and case-sensitively. Values longer than {@code ignore_above} are not indexed at all, so no query,
 * {@code exists} included, can see them (the ES exists-query documentation lists this case). A keyword field's
 * {@code normalizer} applies to each value that is indexed (after the {@code ignore_above} check, which counts the
 * value as written) and to the query's value or pattern ({@link Normalizer}).
 *
 * @param terms the indexed terms, normalized; for a normalizer the evaluator does not model, the values as written
 *              (only {@code exists} is then decided; every other operation is refused)
 */
record KeywordValues(ResolvedField field, List<String> terms) implements FieldValues {

    static KeywordValues of(ResolvedField field) {
        List<String> terms = new ArrayList<>();
        for (JsonNode v : field.values()) {
            collect(v, terms);
        }
        if (field.ignoreAbove() > 0) {
            terms.removeIf(t -> t.length() > field.ignoreAbove());
        }
        Normalizer normalizer = field.normalizer();
        if (!normalizer.isNone() && normalizer.isModelled()) {
            terms.replaceAll(normalizer::normalize);
        }
        return new KeywordValues(field, List.copyOf(terms));
    }

    /** The terms, refused for a normalizer the evaluator does not model. */
    private List<String> indexed() {
        field.normalizer().requireModelled();
        return terms;
    }

    /** A query's value as the field searches it: normalized. */
    private String searched(String value) {
        return field.normalizer().normalize(value);
    }

    /** Scalars index as their text; a flattened field's object contributes every leaf value. */
    private static void collect(JsonNode v, List<String> terms) {
        if (v.isValueNode() && !v.isNull()) {
            terms.add(v.asText());
        } else if (v.isContainerNode()) {
            for (JsonNode child : v) {
                collect(child, terms);
            }
        }
    }

    /** A JSON number indexes as its text ({@code 5.0} stays {@code "5.0"}); values over ignore_above have no key. */
    @Override
    public List<String> termKeys() {
        return TermKeys.distinct(indexed().stream());
    }

    @Override
    public List<String> fieldValues() {
        return indexed();
    }

    @Override
    public boolean exists() {
        return !terms.isEmpty();
    }

    @Override
    public Optional<String> term(JsonNode value, boolean caseInsensitive) {
        String wanted = searched(FieldValues.text(value));
        return terms.stream()
                .filter(t -> caseInsensitive ? AsciiCase.equalsIgnoreCase(t, wanted) : t.equals(wanted))
                .findFirst().map(FieldValues::quote);
    }

    @Override
    public Optional<String> wildcard(String pattern, boolean caseInsensitive) {
        refuseOnFlattenedKey("wildcard");
        return matchingPattern(pattern, caseInsensitive);
    }

    private Optional<String> matchingPattern(String pattern, boolean caseInsensitive) {
        // Elasticsearch 8.19 normalizes the pattern's text, an escaped letter too, in a wildcard query as in a
        // query_string (9.x leaves escaped characters as written, so that there "\\M*" finds nothing on a lowercase field)
        WildcardPattern p = WildcardPattern.compile(searched(pattern), caseInsensitive);
        return terms.stream().filter(p::matches).findFirst().map(FieldValues::quote);
    }

    /**
     * A query_string wildcard term. On a flattened field's key Elasticsearch runs a prefix ({@code x*}) on the key's
     * values, but any other pattern on the root's raw keyed terms "key\0value" of every key
     * ({@link ResolvedField.FlattenedKey}): {@code x?} finds nothing there, {@code *1} finds "1" at the end of any key's
     * value.
     */
    @Override
    public Optional<String> queryStringTerm(String term, boolean analyzeWildcard) {
        ResolvedField.FlattenedKey key = field.flattenedKey();
        if (key == null || isPrefix(term)) {
            return matchingPattern(term, false);
        }
        List<String> keyed = new ArrayList<>();
        for (JsonNode root : key.rootValues()) {
            collectKeyed("", root, keyed);
        }
        WildcardPattern p = WildcardPattern.compile(term, false);
        return keyed.stream().filter(p::matches).findFirst()
                .map(t -> "the keyed term " + FieldValues.quote(t.replace('\0', '=')) + " of the flattened field");
    }

    /** Whether a query_string term is what Lucene's parser reads as a prefix: one unescaped * at the end, no other wildcard. */
    private static boolean isPrefix(String term) {
        if (!term.endsWith("*")) {
            return false;
        }
        String head = term.substring(0, term.length() - 1);
        int backslashes = head.length() - head.replaceAll("\\\\+$", "").length();
        return backslashes % 2 == 0 && !WildcardPattern.hasWildcard(head);
    }

    /** Every leaf of a flattened field's object as Elasticsearch indexes it in the keyed field: "key\0value". */
    private static void collectKeyed(String prefix, JsonNode node, List<String> out) {
        if (node.isArray()) {
            node.forEach(element -> collectKeyed(prefix, element, out));
        } else if (node.isObject()) {
            node.fields().forEachRemaining(e -> collectKeyed(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out));
        } else if (!node.isNull() && !prefix.isEmpty()) {
            out.add(prefix + "\0" + node.asText());
        }
    }

    private void refuseOnFlattenedKey(String query) {
        if (field.flattenedKey() != null) {
            throw new IllegalArgumentException("[" + query + "] queries are not currently supported on keyed [flattened] fields.");
        }
    }

    @Override
    public Optional<String> regexp(java.util.function.Predicate<String> matches) {
        refuseOnFlattenedKey("regexp");
        return indexed().stream().filter(matches).findFirst().map(FieldValues::quote);
    }

    @Override
    public Optional<String> range(RangeBounds bounds) {
        if (field.flattenedKey() != null && (bounds.lower() == null || bounds.upper() == null)) {
            throw new IllegalArgumentException("[range] queries on keyed [flattened] fields must include both an upper and a lower bound.");
        }
        // Terms sort by their UTF-8 bytes, which is code point order; the bounds are normalized as a term is.
        return indexed().stream()
                .filter(bounds.matcher(KeywordValues::compareCodePoints, (b, up) -> searched(FieldValues.text(b))))
                .findFirst().map(FieldValues::quote);
    }

    private static int compareCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

}
