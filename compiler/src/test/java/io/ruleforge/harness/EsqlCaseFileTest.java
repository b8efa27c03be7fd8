package io.ruleforge.harness;

import io.ruleforge.diag.Diagnostic;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The multi-event case files of aggregating ES|QL rules: accepted shapes, and errors at the offending value. */
class EsqlCaseFileTest {

    @Test
    void readsEventsAndExpectedRows() {
        EsqlCaseFile.Read read = EsqlCaseFile.parse("cases/a.json", """
                {"description": "d", "events": [{"a": 1}, {"a": 2}],
                 "expect": {"rows": [{"host.name": "h", "c": 2}]}}
                """);
        assertThat(read.errors()).isEmpty();
        EsqlCaseFile c = read.caseFile().orElseThrow();
        assertThat(c.events()).hasSize(2);
        assertThat(c.expectedRows()).isEqualTo(1);
        assertThat(c.rows().get(0).get("c").asInt()).isEqualTo(2);
        assertThat(EsqlCaseFile.parse("x.json", "{\"events\":[{}],\"expect\":{\"rows\":0}}").caseFile().orElseThrow().expectedRows()).isZero();
    }

    @Test
    void badShapesAreErrorsAtTheirLineAndColumn() {
        EsqlCaseFile.Read read = EsqlCaseFile.parse("cases/b.json", "{\n  \"events\": [{}, 3],\n  \"expect\": {\"rows\": \"two\"}\n}");
        assertThat(read.caseFile()).isEmpty();
        assertThat(read.errors()).extracting(Diagnostic::format).containsExactly(
                "cases/b.json:2:18: error: event 2 must be an object, found 3 [RF6001]",
                "cases/b.json:3:22: error: \"rows\" must be a whole number of at least 0 or an array of rows, found \"two\" [RF6001]");
        assertThat(EsqlCaseFile.parse("c.json", "{\"events\": [").errors()).singleElement()
                .satisfies(d -> assertThat(d.format()).startsWith("c.json:1:13: error: malformed JSON"));
    }
}
