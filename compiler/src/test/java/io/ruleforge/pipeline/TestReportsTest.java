package io.ruleforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a test run tells its user: the console summary, the compiled files and the SARIF report. */
class TestReportsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Ruleforge ruleforge() {
        return new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false));
    }

    private void write(String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String rule(String name, String query) {
        return RuleforgeTest.RULE.replace("NAME", name).replace("RULE_ID", "00000000-0000-4000-8000-000000000001")
                .replace("""
                        process.name:cmd.exe and
                          not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)""", query);
    }

    @Test
    void aFailingValueListNamesTheFieldTheValuesAndWhyAndIsASarifResultAtTheFixtureLine() throws Exception {
        write("rules/ps.toml", rule("Ps", "event.action:start and process.name:(powershell.exe or pwsh.exe)"));
        write("fixtures/ps/positive.ndjson", """
                {"event":{"action":"start"},"process":{"name":"pwsh.exe"}}
                // upper case, as some sensors report it
                {"event":{"action":"start"},"process":{"name":"POWERSHELL.EXE"}}
                """);
        StageReport report = ruleforge().test();

        String failure = "expected the rule to fire on fixtures/ps/positive.ndjson:3 (upper case, as some sensors report it),"
                + " but it stayed quiet: bool.filter[1]: no value of process.name equals any of \"powershell.exe\", \"pwsh.exe\""
                + " (process.name: \"POWERSHELL.EXE\"; keyword values are compared case-sensitively, and \"POWERSHELL.EXE\""
                + " differs from \"powershell.exe\" only in case)";
        assertThat(report.summary()).contains(
                "     validated, compiled (DSL, EQL), 1/2 positives fired, 0/0 negatives quiet; EQL translation agrees on 2/2",
                "     ✗ " + failure);

        JsonNode results = JSON.readTree(dir.resolve("out/ruleforge.sarif").toFile()).at("/runs/0/results");
        List<JsonNode> failed = results.findParents("ruleId").stream()
                .filter(r -> r.path("ruleId").asText().equals("RF6013")).toList();
        assertThat(failed).singleElement().satisfies(r -> {
            assertThat(r.path("level").asText()).isEqualTo("error");
            assertThat(r.at("/message/text").asText()).isEqualTo(failure);
            assertThat(r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("fixtures/ps/positive.ndjson");
            assertThat(r.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(3);
        });
    }

    @Test
    void aRuleWithoutIpExclusionsSaysNothingAboutGeneratedCases() throws Exception {
        write("rules/ps.toml", rule("Ps", "process.name:pwsh.exe"));
        write("fixtures/ps/positive.ndjson", "{\"process\":{\"name\":\"pwsh.exe\"}}\n");
        StageReport report = ruleforge().test();
        assertThat(report.summary()).contains("     validated, compiled (DSL, EQL), 1/1 positives fired, 0/0 negatives quiet;"
                + " EQL translation agrees on 1/1");
        assertThat(String.join("\n", report.summary())).doesNotContain("generated");
    }

    /** 150 blocks, 3 positives: 3 × 150 × (3 inside + 2 just outside) = 2,250 cases for a cap of 2,000. */
    @Test
    void generatedCasesBeyondTheCapAreCountedAndSaidToBeSkipped() throws Exception {
        String blocks = IntStream.range(0, 150).mapToObj(i -> "10." + i + ".0.0/24").collect(Collectors.joining(" or "));
        write("rules/many.toml", rule("Many", "process.name:cmd.exe and not destination.ip:(" + blocks + ")"));
        write("fixtures/many/positive.ndjson", IntStream.rangeClosed(1, 3)
                .mapToObj(i -> "{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"8.8.8." + i + "\"}}\n")
                .collect(Collectors.joining()));
        ruleforge().lock(); // locked, so the cap's note is the run's only finding
        StageReport report = ruleforge().test();

        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF6012")).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.INFO);
            assertThat(d.message()).isEqualTo("the query excludes 150 IP blocks, which call for 2,250 generated cases; 2,000"
                    + " were run and 250 skipped (each case evaluates every block, so a rule excluding 150 blocks gets at most 2,000)");
        });
        // rounds of 750 (every block with one positive): two whole rounds and two thirds of the third
        assertThat(report.summary()).contains("     validated, compiled (DSL, EQL), 3/3 positives fired, 0/0 negatives quiet,"
                + " 1200/1200 generated negatives quiet, 800/800 generated near-misses fired (250 more generated cases skipped"
                + " to keep the cost proportional, RF6012); EQL translation agrees on 2003/2003");
        assertThat(report.failed(false)).isFalse();
        assertThat(report.diagnostics()).extracting(Diagnostic::severity).doesNotContain(Severity.ERROR, Severity.WARNING);
    }

    @Test
    void eqlRulesGetACompiledFileWithTheirEql() throws Exception {
        String eql = "sequence by host.id with maxspan=1m\n  [process where process.name == \"cmd.exe\"]\n"
                + "  [network where destination.port == 4444]";
        write("rules/seq.toml", rule("Seq", eql).replace("type = \"query\"", "type = \"eql\"")
                .replace("language = \"kuery\"", "language = \"eql\""));
        StageReport report = ruleforge().compile();
        assertThat(report.summary().get(0)).startsWith("1 rule compiled");
        JsonNode compiled = JSON.readTree(dir.resolve("out/compiled/seq.json").toFile());
        assertThat(compiled.path("eql").asText()).isEqualTo(eql + "\n");
        assertThat(compiled.path("name").asText()).isEqualTo("Seq");
        assertThat(compiled.has("dsl")).isFalse();
        assertThat(compiled.has("kql")).isFalse();
    }

    @Test
    void aSequenceFixtureSaysWhichEventsLackTheTimestampAndAnUnexpectedMatchNamesItsEventsAndGap() throws Exception {
        write("rules/seq.toml", rule("Seq", """
                sequence by host.id with maxspan=2m
                  [process where process.name == "cmd.exe"]
                  [network where destination.port == 4444]""")
                .replace("type = \"query\"", "type = \"eql\"").replace("language = \"kuery\"", "language = \"eql\""));
        write("fixtures/seq/positive.ndjson", """
                // exported without timestamps
                [{"event":{"category":"process"},"host":{"id":"h"},"process":{"name":"cmd.exe"}},{"time":"2026-01-01T00:00:30Z","event":{"category":"network"},"host":{"id":"h"},"destination":{"port":4444}}]
                """);
        write("fixtures/seq/negative.ndjson", """
                // meant to be too far apart, but within the maxspan
                [{"@timestamp":"2026-01-01T00:00:00Z","event":{"category":"process"},"host":{"id":"h"},"process":{"name":"cmd.exe"}},{"@timestamp":"2026-01-01T00:01:30Z","event":{"category":"network"},"host":{"id":"h"},"destination":{"port":4444}}]
                """);
        StageReport report = ruleforge().test();
        assertThat(report.summary()).contains(
                "     ✗ expected the rule to fire on fixtures/seq/positive.ndjson:2 (exported without timestamps), but it stayed"
                        + " quiet: no sequence of the 2 matched the EQL query; events 1, 2 have no @timestamp (or not a date),"
                        + " and a sequence orders events by it: an event without one never takes part",
                "     ✗ expected the rule to stay quiet on fixtures/seq/negative.ndjson:2 (meant to be too far apart, but within"
                        + " the maxspan), but it fired: 1 match; the first of event 1 at 2026-01-01T00:00:00Z, event 2 at"
                        + " 2026-01-01T00:01:30Z, 1 min 30 s from first to last (maxspan=2m), joined on [h]");
    }
}
