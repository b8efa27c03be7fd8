package io.ruleforge.lucene;

import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.queryparser.classic.Token;
import org.apache.lucene.queryparser.classic.TokenMgrError;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The front end of lucene-language rules: Lucene's own classic query parser (the parser Elasticsearch's
 * {@code query_string} extends) reads the query, with the settings Elasticsearch gives it — default field
 * {@code *}, default operator OR, leading wildcards allowed, no splitting on whitespace (consecutive bare terms
 * reach the field's analyzer as one text: on a keyword field {@code f:(a b)} is the single term "a b") — and its factory methods are overridden to build a
 * {@link LuceneNode} tree instead of Lucene queries, keeping what Elasticsearch resolves per field type later
 * (terms stay text; {@code field:*} and {@code _exists_:field} are existence checks, as in Elasticsearch).
 *
 * <p>One thing Elasticsearch decides while parsing depends on the fields: a term or phrase that the analyzer of
 * every field it searches turns into no tokens ({@code message:\-} on a text field) is no query at all, and Lucene's
 * parser leaves such a clause out ({@code getFieldQuery} returns null) — after its {@code AND} has made the clause
 * before it required, a group left empty is left out in turn, and a query left empty matches nothing. A
 * {@link DroppedTerms} says which terms those are for the index at hand, and the parser leaves them out as Lucene does.
 */
public final class LuceneParser {

    /** Elasticsearch's {@code index.query.default_field}. */
    private static final String DEFAULT_FIELD = "*";
    private static final String EXISTS_FIELD = "_exists_";
    private static final Pattern LEXICAL_COLUMN = Pattern.compile("line \\d+, column (\\d+)");

    private LuceneParser() {
    }

    /**
     * Which terms and phrases Elasticsearch leaves out of a query: those that analyse to no tokens on every field
     * they search. Asked once per term or phrase, with its field and text.
     */
    @FunctionalInterface
    public interface DroppedTerms {

        /** For reading the syntax alone (validation, conformance): no term is left out. */
        DroppedTerms NONE = term -> false;

        boolean isDropped(LuceneNode.Term term);
    }

    /** The query as its syntax reads, every term kept ({@link DroppedTerms#NONE}). */
    public static LuceneParseResult parse(String query) {
        return parse(query, DroppedTerms.NONE);
    }

    /** The query as Elasticsearch reads it on an index where {@code dropped} says which terms analyse to nothing. */
    public static LuceneParseResult parse(String query, DroppedTerms dropped) {
        NodeBuildingParser parser = new NodeBuildingParser(dropped);
        Query parsed;
        try {
            parsed = parser.parse(query);
        } catch (ParseException e) {
            return new LuceneParseResult.Failure(syntaxError(e, query));
        }
        return new LuceneParseResult.Success(toNode(parsed));
    }

    private static LuceneSyntaxError syntaxError(ParseException wrapper, String query) {
        // QueryParser.parse wraps the grammar's exception ("Cannot parse '<query>': ..."); the cause has the token.
        Throwable cause = wrapper.getCause() != null ? wrapper.getCause() : wrapper;
        if (cause instanceof ParseException pe && pe.currentToken != null && pe.currentToken.next != null) {
            Token bad = pe.currentToken.next;
            // FastCharStream counts no lines: a token's begin column is its 0-based offset in the whole text
            int offset = Math.min(bad.beginColumn, query.length());
            String found = bad.kind == 0 ? "end of input" : "\"" + bad.image + "\"";
            return new LuceneSyntaxError(offset, "Expected " + expected(pe) + " but " + found + " found");
        }
        if (cause instanceof TokenMgrError tme) {
            Matcher m = LEXICAL_COLUMN.matcher(String.valueOf(tme.getMessage()));
            int offset = m.find() ? Math.max(0, Integer.parseInt(m.group(1)) - 1) : query.length();
            String message = String.valueOf(tme.getMessage()).replaceFirst("^Lexical error at line \\d+, column \\d+\\.\\s*", "");
            return new LuceneSyntaxError(Math.min(offset, query.length()), message.isEmpty() ? "lexical error" : message);
        }
        String message = String.valueOf(cause.getMessage());
        return new LuceneSyntaxError(query.length(), message);
    }

    /** The grammar's expected tokens, in the names a rule author knows. */
    private static String expected(ParseException pe) {
        if (pe.expectedTokenSequences == null || pe.tokenImage == null) {
            return "a term";
        }
        java.util.TreeSet<String> names = new java.util.TreeSet<>();
        for (int[] sequence : pe.expectedTokenSequences) {
            if (sequence.length > 0) {
                names.add(pe.tokenImage[sequence[0]].replace("<", "").replace(">", "").toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names.isEmpty() ? "a term" : String.join(", ", names);
    }

    private static LuceneNode toNode(Query query) {
        if (query instanceof NodeQuery n) {
            return n.node;
        }
        if (query instanceof BoostQuery boost) {
            return toNode(boost.getQuery());
        }
        if (query instanceof BooleanQuery bool) {
            List<LuceneNode.Clause> clauses = new ArrayList<>();
            for (BooleanClause clause : bool.clauses()) {
                LuceneNode.Occur occur = switch (clause.getOccur()) {
                    case MUST, FILTER -> LuceneNode.Occur.MUST;
                    case SHOULD -> LuceneNode.Occur.SHOULD;
                    case MUST_NOT -> LuceneNode.Occur.MUST_NOT;
                };
                clauses.add(new LuceneNode.Clause(occur, toNode(clause.getQuery())));
            }
            return new LuceneNode.Bool(clauses);
        }
        if (query instanceof MatchAllDocsQuery) {
            return new LuceneNode.Wildcard(Optional.empty(), "*");
        }
        if (query instanceof MatchNoDocsQuery) {
            // an empty Bool matches nothing in Elasticsearch's query_string (a query whose every clause was left out
            // is an empty BooleanQuery, read above to the same)
            return new LuceneNode.Bool(List.of());
        }
        return new LuceneNode.Unsupported("Lucene query " + query.getClass().getSimpleName());
    }

    private static Optional<String> field(String field) {
        return DEFAULT_FIELD.equals(field) ? Optional.empty() : Optional.of(field);
    }

    /** A leaf carried through Lucene's boolean query building. */
    private static final class NodeQuery extends Query {
        final LuceneNode node;

        NodeQuery(LuceneNode node) {
            this.node = node;
        }

        @Override
        public String toString(String field) {
            return node.toString();
        }

        @Override
        public void visit(QueryVisitor visitor) {
            visitor.visitLeaf(this);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof NodeQuery q && q.node.equals(node);
        }

        @Override
        public int hashCode() {
            return node.hashCode();
        }
    }

    /** A fresh parser per query: Lucene's parser is mutable. */
    private static final class NodeBuildingParser extends QueryParser {

        private final DroppedTerms dropped;

        NodeBuildingParser(DroppedTerms dropped) {
            super(DEFAULT_FIELD, new StandardAnalyzer());
            this.dropped = dropped;
            setAllowLeadingWildcard(true);
            setDefaultOperator(QueryParser.OR_OPERATOR);
        }

        @Override
        protected Query getFieldQuery(String field, String queryText, boolean quoted) {
            if (EXISTS_FIELD.equals(field)) {
                return new NodeQuery(new LuceneNode.Exists(queryText));
            }
            if (!quoted && !DEFAULT_FIELD.equals(field) && queryText.length() > 1) {
                // Elasticsearch's one-sided ranges field:>=10, field:<x (not Lucene syntax: its QueryStringQueryParser
                // reads them from the term text)
                boolean inclusive = queryText.length() > 2 && queryText.charAt(1) == '=';
                String bound = queryText.substring(inclusive ? 2 : 1);
                if (queryText.charAt(0) == '>') {
                    return new NodeQuery(new LuceneNode.Range(field(field), Optional.of(bound), Optional.empty(), inclusive, true));
                }
                if (queryText.charAt(0) == '<') {
                    return new NodeQuery(new LuceneNode.Range(field(field), Optional.empty(), Optional.of(bound), true, inclusive));
                }
            }
            LuceneNode.Term term = new LuceneNode.Term(field(field), queryText, quoted);
            // null is Lucene's "no query": addClause then leaves the clause out, getBooleanQuery an empty group
            return dropped.isDropped(term) ? null : new NodeQuery(term);
        }

        @Override
        protected Query getFieldQuery(String field, String queryText, int slop) {
            if (slop != 0) {
                return new NodeQuery(new LuceneNode.Unsupported("phrase slop (\"" + queryText + "\"~" + slop + ")"));
            }
            return getFieldQuery(field, queryText, true);
        }

        @Override
        protected Query getWildcardQuery(String field, String termStr) {
            if ("*".equals(termStr) && !DEFAULT_FIELD.equals(field)) {
                return new NodeQuery(new LuceneNode.Exists(field));
            }
            return new NodeQuery(new LuceneNode.Wildcard(field(field), termStr));
        }

        private static String escapeWhitespace(String escaped) {
            StringBuilder out = new StringBuilder(escaped.length());
            for (int i = 0; i < escaped.length(); i++) {
                char c = escaped.charAt(i);
                if (Character.isWhitespace(c) || c == '\u3000') {
                    out.append('\\');
                }
                out.append(c);
            }
            return out.toString();
        }

        @Override
        protected Query getPrefixQuery(String field, String termStr) {
            // the parser has resolved the escapes of a prefix term: escape again so that * and ? stay literal, and so
            // does whitespace, which QueryParser.escape leaves (probe28: C\:\\Program\ Files\\* is one prefix, not two terms)
            return getWildcardQuery(field, escapeWhitespace(QueryParser.escape(termStr)) + "*");
        }

        @Override
        protected Query getRegexpQuery(String field, String termStr) {
            return new NodeQuery(new LuceneNode.Regexp(field(field), termStr));
        }

        @Override
        protected Query getRangeQuery(String field, String part1, String part2, boolean startInclusive,
                                      boolean endInclusive) {
            return new NodeQuery(new LuceneNode.Range(field(field), Optional.ofNullable(part1),
                    Optional.ofNullable(part2), startInclusive, endInclusive));
        }

        @Override
        protected Query getFuzzyQuery(String field, String termStr, float minSimilarity) {
            return new NodeQuery(new LuceneNode.Unsupported("fuzzy term (" + termStr + "~)"));
        }

        @Override
        protected Query newTermQuery(Term term, float boost) {
            return new NodeQuery(new LuceneNode.Term(field(term.field()), term.text(), false));
        }
    }
}
