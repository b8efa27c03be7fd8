package io.ruleforge.kql;

import io.ruleforge.diag.QueryText;
import io.ruleforge.ql.ParseHarness;
import io.ruleforge.ql.ParseOutcome;

import java.util.Objects;

/**
 * The KQL front end: parses a query as Kibana 7.13+/8.x does (KQL_SPEC §2–§4) into a {@link KqlQuery}, or reports
 * the first syntax error. Never throws for any input text.
 *
 * <p>Brackets ({@code ( )} and {@code { }}) may nest at most {@link #MAX_NESTING_DEPTH} levels; deeper input is
 * reported as a syntax error instead of risking a stack overflow in this recursive-descent parser and in the back
 * ends that walk the tree. A null query or version is a programming error (NullPointerException).
 */
public final class KqlParser {

    /**
     * Deepest bracket nesting accepted. Real rules use fewer than 10 levels and Elasticsearch rejects bool queries
     * nested deeper than 20. Each level can add up to 5 JSON levels to the DSL ({@code a or not (…)}: bool, should,
     * array element, bool, must_not), so 100 keeps any accepted query within Jackson's default write nesting limit
     * of 1000 and far from the parser's stack limits.
     */
    public static final int MAX_NESTING_DEPTH = 100;

    private KqlParser() {
    }

    public static KqlParseResult parse(String query, KibanaVersion version) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(version, "version");
        QueryText source = new QueryText(query);
        KqlSyntax syntax = new KqlSyntax(source);
        try {
            ParseOutcome<KqlGrammarParser.QueryContext> outcome = ParseHarness.parse(query, syntax);
            if (outcome instanceof ParseOutcome.Parsed<KqlGrammarParser.QueryContext> parsed) {
                KqlNode root = new KqlAstBuilder(source, version).build(parsed.tree());
                return new KqlParseResult.Success(new KqlQuery(query, root));
            }
            return new KqlParseResult.Failure(syntax.error(outcome));
        } catch (StackOverflowError e) {
            // last line of defence for the "never throws" contract; not reachable with the nesting limit in place
            return new KqlParseResult.Failure(syntax.generic(e.getMessage()));
        }
    }
}
