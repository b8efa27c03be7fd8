package io.ruleforge.lucene;

import java.util.List;
import java.util.Optional;

/**
 * A lucene-language query as Lucene's classic query parser reads it (the syntax of Elasticsearch's
 * {@code query_string}), reduced to what decides matching: boosts are dropped, escapes are resolved where the
 * parser resolves them. A node without a field searches Elasticsearch's default field ({@code *}).
 */
public sealed interface LuceneNode {

    /** The field the node searches, or empty for the default field. */
    interface Fielded {
        Optional<String> field();

        /**
         * Whether the field is a pattern ({@code process.\*} in the query, the {@code *} escaped there): Elasticsearch
         * searches every field of the mapping it matches.
         */
        default boolean searchesFieldPattern() {
            return field().map(f -> f.indexOf('*') >= 0).orElse(false);
        }
    }

    enum Occur { MUST, SHOULD, MUST_NOT }

    record Clause(Occur occur, LuceneNode node) {
    }

    /** A group or a sequence of terms: Lucene's boolean query (OR is SHOULD, AND and {@code +} are MUST). */
    record Bool(List<Clause> clauses) implements LuceneNode {
        public Bool {
            clauses = List.copyOf(clauses);
        }
    }

    /**
     * A bare term ({@code field:value}, escapes resolved) or a quoted phrase. Consecutive bare terms without an
     * operator between them are one text, as Lucene's parser (which does not split on whitespace) hands them to
     * Elasticsearch, which analyses the text with the field's search analyzer.
     */
    record Term(Optional<String> field, String text, boolean phrase) implements LuceneNode, Fielded {
    }

    /**
     * A term with {@code *} or {@code ?} (also a trailing {@code *}, which Lucene calls a prefix), as written:
     * backslash escapes kept, since they decide which characters are wildcards.
     */
    record Wildcard(Optional<String> field, String pattern) implements LuceneNode, Fielded {
    }

    /** {@code /regex/}: Lucene regular-expression syntax, matched against whole terms. */
    record Regexp(Optional<String> field, String pattern) implements LuceneNode, Fielded {
    }

    /** {@code [a TO b]}, {@code {a TO b}}, either end {@code *} (empty: open). */
    record Range(Optional<String> field, Optional<String> lower, Optional<String> upper, boolean includeLower,
                 boolean includeUpper) implements LuceneNode, Fielded {
    }

    /** {@code _exists_:field}, and {@code field:*}. */
    record Exists(String field) implements LuceneNode {
    }

    /**
     * Syntax Lucene accepts whose matching ruleforge does not model (fuzzy terms, phrase slop); {@code what} says
     * which, for a "cannot be evaluated" message.
     */
    record Unsupported(String what) implements LuceneNode {
    }
}
