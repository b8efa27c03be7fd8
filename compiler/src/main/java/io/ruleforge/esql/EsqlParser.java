package io.ruleforge.esql;

import io.ruleforge.diag.QueryText;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.ql.ParseHarness;
import io.ruleforge.ql.ParseOutcome;

import java.util.Objects;

/**
 * The ES|QL front end: parses a query as Elasticsearch 8.19 or 9.x does into an {@link EsqlQuery}, or reports the
 * first syntax error with its position, at the token where Elasticsearch reports it. Never throws for any input text.
 * The ANTLR wiring and the error wording are {@link EsqlSyntax}'s (run by the shared {@link ParseHarness}), the tree
 * walk {@link EsqlAstBuilder}'s.
 *
 * <p>Like Elasticsearch, parsing stops at the first error (its parser throws from the error listener too). Checks that
 * need the whole pipeline — unknown functions, argument types, columns — are the verifier's.
 *
 * <p>Limits: queries longer than {@link #MAX_QUERY_LENGTH} chars and expressions nested deeper than
 * {@link #MAX_NESTING_DEPTH} are reported as syntax errors instead of risking a stack overflow.
 */
public final class EsqlParser {

    /** The longest ES|QL rule in Elastic's corpus is a few KB; this leaves a wide margin. */
    public static final int MAX_QUERY_LENGTH = 1_000_000;
    /** Deepest nesting of brackets and prefix operators accepted. */
    public static final int MAX_NESTING_DEPTH = 200;

    private EsqlParser() {
    }

    public static EsqlParseResult parse(String query, EsqlVersion version) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(version, "version");
        QueryText source = new QueryText(query);
        if (query.length() > MAX_QUERY_LENGTH) {
            return new EsqlParseResult.Failure(EsqlSyntaxError.at(source, 0,
                    "query is longer than " + MAX_QUERY_LENGTH + " characters"));
        }
        try {
            EsqlSyntax syntax = new EsqlSyntax(source, version);
            ParseOutcome<EsqlGrammar.StatementContext> outcome = ParseHarness.parse(query, syntax);
            if (!(outcome instanceof ParseOutcome.Parsed<EsqlGrammar.StatementContext> parsed)) {
                return new EsqlParseResult.Failure(syntax.error(outcome));
            }
            return new EsqlParseResult.Success(new EsqlAstBuilder(source, version, MAX_NESTING_DEPTH * 4).build(parsed.tree()));
        } catch (EsqlSyntaxException e) {
            return new EsqlParseResult.Failure(EsqlSyntaxError.at(source, e.span().start(), e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // last line of defence for the "never throws" contract; not reachable with the limits in place
            return new EsqlParseResult.Failure(EsqlSyntaxError.at(source, 0, "invalid ES|QL query: " + e));
        }
    }
}
