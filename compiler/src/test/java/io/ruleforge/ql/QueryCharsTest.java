package io.ruleforge.ql;

import io.ruleforge.kql.KqlGrammarLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The String-backed stream reads every query as ANTLR's own code-point stream does. */
class QueryCharsTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "process.name : \"cmd.exe\" and not user.name:(a or b*)", "x:cannot be",
            "a:\"unterminated", "é:ü and \u00A0 x < 5", "\\u0041 \\not \\\\", "line\nbreak\r\nx:1"})
    void lexesAsAntlrsCodePointStream(String query) {
        assertThat(tokens(QueryChars.of(query))).isEqualTo(tokens(CharStreams.fromString(query)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "", "a b"})
    void readsAndSlicesAsAntlrsCodePointStream(String query) {
        CharStream ours = QueryChars.of(query);
        CharStream antlr = CharStreams.fromString(query);
        for (int step = 0; step <= query.length(); step++) {
            for (int k : new int[] {-2, -1, 1, 2}) {
                assertThat(ours.LA(k)).as("LA(%d) at %d", k, step).isEqualTo(antlr.LA(k));
            }
            assertThat(ours.index()).isEqualTo(antlr.index());
            if (ours.LA(1) != IntStream.EOF) {
                ours.consume();
                antlr.consume();
            }
        }
        for (int a = 0; a <= query.length() + 1; a++) {
            for (int b = a - 1; b <= query.length() + 1; b++) {
                assertThat(ours.getText(Interval.of(a, b))).isEqualTo(antlr.getText(Interval.of(a, b)));
            }
        }
        assertThat(ours.size()).isEqualTo(antlr.size());
        assertThat(ours.getSourceName()).isEqualTo(antlr.getSourceName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x:\uD83D\uDE00 and y:1"})
    void queriesWithSurrogatesGetAntlrsStream(String query) {
        assertThat(QueryChars.of(query)).isNotInstanceOf(QueryChars.class);
        assertThat(QueryChars.of(query).size()).isEqualTo(query.codePointCount(0, query.length()));
    }

    private static List<String> tokens(CharStream chars) {
        KqlGrammarLexer lexer = new KqlGrammarLexer(chars);
        lexer.removeErrorListeners();
        List<String> out = new ArrayList<>();
        for (Token t = lexer.nextToken(); ; t = lexer.nextToken()) {
            out.add(t.getType() + "@" + t.getStartIndex() + ".." + t.getStopIndex() + ":" + t.getLine() + ":"
                    + t.getCharPositionInLine() + "=" + t.getText());
            if (t.getType() == Token.EOF) {
                return out;
            }
        }
    }
}
