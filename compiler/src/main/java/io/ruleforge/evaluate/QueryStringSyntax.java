package io.ruleforge.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The part of the Lucene query_string syntax Kibana emits: whitespace-separated terms that may contain
 * {@code *}/{@code ?} wildcards and backslash escapes. Anything else (operators, groups, field prefixes, phrases,
 * ranges, fuzzy/boost suffixes, regular expressions) is refused rather than guessed at.
 */
final class QueryStringSyntax {

    private static final Set<String> OPERATORS = Set.of("AND", "OR", "NOT", "&&", "||");
    private static final String SPECIAL_ANYWHERE = "()[]{}\":^~/";
    private static final String SPECIAL_AT_START = "+-!<>=";

    private QueryStringSyntax() {
    }

    /** The terms of the query, escapes kept (they matter for wildcard patterns). */
    static List<String> terms(String query) {
        List<String> terms = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c == '\\') {
                if (i + 1 >= query.length()) {
                    throw new IllegalArgumentException("Failed to parse query [" + query + "]: trailing backslash");
                }
                current.append(c).append(query.charAt(++i));
            } else if (Character.isWhitespace(c) || c == '\u3000') {
                addTerm(current, terms, query);
            } else {
                if (SPECIAL_ANYWHERE.indexOf(c) >= 0 || (current.isEmpty() && SPECIAL_AT_START.indexOf(c) >= 0)) {
                    throw unsupported(query);
                }
                current.append(c);
            }
        }
        addTerm(current, terms, query);
        return terms;
    }

    private static void addTerm(StringBuilder current, List<String> terms, String query) {
        if (current.isEmpty()) {
            return;
        }
        String term = current.toString();
        if (OPERATORS.contains(term)) {
            throw unsupported(query);
        }
        terms.add(term);
        current.setLength(0);
    }

    private static IllegalArgumentException unsupported(String query) {
        return new IllegalArgumentException("query_string syntax beyond escaped wildcard terms is not supported by the evaluator: ["
                + query + "]");
    }
}
