package io.ruleforge.ql;

import io.ruleforge.kql.KqlGrammarLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.Token;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link QueryCharStream} under the KQL lexer (its own test uses EQL's): the same tokens as ANTLR's stream. */
class QueryCharStreamKqlTest {

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "process.name : \"cmd.exe\" and not user.name:(a or b*)", "x:cannot be",
            "a:\"unterminated", "é:ü and \u00A0 x < 5", "\\u0041 \\not \\\\", "line\nbreak\r\nx:1"})
    void lexesAsAntlrsCodePointStream(String query) {
        assertThat(tokens(QueryCharStream.of(query))).isEqualTo(tokens(CharStreams.fromString(query)));
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
