package io.ruleforge.ql;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

import java.util.Optional;

/**
 * What {@link ParseHarness} needs to know about one query language's ANTLR grammar: how to build its lexer and
 * parser, which rule to start at, and how deep its brackets may nest. Implemented once per language (KQL, EQL, and
 * ES|QL next) as plain wiring; the harness does the rest.
 *
 * @param <P> the generated parser
 * @param <T> the start rule's parse tree
 */
public interface QlGrammar<P extends Parser, T> {

    /** A lexer over the query's code points: the generated constructor, or a reused lexer given {@code chars}. */
    Lexer lexer(CharStream chars);

    /** A parser over the lexed tokens: the generated constructor, or a reused parser given {@code tokens}. */
    P parser(TokenStream tokens);

    /** Runs the start rule, e.g. {@code parser.query()}. */
    T startRule(P parser);

    /** Which tokens open, close and prefix-nest, and the limit (see {@link NestingLimit}). */
    NestingLimit nesting();

    /**
     * A problem visible in two adjacent tokens that the grammar cannot report well (e.g. EQL's unterminated
     * {@code /*}), checked in the same left-to-right walk as the nesting limit so that the earlier problem wins.
     *
     * @param previous the token before {@code current}, or null at the first token
     */
    default Optional<ParseOutcome.TokenRejected<T>> checkToken(Token previous, Token current) {
        return Optional.empty();
    }

    /** How the parser stops at its first syntax error. */
    enum ErrorStop {
        /** ANTLR's {@code BailErrorStrategy}: the first mismatch ends the parse (KQL, EQL). */
        BAIL,
        /**
         * ANTLR's default strategy, ended at its first report, as Elasticsearch's ES|QL parser does (its error
         * listener throws): the default strategy's sync before loops and sub-rules reports some errors at an earlier
         * token than bailing would, and matching Elasticsearch's position needs the same token.
         */
        FIRST_REPORT
    }

    /** {@link ErrorStop#BAIL} unless the language must stop where a reporting parser stops. */
    default ErrorStop errorStop() {
        return ErrorStop.BAIL;
    }

    /**
     * Whether a lexer error waits for the parser, as in a parser that lexes lazily (Elasticsearch's ES|QL): the lexer
     * carries on past it, and it is the outcome only when the parser succeeds or fails no earlier in the text. When
     * false (KQL, EQL) the first lexer error ends the parse.
     */
    default boolean lexerErrorsDeferred() {
        return false;
    }

    /**
     * Called when a parse is over, whatever its outcome: a grammar that reuses its lexer and parser lets go of the
     * query's characters, tokens and listeners here, so a long-lived thread does not keep the last query alive.
     */
    default void release() {
    }
}
