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

    boolean isObject(String field, EvaluationScope doc) {
        return resolver.resolve(field, doc.source(), doc.nestedScope()).isContainer();
    }

    /** Field names for a list of names/patterns as query_string and multi_match take them ({@code name^boost}). */
    List<String> expand(List<String> patterns, EvaluationScope doc) {
        List<String> out = new ArrayList<>();
        for (String p : patterns) {
            String name = p.contains("^") ? p.substring(0, p.indexOf('^')) : p;
            if (name.contains("*")) {
                out.addAll(resolver.expand(name, doc.source()));
            } else {
                out.add(name);
            }
        }
        return out;
    }
}
