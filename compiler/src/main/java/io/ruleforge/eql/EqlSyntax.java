package io.ruleforge.eql;

import io.ruleforge.diag.QueryText;
import io.ruleforge.ql.FirstError;
import io.ruleforge.ql.NestingLimit;
import io.ruleforge.ql.ParseOutcome;
import io.ruleforge.ql.QlGrammar;
import io.ruleforge.ql.SyntaxErrorDescriber;
import io.ruleforge.ql.ThreadRecognizers;
import io.ruleforge.ql.TokenNames;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.ruleforge.ql.SyntaxErrorDescriber.oneOf;

/**
 * EQL's part of the shared parse harness: its grammar wiring, its token check for unterminated comments, and how its
 * syntax errors are worded: {@code unexpected "]", expected one of: "(", field name, number, string}.
 */
final class EqlSyntax implements QlGrammar<EqlGrammarParser, EqlGrammarParser.StatementContext> {

    /** Token kinds named by what they stand for; the others by their literal text. */
    private static final Map<Integer, String> NAMES = Map.of(
            Token.EOF, SyntaxErrorDescriber.END_OF_INPUT,
            EqlGrammarLexer.IDENTIFIER, "identifier",
            EqlGrammarLexer.QUOTED_IDENTIFIER, "`field`",
            EqlGrammarLexer.STRING, "string",
            EqlGrammarLexer.RAW_STRING, "string",
            EqlGrammarLexer.SINGLE_QUOTED_STRING, "string",
            EqlGrammarLexer.OPTIONAL_QUOTED_STRING, "string",
            EqlGrammarLexer.INTEGER_VALUE, "number",
            EqlGrammarLexer.DECIMAL_VALUE, "number");
    private static final TokenNames TOKEN_NAMES = TokenNames.vocabulary(EqlGrammarLexer.VOCABULARY, NAMES);

    /** Brackets, and runs of prefix operators (not, unary minus and plus), which also recurse in the parser. */
    private static final NestingLimit NESTING = new NestingLimit(EqlParser.MAX_NESTING_DEPTH,
            Set.of(EqlGrammarLexer.LPAREN, EqlGrammarLexer.LBRACKET, EqlGrammarLexer.MISSING_LBRACKET),
            Set.of(EqlGrammarLexer.RPAREN, EqlGrammarLexer.RBRACKET),
            Set.of(EqlGrammarLexer.NOT, EqlGrammarLexer.MINUS, EqlGrammarLexer.PLUS));

    private static final ThreadRecognizers<EqlGrammarLexer, EqlGrammarParser> RECOGNIZERS =
            new ThreadRecognizers<>(EqlGrammarLexer::new, EqlGrammarParser::new);

    private final QueryText source;
    private final SyntaxErrorDescriber describer;

    EqlSyntax(QueryText source) {
        this.source = source;
        this.describer = new SyntaxErrorDescriber(source, TOKEN_NAMES,
                SyntaxErrorDescriber.FoundStyle.WHOLE_TOKEN);
    }

    @Override
    public Lexer lexer(CharStream chars) {
        return RECOGNIZERS.lexer(chars);
    }

    @Override
    public EqlGrammarParser parser(TokenStream tokens) {
        return RECOGNIZERS.parser(tokens);
    }

    @Override
    public void release() {
        RECOGNIZERS.release();
    }

    @Override
    public EqlGrammarParser.StatementContext startRule(EqlGrammarParser parser) {
        return parser.statement();
    }

    @Override
    public NestingLimit nesting() {
        return NESTING;
    }

    /** A block comment that is closed lexes as one skipped token, so an adjacent {@code /} {@code *} pair is an open one. */
    @Override
    public Optional<ParseOutcome.TokenRejected<EqlGrammarParser.StatementContext>> checkToken(Token previous, Token current) {
        if (previous != null && previous.getType() == EqlGrammarLexer.SLASH && current.getType() == EqlGrammarLexer.ASTERISK
                && previous.getStopIndex() + 1 == current.getStartIndex()) {
            return Optional.of(new ParseOutcome.TokenRejected<>(previous, "unterminated /* comment"));
        }
        return Optional.empty();
    }

    /** The error of a query the harness did not parse. */
    EqlSyntaxError error(ParseOutcome<EqlGrammarParser.StatementContext> outcome) {
        if (outcome instanceof ParseOutcome.SyntaxError<EqlGrammarParser.StatementContext> e) {
            return describe(e.error());
        }
        if (outcome instanceof ParseOutcome.TooDeep<EqlGrammarParser.StatementContext> d) {
            return EqlSyntaxError.at(source, describer.offset(d.at()), "query nested too deeply (more than "
                    + d.limit() + " levels of brackets and prefix operators)");
        }
        if (outcome instanceof ParseOutcome.TokenRejected<EqlGrammarParser.StatementContext> r) {
            return EqlSyntaxError.at(source, describer.offset(r.at()), r.message());
        }
        // the lexer has a token for every character (UNRECOGNIZED); an unterminated block comment lands here
        String message = ((ParseOutcome.LexerFailed<EqlGrammarParser.StatementContext>) outcome).message();
        return EqlSyntaxError.at(source, source.text().length(), "unterminated comment or " + message);
    }

    private EqlSyntaxError describe(FirstError error) {
        Token offending = error.offending();
        SyntaxErrorDescriber.Description d = describer.describe(error);
        if (offending.getType() == EqlGrammarLexer.UNRECOGNIZED) {
            String hint = offending.getText().equals("\"") ? " (unterminated string?)" : "";
            return EqlSyntaxError.at(source, d.offset(), "unexpected character " + d.found() + hint);
        }
        if (offending.getType() == EqlGrammarLexer.DECIMAL_VALUE && offending.getText().startsWith(".")
                && offending.getTokenIndex() > 0
                && error.tokens().get(offending.getTokenIndex() - 1).getStopIndex() + 1 == offending.getStartIndex()) {
            // `a.0.b` lexes `.0` as a number, in Elasticsearch too
            return EqlSyntaxError.at(source, d.offset(), "unexpected " + d.found()
                    + "; a field name part that starts with a digit must be quoted with backticks, e.g. a.`0`.b");
        }
        String expected = oneOf(d.expected());
        return EqlSyntaxError.at(source, d.offset(), "unexpected " + d.found() + (expected.isEmpty() ? "" : ", expected " + expected));
    }

}
