package io.ruleforge.eql;

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
        try {
            EqlGrammarLexer lexer = new EqlGrammarLexer(CharStreams.fromString(query));
            lexer.removeErrorListeners();
            lexer.addErrorListener(new BaseErrorListener() {
                @Override
                public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int col, String msg,
                                        RecognitionException e) {
                    // the lexer has a token for every character (UNRECOGNIZED); an unterminated block comment lands here
                    throw new EqlSyntaxException(new Span(query.length(), query.length()), "unterminated comment or " + msg);
                }
            });
            CommonTokenStream tokens = new CommonTokenStream(lexer);
            tokens.fill();

            EqlSyntaxError tooDeep = checkTokens(tokens.getTokens(), source);
            if (tooDeep != null) {
                return new EqlParseResult.Failure(tooDeep);
            }

            EqlGrammarParser parser = new EqlGrammarParser(tokens);
            parser.removeErrorListeners();
            // stop at the first error: recovery would only invent follow-up errors
            parser.setErrorHandler(new BailErrorStrategy());
            EqlGrammarParser.StatementContext tree;
            try {
                tree = parser.statement();
            } catch (ParseCancellationException e) {
                RecognitionException cause = e.getCause() instanceof RecognitionException re ? re : null;
                return new EqlParseResult.Failure(new SyntaxErrorDescriber(source).describe(parser, cause));
            }
            EqlQuery built = new EqlAstBuilder(source, MAX_EXPRESSION_DEPTH).build(tree);
            return new EqlParseResult.Success(built);
        } catch (EqlSyntaxException e) {
            return new EqlParseResult.Failure(EqlSyntaxError.at(source, e.span().start(), e.getMessage()));
        } catch (ParseCancellationException | StackOverflowError e) {
            // last line of defence for the "never throws" contract; not reachable with the limits in place
            return new EqlParseResult.Failure(EqlSyntaxError.at(source, 0, "invalid EQL query: " + e.getMessage()));
        }
    }

    /**
     * Errors visible in the token stream alone: unterminated block comments, and nesting too deep (bracket depth plus
     * the length of the current run of prefix operators, which also recurse in the parser).
     */
    private static EqlSyntaxError checkTokens(List<Token> tokens, QueryText source) {
        int brackets = 0;
        int prefixRun = 0;
        Token previous = null;
        for (Token t : tokens) {
            // a block comment that is closed lexes as one skipped token, so an adjacent `/` `*` pair is an open one
            if (previous != null && previous.getType() == EqlGrammarLexer.SLASH && t.getType() == EqlGrammarLexer.ASTERISK
                    && previous.getStopIndex() + 1 == t.getStartIndex()) {
                return EqlSyntaxError.at(source, source.charOffset(previous.getStartIndex()), "unterminated /* comment");
            }
            previous = t;
            switch (t.getType()) {
                case EqlGrammarLexer.LPAREN, EqlGrammarLexer.LBRACKET, EqlGrammarLexer.MISSING_LBRACKET -> {
                    brackets++;
                    prefixRun = 0;
                }
                case EqlGrammarLexer.RPAREN, EqlGrammarLexer.RBRACKET -> {
                    brackets = Math.max(0, brackets - 1);
                    prefixRun = 0;
                }
                case EqlGrammarLexer.NOT, EqlGrammarLexer.MINUS, EqlGrammarLexer.PLUS -> prefixRun++;
                default -> prefixRun = 0;
            }
            if (brackets + prefixRun > MAX_NESTING_DEPTH) {
                return EqlSyntaxError.at(source, source.charOffset(t.getStartIndex()),
                        "query nested too deeply (more than " + MAX_NESTING_DEPTH + " levels of brackets and prefix operators)");
            }
        }
        return null;
    }

}
