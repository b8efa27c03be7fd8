package io.ruleforge.ql;

import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * The parser's first syntax error as ANTLR saw it.
 *
 * @param offending the token it could not accept (EOF for a query that ends too early)
 * @param expected  the token types it would have accepted there (empty if ANTLR cannot tell)
 * @param context   the innermost rule being parsed, to tell e.g. an operand from a value position
 * @param tokens    all tokens, to look at the offending token's neighbours
 */
public record FirstError(Token offending, IntervalSet expected, RuleContext context, TokenStream tokens) {

    /** The same error with another expected set (a language may add what ANTLR has already left behind). */
    public FirstError withExpected(IntervalSet otherExpected) {
        return new FirstError(offending, otherExpected, context, tokens);
    }

    /** Reads the error off a bailed-out parser; {@code cause} is null when ANTLR gave none. */
    static FirstError of(Parser parser, RecognitionException cause) {
        Token offending = cause != null && cause.getOffendingToken() != null
                ? cause.getOffendingToken() : parser.getCurrentToken();
        RuleContext context = cause != null && cause.getCtx() != null ? cause.getCtx() : parser.getContext();
        return new FirstError(offending, expectedTokens(parser, cause), context, parser.getTokenStream());
    }

    /** The error an error listener was told of: {@code symbol} is the token it names (null: the current one). */
    static FirstError reported(Parser parser, Token symbol, RecognitionException cause) {
        Token offending = symbol != null ? symbol : parser.getCurrentToken();
        RuleContext context = cause != null && cause.getCtx() != null ? cause.getCtx() : parser.getContext();
        return new FirstError(offending, expectedTokens(parser, cause), context, parser.getTokenStream());
    }

    private static IntervalSet expectedTokens(Parser parser, RecognitionException cause) {
        try {
            IntervalSet set = cause != null ? cause.getExpectedTokens() : parser.getExpectedTokens();
            return set != null ? set : new IntervalSet();
        } catch (RuntimeException e) {
            return new IntervalSet(); // no ATN state to ask (should not happen with the bail strategy)
        }
    }
}
