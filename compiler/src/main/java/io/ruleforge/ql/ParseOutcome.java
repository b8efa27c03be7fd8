package io.ruleforge.ql;

import org.antlr.v4.runtime.Token;

/**
 * What {@link ParseHarness#parse} made of a query: the parse tree, or the first problem, still in ANTLR's terms so
 * that each language words it its own way (with {@link SyntaxErrorDescriber}).
 *
 * @param <T> the start rule's parse tree
 */
public sealed interface ParseOutcome<T> {

    /** The query is in the grammar. */
    record Parsed<T>(T tree) implements ParseOutcome<T> {
    }

    /**
     * The lexer found no token for some input (grammars give every character a token, so this means an unterminated
     * construct the lexer could not close, or a grammar edit).
     *
     * @param startIndex the code-point index where the lexer found no token (as ANTLR's token start indexes count)
     * @param message    ANTLR's lexer message, e.g. {@code token recognition error at: '/*'}
     */
    record LexerFailed<T>(int startIndex, String message) implements ParseOutcome<T> {
    }

    /** The grammar's own token check ({@link QlGrammar#checkToken}) rejected the query at {@code at}. */
    record TokenRejected<T>(Token at, String message) implements ParseOutcome<T> {
    }

    /** Brackets and prefix operators nest deeper than {@code limit} at {@code at}. */
    record TooDeep<T>(Token at, int limit) implements ParseOutcome<T> {
    }

    /** The parser stopped at its first error. */
    record SyntaxError<T>(FirstError error) implements ParseOutcome<T> {
    }
}
