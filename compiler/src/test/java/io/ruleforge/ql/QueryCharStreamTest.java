package io.ruleforge.ql;

import io.ruleforge.eql.EqlGrammarLexer;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.IntStream;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.Interval;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-place query stream must read exactly as ANTLR's own code point stream does, which is the reference here. */
class QueryCharStreamTest {

    private static final List<String> TEXTS = List.of("", "a", "process where process.name : \"cmd.exe\"",
            "any where x == \"é ü ß\" // ñ\n and y in (1, 2)", "\t\r\n  \"unterminated", "a.`b``c`.d ≠ 1 /* ☃ */");

    @Test
    void readsEveryPositionAsAntlrsStreamDoes() {
        for (String text : TEXTS) {
            CharStream ours = QueryCharStream.of(text);
            CharStream antlr = CharStreams.fromString(text);
            assertThat(ours).isInstanceOf(QueryCharStream.class);
            assertThat(ours.size()).isEqualTo(antlr.size());
            for (int step = 0; step <= text.length(); step++) {
                for (int k = -3; k <= 3; k++) {
                    assertThat(ours.LA(k)).as("LA(%d) at %d in %s", k, step, text).isEqualTo(antlr.LA(k));
                }
                assertThat(ours.index()).isEqualTo(antlr.index());
                if (step < text.length()) {
                    ours.consume();
                    antlr.consume();
                }
            }
            assertThat(ours.LA(1)).isEqualTo(IntStream.EOF);
            assertThatThrownBy(ours::consume).isInstanceOf(IllegalStateException.class);
            for (int a = 0; a <= text.length() + 1; a++) {
                for (int b = a - 1; b <= text.length() + 1; b++) {
                    assertThat(ours.getText(Interval.of(a, b))).isEqualTo(antlr.getText(Interval.of(a, b)));
                }
            }
            ours.seek(0);
            assertThat(ours.LA(1)).isEqualTo(text.isEmpty() ? IntStream.EOF : text.charAt(0));
            assertThat(ours.getSourceName()).isEqualTo(antlr.getSourceName());
        }
    }

    @Test
    void lexesTheSameTokensAsAntlrsStream() {
        for (String text : TEXTS) {
            assertThat(tokens(QueryCharStream.of(text))).isEqualTo(tokens(CharStreams.fromString(text)));
        }
    }

    @Test
    void aTextWithSurrogatePairsIsLeftToAntlrsCodePointStream() {
        CharStream stream = QueryCharStream.of("any where x == \"😀\"");
        assertThat(stream).isNotInstanceOf(QueryCharStream.class);
        assertThat(stream.size()).isEqualTo("any where x == \"😀\"".length() - 1); // one code point, two chars
    }

    private static List<String> tokens(CharStream chars) {
        EqlGrammarLexer lexer = new EqlGrammarLexer(chars);
        lexer.removeErrorListeners();
        CommonTokenStream stream = new CommonTokenStream(lexer);
        stream.fill();
        return stream.getTokens().stream()
                .map(t -> t.getType() + "@" + t.getStartIndex() + ":" + t.getStopIndex() + "=" + (t.getType() == Token.EOF ? "" : t.getText()))
                .toList();
    }
}
