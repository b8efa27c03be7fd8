package io.ruleforge.eql;

import io.ruleforge.diag.QueryText;
import io.ruleforge.ql.ParseHarness;
import io.ruleforge.ql.ParseOutcome;

import java.util.Objects;

/**
 * The EQL front end: parses a query as Elasticsearch 8.x/9.x does (EQL_SPEC §1) into an {@link EqlQuery}, or
 * reports the first syntax error with its position. Never throws for any input text.
 *
 * <p>What Elasticsearch rejects while parsing is rejected here too (single-quoted strings, {@code =}, chained
 * comparisons, pipes other than head/tail, {@code join}, bad maxspan units …). Checks that need the whole query or
 * field types — join-key counts, missing events without maxspan, field-to-field comparisons, unknown functions — are
 * the {@link io.ruleforge.eql.verify.EqlVerifier}'s, so that they are all reported together.
 *
 * <p>Limits: queries longer than {@link #MAX_QUERY_LENGTH} chars, brackets nested deeper than
 * {@link #MAX_NESTING_DEPTH} and expressions nested deeper than {@link #MAX_EXPRESSION_DEPTH} are reported as syntax
 * errors instead of risking a stack overflow here and in the tree walkers downstream.
 */
public final class EqlParser {

    /** The longest rule query in Elastic's corpus is a few KB; this leaves a wide margin. */
    public static final int MAX_QUERY_LENGTH = 1_000_000;
    /** Deepest nesting of ( [ ![ and runs of prefix operators (not, unary minus) accepted. */
    public static final int MAX_NESTING_DEPTH = 100;
    /** Deepest nesting of expression nodes (arithmetic chains count one level per operator). */
    public static final int MAX_EXPRESSION_DEPTH = 500;

    private EqlParser() {
    }

    public static EqlParseResult parse(String query) {
        Objects.requireNonNull(query, "query");
        QueryText source = new QueryText(query);
        if (query.length() > MAX_QUERY_LENGTH) {
            return new EqlParseResult.Failure(EqlSyntaxError.at(source, 0,
                    "query is longer than " + MAX_QUERY_LENGTH + " characters"));
        }
        EqlSyntax syntax = new EqlSyntax(source);
        try {
            ParseOutcome<EqlGrammarParser.StatementContext> outcome = ParseHarness.parse(query, syntax);
            if (outcome instanceof ParseOutcome.Parsed<EqlGrammarParser.StatementContext> parsed) {
                return new EqlParseResult.Success(new EqlAstBuilder(source, MAX_EXPRESSION_DEPTH).build(parsed.tree()));
            }
            return new EqlParseResult.Failure(syntax.error(outcome));
        } catch (EqlSyntaxException e) {
            return new EqlParseResult.Failure(EqlSyntaxError.at(source, e.span().start(), e.getMessage()));
        } catch (StackOverflowError e) {
            // last line of defence for the "never throws" contract; not reachable with the limits in place
            return new EqlParseResult.Failure(EqlSyntaxError.at(source, 0, "invalid EQL query: " + e.getMessage()));
        }
    }
}
