package io.ruleforge.ql;

import io.ruleforge.diag.QueryText;
import io.ruleforge.eql.EqlGrammarLexer;
import io.ruleforge.eql.EqlGrammarParser;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness on its own, over the EQL grammar's generated classes with a small nesting limit: what each outcome
 * carries. (The languages' wording of these outcomes is tested by the KQL and EQL parser tests.)
 */
class ParseHarnessTest {

    private static final class Eql implements QlGrammar<EqlGrammarParser, EqlGrammarParser.StatementContext> {
        private final int limit;
        private final String rejectAfter;

        private int released;

        Eql(int limit, String rejectAfter) {
            this.limit = limit;
            this.rejectAfter = rejectAfter;
        }

        @Override
        public void release() {
            released++;
        }

        @Override
        public Lexer lexer(CharStream chars) {
            return new EqlGrammarLexer(chars);
        }

        @Override
        public EqlGrammarParser parser(TokenStream tokens) {
            return new EqlGrammarParser(tokens);
        }

        @Override
        public EqlGrammarParser.StatementContext startRule(EqlGrammarParser parser) {
            return parser.statement();
        }

        @Override
        public NestingLimit nesting() {
            return new NestingLimit(limit, Set.of(EqlGrammarLexer.LPAREN), Set.of(EqlGrammarLexer.RPAREN),
                    Set.of(EqlGrammarLexer.NOT));
        }

        @Override
        public Optional<ParseOutcome.TokenRejected<EqlGrammarParser.StatementContext>> checkToken(Token previous, Token current) {
            return previous != null && previous.getText().equals(rejectAfter)
                    ? Optional.of(new ParseOutcome.TokenRejected<>(current, "after " + rejectAfter))
                    : Optional.empty();
        }
    }

    @Test
    void theGrammarIsReleasedOnceAfterEveryParseWhateverItsOutcome() {
        // a grammar that reuses its recognizers lets go of the query there (KqlSyntax), also after a failure
        for (String query : List.of("any where a == 1", "any where (", "any where \"unterminated", "any where ((( a )))",
                "any where a and b")) {
            Eql grammar = new Eql(2, "and");
            ParseHarness.parse(query, grammar);
            assertThat(grammar.released).as(query).isEqualTo(1);
        }
    }

    @Test
    void aQueryInTheGrammarIsParsed() {
        ParseOutcome<EqlGrammarParser.StatementContext> outcome = ParseHarness.parse("any where a == 1 and (b == 2)", new Eql(2, "?"));
        assertThat(outcome).isInstanceOf(ParseOutcome.Parsed.class);
        assertThat(((ParseOutcome.Parsed<EqlGrammarParser.StatementContext>) outcome).tree().getText())
                .isEqualTo("anywherea==1and(b==2)<EOF>");
    }

    @Test
    void bracketsAndRunsOfPrefixOperatorsCountTowardsTheNestingLimit() {
        ParseOutcome<?> brackets = ParseHarness.parse("any where ((( a )))", new Eql(2, "?"));
        assertThat(brackets).isInstanceOf(ParseOutcome.TooDeep.class);
        assertThat(((ParseOutcome.TooDeep<?>) brackets).at().getStartIndex()).isEqualTo(12);
        assertThat(((ParseOutcome.TooDeep<?>) brackets).limit()).isEqualTo(2);

        ParseOutcome<?> prefix = ParseHarness.parse("any where (not not a)", new Eql(2, "?"));
        assertThat(((ParseOutcome.TooDeep<?>) prefix).at().getText()).isEqualTo("not");
        assertThat(((ParseOutcome.TooDeep<?>) prefix).at().getStartIndex()).isEqualTo(15);

        // closing brackets and any other token end the run; an unbalanced ")" does not make room for more
        assertThat(ParseHarness.parse("any where (a) and (b) and not a", new Eql(2, "?"))).isNotInstanceOf(ParseOutcome.TooDeep.class);
        assertThat(ParseHarness.parse("any where )) (((a)))", new Eql(2, "?"))).isInstanceOf(ParseOutcome.TooDeep.class);
    }

    @Test
    void theGrammarsTokenCheckRunsInTheSameWalkSoTheEarlierProblemWins() {
        ParseOutcome<?> rejected = ParseHarness.parse("any where a and ((( b )))", new Eql(2, "and"));
        assertThat(rejected).isInstanceOf(ParseOutcome.TokenRejected.class);
        assertThat(((ParseOutcome.TokenRejected<?>) rejected).message()).isEqualTo("after and");
        assertThat(((ParseOutcome.TokenRejected<?>) rejected).at().getStartIndex()).isEqualTo(16); // the bracket after and

        assertThat(ParseHarness.parse("any where ((( b ))) and a", new Eql(2, "and"))).isInstanceOf(ParseOutcome.TooDeep.class);
    }

    @Test
    void theFirstSyntaxErrorKeepsTheOffendingTokenAndWhatWasExpected() {
        ParseOutcome<?> outcome = ParseHarness.parse("any where a ==", new Eql(10, "?"));
        assertThat(outcome).isInstanceOf(ParseOutcome.SyntaxError.class);
        FirstError error = ((ParseOutcome.SyntaxError<?>) outcome).error();
        assertThat(error.offending().getType()).isEqualTo(Token.EOF);
        assertThat(error.expected().contains(EqlGrammarLexer.LPAREN)).isTrue();
        assertThat(error.expected().contains(EqlGrammarLexer.EOF)).isFalse();

        SyntaxErrorDescriber describer = new SyntaxErrorDescriber(new QueryText("any where a =="),
                TokenNames.table(List.of(TokenNames.Entry.of("\"(\"", EqlGrammarLexer.LPAREN),
                        TokenNames.Entry.of("end", Token.EOF))),
                SyntaxErrorDescriber.FoundStyle.FIRST_CHARACTER);
        assertThat(describer.describe(error))
                .isEqualTo(new SyntaxErrorDescriber.Description(14, 1, 15, List.of("\"(\""), "end of input"));
    }

    @Test
    void foundTokensAreShownInTheLanguagesStyle() {
        ParseOutcome<?> outcome = ParseHarness.parse("any where a == == 1", new Eql(10, "?"));
        FirstError error = ((ParseOutcome.SyntaxError<?>) outcome).error();
        QueryText text = new QueryText("any where a == == 1");
        TokenNames none = expected -> List.of();
        assertThat(new SyntaxErrorDescriber(text, none, SyntaxErrorDescriber.FoundStyle.FIRST_CHARACTER)
                .found(error.offending())).isEqualTo("\"=\"");
        assertThat(new SyntaxErrorDescriber(text, none, SyntaxErrorDescriber.FoundStyle.WHOLE_TOKEN)
                .found(error.offending())).isEqualTo("\"==\"");
    }
}
