package io.ruleforge.kql;

import io.ruleforge.diag.QueryText;
import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.util.List;
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
        SyntaxErrorDescriber describer = new SyntaxErrorDescriber(source);
        try {
            KqlGrammarLexer lexer = new KqlGrammarLexer(CharStreams.fromString(query));
            lexer.removeErrorListeners();
            lexer.addErrorListener(new BaseErrorListener() {
                @Override
                public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int col, String msg,
                                        RecognitionException e) {
                    // the lexer has a token for every character; this guards against grammar edits
                    throw new ParseCancellationException(msg);
                }
            });
            CommonTokenStream tokens = new CommonTokenStream(lexer);
            tokens.fill();

            KqlSyntaxError tooDeep = checkNesting(tokens.getTokens(), describer);
            if (tooDeep != null) {
                return new KqlParseResult.Failure(tooDeep);
            }

            KqlGrammarParser parser = new KqlGrammarParser(tokens);
            parser.removeErrorListeners();
            // stop at the first error: Kibana reports exactly one, and recovery would only invent follow-up errors
            parser.setErrorHandler(new BailErrorStrategy());
            KqlGrammarParser.QueryContext tree;
            try {
                tree = parser.query();
            } catch (ParseCancellationException e) {
                RecognitionException cause = e.getCause() instanceof RecognitionException re ? re : null;
                return new KqlParseResult.Failure(describer.describe(parser, cause));
            }
            KqlNode root = new KqlAstBuilder(source, version).build(tree);
            return new KqlParseResult.Success(new KqlQuery(query, root));
        } catch (ParseCancellationException | StackOverflowError e) {
            // last line of defence for the "never throws" contract; not reachable with the nesting limit in place
            return new KqlParseResult.Failure(describer.generic(e.getMessage()));
        }
    }

    private static KqlSyntaxError checkNesting(List<Token> tokens, SyntaxErrorDescriber describer) {
        int depth = 0;
        for (Token t : tokens) {
            switch (t.getType()) {
                case KqlGrammarLexer.LPAREN, KqlGrammarLexer.LBRACE -> {
                    if (++depth > MAX_NESTING_DEPTH) {
                        return describer.tooDeep(t, MAX_NESTING_DEPTH);
                    }
                }
                case KqlGrammarLexer.RPAREN, KqlGrammarLexer.RBRACE -> depth = Math.max(0, depth - 1);
                default -> {
                }
            }
        }
        return null;
    }
}
