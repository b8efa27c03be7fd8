package io.ruleforge.ql;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.ParseCancellationException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one way a query language's ANTLR grammar is run, as Elasticsearch's {@code ql} module serves EQL and SQL: lex
 * the whole query, walk the tokens once for the nesting limit and the grammar's own token check, then parse with a
 * bail-out strategy and capture the first error. Used by the KQL, EQL and ES|QL front ends; ES|QL stops at the first
 * reported error instead of bailing and defers lexer errors, as Elasticsearch's lazily lexing parser does
 * ({@link QlGrammar#errorStop()}, {@link QlGrammar#lexerErrorsDeferred()}). A grammar plugs in like this:
 *
 * <pre>{@code
 * ParseOutcome<EqlGrammarParser.StatementContext> outcome = ParseHarness.parse(query, new QlGrammar<>() {
 *     public Lexer lexer(CharStream chars) { return new EqlGrammarLexer(chars); }
 *     public EqlGrammarParser parser(TokenStream tokens) { return new EqlGrammarParser(tokens); }
 *     public EqlGrammarParser.StatementContext startRule(EqlGrammarParser p) { return p.statement(); }
 *     public NestingLimit nesting() { return new NestingLimit(100, Set.of(LPAREN), Set.of(RPAREN), Set.of(NOT)); }
 * });
 * if (outcome instanceof ParseOutcome.Parsed<EqlGrammarParser.StatementContext> p) { build(p.tree()); } else { … }
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
        try {
            return parseQuery(query, grammar);
        } finally {
            grammar.release();
        }
    }

    private static <P extends org.antlr.v4.runtime.Parser, T> ParseOutcome<T> parseQuery(String query, QlGrammar<P, T> grammar) {
        Lexer lexer = grammar.lexer(QueryCharStream.of(query));
        lexer.removeErrorListeners();
        boolean deferred = grammar.lexerErrorsDeferred();
        List<LexerFailure> lexerErrors = new ArrayList<>(1);
        lexer.addErrorListener(new BaseErrorListener() {
            @Override
            public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int col, String msg,
                                    RecognitionException e) {
                LexerFailure failure = new LexerFailure(((Lexer) recognizer)._tokenStartCharIndex, msg);
                if (!deferred) {
                    throw failure;
                }
                if (lexerErrors.isEmpty()) {
                    lexerErrors.add(failure);
                }
            }
        });
        CommonTokenStream tokens = new CommonTokenStream(lexer);
        try {
            tokens.fill();
        } catch (LexerFailure e) {
            return new ParseOutcome.LexerFailed<>(e.startIndex, e.getMessage());
        }
        ParseOutcome<T> outcome = parseTokens(tokens, grammar);
        if (!lexerErrors.isEmpty() && lexerErrors.get(0).startIndex <= startIndex(outcome)) {
            return new ParseOutcome.LexerFailed<>(lexerErrors.get(0).startIndex, lexerErrors.get(0).getMessage());
        }
        return outcome;
    }

    private static <P extends org.antlr.v4.runtime.Parser, T> ParseOutcome<T> parseTokens(CommonTokenStream tokens,
                                                                                          QlGrammar<P, T> grammar) {
        Optional<ParseOutcome<T>> tokenProblem = checkTokens(tokens, grammar);
        if (tokenProblem.isPresent()) {
            return tokenProblem.get();
        }

        P parser = grammar.parser(tokens);
        parser.removeErrorListeners();
        // Two-stage parsing (ANTLR's SLL-then-LL): the fast SLL prediction with a bail-out decides every query it can
        // parse — as Elasticsearch's EQL and ES|QL parsers run in SLL mode —; a query it cannot parse (a syntax error,
        // or one of the rare inputs only full-context prediction parses) is parsed again in LL mode, whose first
        // error is the one reported, so messages and positions are those of an LL-only parse.
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return new ParseOutcome.Parsed<>(grammar.startRule(parser));
        } catch (ParseCancellationException sllFailed) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
        }
        if (grammar.errorStop() == QlGrammar.ErrorStop.BAIL) {
            parser.setErrorHandler(new BailErrorStrategy());
        } else {
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.addErrorListener(new BaseErrorListener() {
                @Override
                public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int col, String msg,
                                        RecognitionException e) {
                    // the first report ends parsing: recovery would only invent follow-up errors
                    throw new FirstReport(FirstError.reported((org.antlr.v4.runtime.Parser) recognizer, (Token) symbol, e));
                }
            });
        }
        try {
            return new ParseOutcome.Parsed<>(grammar.startRule(parser));
        } catch (ParseCancellationException e) {
            RecognitionException cause = e.getCause() instanceof RecognitionException re ? re : null;
            return new ParseOutcome.SyntaxError<>(FirstError.of(parser, cause));
        } catch (FirstReport e) {
            return new ParseOutcome.SyntaxError<>(e.error);
        }
    }

    /** Where in the text (code points) a problem is, to tell whether a deferred lexer error comes first. */
    private static int startIndex(ParseOutcome<?> outcome) {
        if (outcome instanceof ParseOutcome.LexerFailed<?> l) {
            return l.startIndex();
        }
        if (outcome instanceof ParseOutcome.TokenRejected<?> r) {
            return r.at().getStartIndex();
        }
        if (outcome instanceof ParseOutcome.TooDeep<?> d) {
            return d.at().getStartIndex();
        }
        if (outcome instanceof ParseOutcome.SyntaxError<?> e) {
            return e.error().offending().getStartIndex();
        }
        return Integer.MAX_VALUE; // parsed: the lexer error is the only problem
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
        private final int startIndex;

        LexerFailure(int startIndex, String message) {
            super(message, null, false, false);
            this.startIndex = startIndex;
        }
    }

    /** Carries the parser's first reported error out of ANTLR's listener; never escapes {@link #parse}. */
    private static final class FirstReport extends RuntimeException {
        private final transient FirstError error;

        FirstReport(FirstError error) {
            super(null, null, false, false);
            this.error = error;
        }
    }
}
