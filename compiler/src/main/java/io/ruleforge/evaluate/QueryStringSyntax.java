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
    // '!' is Lucene's NOT wherever it stands: a!b is a NOT b (on 8.19.21 it matched "a", not "a!b")
    private static final String SPECIAL_ANYWHERE = "()[]{}\":^~/!";
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

    /**
     * The clauses Lucene's classic parser makes of the terms, escapes kept, as Elasticsearch configures it (no splitting
     * on whitespace): a run of plain terms is one clause, its terms joined by one space, which reaches each field's
     * analyzer as one text (on a keyword field {@code alpha beta} is the single term "alpha beta", on a text field
     * alpha and beta under the default operator); a wildcard or prefix term is a clause of its own. As the parser's
     * {@code MultiTerm} production, a run takes the next plain term only when the term after that one is not a lone
     * {@code *}: {@code a b *} is three clauses, {@code a b c *} the run "a b", c and *.
     */
    static List<String> clauses(String query) {
        List<String> terms = terms(query);
        List<String> clauses = new ArrayList<>();
        int i = 0;
        while (i < terms.size()) {
            StringBuilder clause = new StringBuilder(terms.get(i));
            int next = i + 1;
            if (isPlain(terms.get(i))) {
                while (next < terms.size() && isPlain(terms.get(next))
                        && !(next + 1 < terms.size() && terms.get(next + 1).equals("*"))) {
                    clause.append(' ').append(terms.get(next++));
                }
            }
            clauses.add(clause.toString());
            i = next;
        }
        return clauses;
    }

    /** Whether the term is what Lucene's lexer calls a TERM: no unescaped wildcard. */
    static boolean isPlain(String term) {
        return !WildcardPattern.hasWildcard(term);
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
