package io.ruleforge.ql;

import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.TokenStream;

import java.util.function.Function;

/**
 * One lexer and one parser of a grammar per thread, pointed at each query in turn: creating them (and their ATN
 * simulators) per query cost more than parsing a short query. Each is reset when given its next input, and the
 * harness sets the parser's prediction mode and error strategy at every parse. Reentry is impossible: neither calls
 * out. The parsers build no parse tree: the AST builders read the labels the grammars set, which ANTLR fills either
 * way (filling every context's children list cost about a tenth of a parse).
 *
 * @param <L> the grammar's lexer
 * @param <P> the grammar's parser
 */
public final class ThreadRecognizers<L extends Lexer, P extends Parser> {

    private record Pair<L, P>(L lexer, P parser) {
    }

    private final ThreadLocal<Pair<L, P>> recognizers;

    /** @param lexers the generated lexer's constructor; @param parsers the generated parser's */
    public ThreadRecognizers(Function<CharStream, L> lexers, Function<TokenStream, P> parsers) {
        this.recognizers = ThreadLocal.withInitial(() -> {
            P parser = parsers.apply(null);
            parser.setBuildParseTree(false);
            return new Pair<>(lexers.apply(null), parser);
        });
    }

    /** This thread's lexer, reading {@code chars}. */
    public L lexer(CharStream chars) {
        L lexer = recognizers.get().lexer();
        lexer.setInputStream(chars);
        return lexer;
    }

    /** This thread's parser, reading {@code tokens}. */
    public P parser(TokenStream tokens) {
        P parser = recognizers.get().parser();
        parser.setTokenStream(tokens);
        return parser;
    }

    /** Lets go of the query: the thread keeps its recognizers, not this query's text, tokens and listeners. */
    public void release() {
        Pair<L, P> pair = recognizers.get();
        pair.lexer().removeErrorListeners();
        pair.lexer().setInputStream(null);
        pair.parser().removeErrorListeners();
        pair.parser().setTokenStream(null);
    }
}
