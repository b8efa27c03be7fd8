package io.ruleforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ruleforge eql}: the example is Elasticsearch's INWithCondition spec on dynamic-mapping data. */
class EqlCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** Out of time order on purpose: results come sorted by timestamp, as Elasticsearch returns them. */
    private static final String NDJSON = """
            {"id":86,"@timestamp":"2024-01-01T00:00:03Z","event":{"category":"file"},"file_name":"lsass.exe"}
            {"id":65,"@timestamp":"2024-01-01T00:00:01Z","event":{"category":"file"},"file_name":"wininit.exe"}
            {"id":70,"@timestamp":"2024-01-01T00:00:02Z","event":{"category":"file"},"file_name":"explorer.exe"}
            {"id":71,"@timestamp":"2024-01-01T00:00:04Z","event":{"category":"process"},"file_name":"lsass.exe"}
            """;

    private static final String DYNAMIC_MAPPING = """
            {"properties":{"file_name":{"type":"text","fields":{"keyword":{"type":"keyword","ignore_above":256}}},
              "event":{"properties":{"category":{"type":"keyword"}}}}}
            """;

    @Test
    void printsTheIdsOfMatchingEventsInTimestampOrder(@TempDir Path dir) throws IOException {
        Path events = Files.writeString(dir.resolve("events.ndjson"), NDJSON);
        Path mapping = Files.writeString(dir.resolve("mapping.json"), DYNAMIC_MAPPING);
        Run run = run("eql", "--events", events.toString(), "--mapping", mapping.toString(), "--id-field", "id",
                "file where file_name : (\"wininit.exe\", \"lsass.exe\")");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly("65", "86");
    }

    @Test
    void sequencesPrintOneLinePerMatchAndLineNumbersWithoutAnIdField(@TempDir Path dir) throws IOException {
        Path events = Files.writeString(dir.resolve("events.json"), "[\n" + String.join(",\n", NDJSON.strip().split("\n")) + "\n]");
        Run run = run("eql", "--events", events.toString(),
                "sequence [file where file_name == \"wininit.exe\"] [any where file_name == \"lsass.exe\"]");
        assertThat(run.exitCode()).isZero();
        // the JSON array's events start on lines 2..5: wininit.exe is on line 3, the first lsass.exe after it on line 2
        assertThat(run.out().lines()).containsExactly("3 2");
    }

    @Test
    void queryErrorsArePositionedWithinTheQuery(@TempDir Path dir) throws IOException {
        Path events = Files.writeString(dir.resolve("events.ndjson"), NDJSON);
        Run syntax = run("eql", "--events", events.toString(), "file where\n  file_name = \"x\"");
        assertThat(syntax.exitCode()).isEqualTo(1);
        assertThat(syntax.out()).isEmpty();
        assertThat(syntax.err().lines().findFirst().orElseThrow())
                .startsWith("2:13: error: EQL syntax error: ").endsWith("[RF3101]");
        assertThat(syntax.err().lines().skip(1)).containsExactly("  file_name = \"x\"", "            ^");

        Path mapping = Files.writeString(dir.resolve("text.json"), "{\"properties\":{\"body\":{\"type\":\"text\"}}}");
        Run rejected = run("eql", "--events", events.toString(), "--mapping", mapping.toString(), "any where body : \"x\"");
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.err().lines().findFirst().orElseThrow()).isEqualTo("1:11: error: field [body] is of type text "
                + "without a keyword sub-field and cannot be searched with EQL; use a keyword field (text-field) [RF3102]");
    }

    @Test
    void aMalformedEventsFileIsADiagnosticWithItsPosition(@TempDir Path dir) throws IOException {
        Path events = Files.writeString(dir.resolve("bad.ndjson"), "{\"id\":1}\n{\"id\": 2,,}\n");
        Run run = run("eql", "--events", events.toString(), "any where true");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith(events + ":2:10: error: expected events as a JSON array or one JSON object per line: ")
                .contains("[RF6001]");
        Path scalar = Files.writeString(dir.resolve("scalar.json"), "[{\"id\":1},\n 42]");
        assertThat(run("eql", "--events", scalar.toString(), "any where true").err())
                .startsWith(scalar + ":2:2: error: expected an event (a JSON object), found a number [RF6001]");
    }

    @Test
    void aBadTokenIsReportedWhereItStarts(@TempDir Path dir) throws IOException {
        Path events = Files.writeString(dir.resolve("bad.ndjson"), "{\"id\":1}\n{\"b\": tru}\n");
        assertThat(run("eql", "--events", events.toString(), "any where true").err())
                .startsWith(events + ":2:7: error: expected events as a JSON array or one JSON object per line: Unrecognized token 'tru'");
    }

    @Test
    void textAfterAnEventOnItsLineIsRefusedAtItsColumnButACommentIsNot(@TempDir Path dir) throws IOException {
        Path two = Files.writeString(dir.resolve("two.ndjson"), "{\"id\":1}\n{\"id\":2}  {\"id\":3}\n");
        assertThat(run("eql", "--events", two.toString(), "any where true").err()).isEqualTo(two + ":2:11: error: expected one"
                + " event per line, found a second JSON value after the first (put each event on its own line) [RF6001]\n");
        Path trailing = Files.writeString(dir.resolve("trailing.ndjson"), "{\"id\":1} xx\n");
        assertThat(run("eql", "--events", trailing.toString(), "any where true").err())
                .isEqualTo(trailing + ":1:10: error: expected one event per line, found 'xx' after the event [RF6001]\n");
        // Elasticsearch's EQL test data comments its events; an array may hold several events on a line
        Path commented = Files.writeString(dir.resolve("commented.ndjson"), "{\"id\":1} // the first\n{\"id\":2} /* x */\n");
        assertThat(run("eql", "--events", commented.toString(), "--id-field", "id", "any where true").out()).isEqualTo("1\n2\n");
        Path afterComment = Files.writeString(dir.resolve("after-comment.ndjson"), "{\"id\":1} /* c */ {\"id\":2}\n");
        assertThat(run("eql", "--events", afterComment.toString(), "any where true").err()).startsWith(afterComment + ":1:18: error:"
                + " expected one event per line, found a second JSON value after the first");
        Path array = Files.writeString(dir.resolve("array.json"), "[{\"id\":1}, {\"id\":2}]");
        assertThat(run("eql", "--events", array.toString(), "--id-field", "id", "any where true").out()).isEqualTo("1\n2\n");
    }

    @Test
    void anUnreadableMappingIsAnErrorNamingTheFile(@TempDir Path dir) throws IOException {
        Path events = Files.writeString(dir.resolve("events.ndjson"), NDJSON);
        Path missing = dir.resolve("no-such-mapping.json");
        Run run = run("eql", "--events", events.toString(), "--mapping", missing.toString(), "any where true");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo(missing + ": error: cannot read the mapping file: no such file" + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }
}
