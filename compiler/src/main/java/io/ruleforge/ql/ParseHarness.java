package io.ruleforge.ql;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.util.Objects;
import java.util.Optional;

/**
 * The one way a query language's ANTLR grammar is run, as Elasticsearch's {@code ql} module serves EQL and SQL: lex
 * the whole query, walk the tokens once for the nesting limit and the grammar's own token check, then parse with a
 * bail-out strategy and capture the first error. Used by the KQL and EQL front ends; an ES|QL front end plugs in the
 * same way:
 *
 * <pre>{@code
 * ParseOutcome<EsqlParser.QueryContext> outcome = ParseHarness.parse(query, new QlGrammar<>() {
 *     public Lexer lexer(CharStream chars) { return new EsqlLexer(chars); }
 *     public EsqlParser parser(TokenStream tokens) { return new EsqlParser(tokens); }
 *     public EsqlParser.QueryContext startRule(EsqlParser p) { return p.singleStatement(); }
 *     public NestingLimit nesting() { return new NestingLimit(100, Set.of(LP), Set.of(RP), Set.of(NOT, MINUS)); }
 * });
 * switch (outcome) { case ParseOutcome.Parsed<…> p -> build(p.tree()); case ParseOutcome.SyntaxError<…> e -> … }
 * }</pre>
 *
 * <p>Why bail at the first error: Kibana and Elasticsearch report exactly one, and ANTLR's recovery would only invent
 * follow-up errors. No ANTLR error listener output reaches the console. Building the AST from the tree is the
 * language's own step (and so is its last line of defence against {@link StackOverflowError}).
 */
public final class ParseHarness {

    private ParseHarness() {
    }

    public static <P extends org.antlr.v4.runtime.Parser, T> ParseOutcome<T> parse(String query, QlGrammar<P, T> grammar) {
        Objects.requireNonNull(query, "query");
        Lexer lexer = grammar.lexer(CharStreams.fromString(query));
        lexer.removeErrorListeners();
        lexer.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int col, String msg,
                                    RecognitionException e) {
                throw new LexerFailure(msg);
            }
        });
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        try {
            tokens.fill();
        } catch (LexerFailure e) {
            return new ParseOutcome.LexerFailed<>(e.getMessage());
        }

        Optional<ParseOutcome<T>> tokenProblem = checkTokens(tokens, grammar);
        if (tokenProblem.isPresent()) {
            return tokenProblem.get();
        }

        P parser = grammar.parser(tokens);
        parser.removeErrorListeners();
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return new ParseOutcome.Parsed<>(grammar.startRule(parser));
        } catch (ParseCancellationException e) {
            RecognitionException cause = e.getCause() instanceof RecognitionException re ? re : null;
            return new ParseOutcome.SyntaxError<>(FirstError.of(parser, cause));
        }
    }

    private static <T> Optional<ParseOutcome<T>> checkTokens(CommonTokenStream tokens, QlGrammar<?, T> grammar) {
        NestingLimit limit = grammar.nesting();
        NestingLimit.Walk depth = limit.walk();
        Token previous = null;
        for (Token t : tokens.getTokens()) {
            Optional<ParseOutcome.TokenRejected<T>> rejected = grammar.checkToken(previous, t);
            if (rejected.isPresent()) {
                return Optional.of(rejected.get());
            }
            previous = t;
            if (depth.tooDeepAt(t)) {
                return Optional.of(new ParseOutcome.TooDeep<>(t, limit.maxDepth()));
            }
        }
        return Optional.empty();
    }

    /** Carries the lexer's message out of ANTLR's listener; never escapes {@link #parse}. */
    private static final class LexerFailure extends RuntimeException {
        LexerFailure(String message) {
            super(message, null, false, false);
        }
    }
}
