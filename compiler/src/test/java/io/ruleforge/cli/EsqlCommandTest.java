package io.ruleforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ruleforge esql}: the result table over NDJSON events and over a csv-spec dataset, and positioned errors. */
class EsqlCommandTest {

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private static final String NDJSON = """
            {"host":{"name":"WS-21"},"user":{"name":"alice"},"n":1}
            {"host.name":"WS-21","user":{"name":["bob","alice"]},"n":2}
            {"host":{"name":"WS-9"},"user":{"name":"carol"}}
            """;

    private static final String MAPPING = """
            {"properties":{"host":{"properties":{"name":{"type":"keyword"}}},"user":{"properties":{"name":{"type":"keyword"}}},
              "n":{"type":"long"}}}
            """;

    @Test
    void printsTheResultTableInCsvSpecForm(@TempDir Path dir) throws IOException {
        Path events = Files.writeString(dir.resolve("events.ndjson"), NDJSON);
        Path mapping = Files.writeString(dir.resolve("mapping.json"), MAPPING);
        Run run = run("esql", "--events", events.toString(), "--mapping", mapping.toString(),
                "FROM logs-* | STATS c = COUNT(*), users = VALUES(user.name), s = SUM(n) BY host.name | SORT host.name");
        assertThat(run.err()).isEmpty();
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().lines()).containsExactly("c:long | users:keyword | s:long | host.name:keyword",
                "2 | [alice, bob] | 3 | WS-21", "1 | carol | null | WS-9");
    }

    @Test
    void jsonLinesAndCsvSpecDatasets(@TempDir Path dir) throws IOException {
        Path dataset = Files.writeString(dir.resolve("hosts.csv"), "host:keyword,ip0:ip\nalpha,127.0.0.1\nbeta,[::1,10.0.0.1]\n");
        Run run = run("esql", "--events", dataset.toString(), "--index", "hosts", "--format", "json",
                "FROM hosts | WHERE host == \"beta\" | KEEP ip0");
        assertThat(run.exitCode()).isZero();
        // ips sort by their 16 bytes: ::1 before the IPv4-mapped 10.0.0.1
        assertThat(run.out().lines()).containsExactly("{\"ip0\":[\"::1\",\"10.0.0.1\"]}");
        Run wrongIndex = run("esql", "--events", dataset.toString(), "--index", "hosts", "FROM other | KEEP host");
        assertThat(wrongIndex.exitCode()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(wrongIndex.err()).startsWith("1:1: error: Unknown index [other] [RF6014]");
    }

    @Test
    void errorsArePositionedInTheQuery(@TempDir Path dir) throws IOException {
        Path events = Files.writeString(dir.resolve("events.ndjson"), NDJSON);
        Run run = run("esql", "--events", events.toString(), "FROM logs-*\n| EVAL x = nope + 1");
        assertThat(run.exitCode()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(run.err().lines()).containsExactly("2:12: error: Unknown column [nope] [RF6014]", "| EVAL x = nope + 1", "           ^");
        // a syntax error carries validate's code for it
        Run syntax = run("esql", "--events", events.toString(), "FROM logs-* | WHERE");
        assertThat(syntax.exitCode()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(syntax.err().lines().findFirst().orElseThrow()).startsWith("1:").contains(": error: ES|QL syntax error: ").endsWith(" [RF3501]");
        Path bad = Files.writeString(dir.resolve("bad.csv"), "a:integer\n1\nx\n");
        Run badData = run("esql", "--events", bad.toString(), "FROM x");
        assertThat(badData.err()).isEqualTo(bad + ":3:1: error: \"x\" is not a integer" + System.lineSeparator());
    }

    @Test
    void anUnreadableMappingOrEventsFileIsAnErrorNamingTheFileAsForEql(@TempDir Path dir) throws IOException {
        Path events = Files.writeString(dir.resolve("events.ndjson"), NDJSON);
        Path missing = dir.resolve("no-such-mapping.json");
        Run noMapping = run("esql", "--events", events.toString(), "--mapping", missing.toString(), "FROM x");
        assertThat(noMapping.exitCode()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(noMapping.err()).isEqualTo(missing + ": error: cannot read the mapping file: no such file" + System.lineSeparator());
        Path bad = Files.writeString(dir.resolve("bad.ndjson"), "{\"id\":1}\n{\"id\": 2,,}\n");
        Run badEvents = run("esql", "--events", events + "," + bad, "FROM x");
        assertThat(badEvents.exitCode()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(badEvents.err()).startsWith(bad + ":2:10: error: expected events as a JSON array or one JSON object per line: ")
                .contains("[RF6001]");
        assertThat(badEvents.out()).isEmpty();
    }
}
