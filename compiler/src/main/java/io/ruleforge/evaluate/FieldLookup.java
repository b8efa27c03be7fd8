package io.ruleforge.evaluate;

import java.util.ArrayList;
import java.util.List;

/** Field access for queries: a field's indexed values in the current document, and field-pattern expansion. */
final class FieldLookup {

    private final FieldResolver resolver;

    FieldLookup(FieldResolver resolver) {
        this.resolver = resolver;
    }

    FieldValues values(String field, EvaluationScope doc) {
        return doc.values(field, name -> FieldValues.of(resolver.resolve(name, doc.source(), doc.nestedScope()), doc.now()));
    }

    /** Whether the document's field is analysed text (the standard analyzer: text, match_only_text). */
    boolean isText(String field, EvaluationScope doc) {
        return values(field, doc) instanceof TextValues;
    }

    /**
     * Whether there are fields and every one is text: a query_string term or phrase whose text analyses to no tokens
     * is then no query at all and Elasticsearch leaves it out (a keyword field keeps the text as its term, and no
     * field at all is an unmapped field's query, which matches nothing).
     */
    boolean allText(List<String> fields, EvaluationScope doc) {
        return !fields.isEmpty() && fields.stream().allMatch(f -> isText(f, doc));
    }

    /**
     * As {@link #allText}, for names and patterns as a query gives them: a pattern's fields are those the schema maps
     * ({@link FieldResolver#mappedMatching}) and those of the event (its dynamic fields), as Elasticsearch expands it
     * over the index's mapping — a keyword field the event lacks still keeps a term (review30).
     */
    boolean allTextIn(List<String> patterns, EvaluationScope doc) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(expand(patterns, doc));
        for (String p : patterns) {
            String name = withoutBoost(p);
            if (name.contains("*")) {
                resolver.mappedMatching(name).forEach(m -> names.add(m.name()));
            }
        }
        return allText(List.copyOf(names), doc);
    }

    boolean isObject(String field, EvaluationScope doc) {
        return resolver.resolve(field, doc.source(), doc.nestedScope()).isContainer();
    }

    /** Field names for a list of names/patterns as query_string and multi_match take them ({@code name^boost}). */
    List<String> expand(List<String> patterns, EvaluationScope doc) {
        List<String> out = new ArrayList<>();
        for (String p : patterns) {
            String name = withoutBoost(p);
            if (name.contains("*")) {
                out.addAll(resolver.expand(name, doc.source()));
            } else {
                out.add(name);
            }
        }
        return out;
    }

    /** A field name or pattern as query_string and multi_match take it, without its {@code ^boost}. */
    private static String withoutBoost(String pattern) {
        return pattern.contains("^") ? pattern.substring(0, pattern.indexOf('^')) : pattern;
    }
}
