package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * keyword, constant_keyword, wildcard, version and flattened fields: each whole value is one term, compared
 * exactly and case-sensitively. Values longer than {@code ignore_above} are not indexed at all, so no query,
 * {@code exists} included, can see them (the ES exists-query documentation lists this case).
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
        return new KeywordValues(field, List.copyOf(terms));
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
        return TermKeys.distinct(terms.stream());
    }

    @Override
    public List<String> fieldValues() {
        return terms;
    }

    @Override
    public boolean exists() {
        return !terms.isEmpty();
    }

    @Override
    public Optional<String> term(JsonNode value, boolean caseInsensitive) {
        String wanted = FieldValues.text(value);
        return terms.stream()
                .filter(t -> caseInsensitive ? t.equalsIgnoreCase(wanted) : t.equals(wanted))
                .findFirst().map(FieldValues::quote);
    }

    @Override
    public Optional<String> wildcard(String pattern, boolean caseInsensitive) {
        WildcardPattern p = WildcardPattern.compile(pattern, caseInsensitive);
        return terms.stream().filter(p::matches).findFirst().map(FieldValues::quote);
    }

    @Override
    public Optional<String> regexp(java.util.regex.Pattern pattern) {
        return terms.stream().filter(t -> pattern.matcher(t).matches()).findFirst().map(FieldValues::quote);
    }

    @Override
    public Optional<String> range(RangeBounds bounds) {
        // Terms sort by their UTF-8 bytes, which is code point order.
        return terms.stream()
                .filter(bounds.matcher(KeywordValues::compareCodePoints, (b, up) -> FieldValues.text(b)))
                .findFirst().map(FieldValues::quote);
    }

    private static int compareCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

}
