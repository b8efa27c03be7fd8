package io.ruleforge.harness;

import io.ruleforge.diag.DiagnosticException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The events files of the eql and esql commands: a JSON array, or one JSON event per line. */
class EventFileTest {

    @Test
    void anEventPerLineMustEndOnItsLine() {
        // a half-written line would swallow the next event, or fail at the end of the file: refused at its own line
        assertThatThrownBy(() -> EventFile.parse("e.ndjson", "{\"a\":1}\n{\"broken\": \n{\"b\":2}\n"))
                .isInstanceOfSatisfying(DiagnosticException.class, e -> {
                    assertThat(e.diagnostic().position().line()).isEqualTo(2);
                    assertThat(e.diagnostic().position().column()).isEqualTo(12);
                    assertThat(e.diagnostic().message()).contains("one JSON event per line");
                });
        // an object over several lines was read as one event made of the lines it swallowed
        assertThatThrownBy(() -> EventFile.parse("e.ndjson", "{\"a\":1}\n{\"wrapper\":\n{\"b\":2}\n}\n{\"c\":3}\n"))
                .isInstanceOfSatisfying(DiagnosticException.class, e -> assertThat(e.diagnostic().position().line()).isEqualTo(2));
        // an error within the line keeps its own position
        assertThatThrownBy(() -> EventFile.parse("e.ndjson", "{\"a\":1}\n{\"b\": x}\n"))
                .isInstanceOfSatisfying(DiagnosticException.class, e -> {
                    assertThat(e.diagnostic().position().line()).isEqualTo(2);
                    assertThat(e.diagnostic().position().column()).isEqualTo(7);
                });
    }

    @Test
    void anArrayMaySpanLinesAndCommentsStayAllowed() throws DiagnosticException {
        assertThat(EventFile.parse("e.json", "[\n  {\n    \"a\": 1\n  },\n  {\"b\": 2}\n]\n"))
                .extracting(EventFile.Event::line).containsExactly(2, 5);
        assertThat(EventFile.parse("e.ndjson", "{\"a\":1} // one\n/* a comment\n over lines */\n{\"b\":2}\n"))
                .extracting(EventFile.Event::line).containsExactly(1, 4);
    }
}
