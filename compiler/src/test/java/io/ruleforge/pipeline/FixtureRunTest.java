package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.replay.ReplayRun;
import io.ruleforge.replay.Replayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A test run never goes green without evidence, and never skips a fixture without saying so. */
class FixtureRunTest {

    @TempDir
    Path dir;

    /** Tests the rules as a team's repository has them: locked, so the only findings are the fixtures'. */
    private StageReport test(String fixtures) {
        Ruleforge forge = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve(fixtures), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false));
        forge.lock();
        return forge.test();
    }

    private void write(String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void cmdRule(String fileName, String name, String id) throws Exception {
        write("rules/" + fileName, RuleforgeTest.RULE.replace("NAME", name).replace("RULE_ID", id));
    }

    @Test
    void aRuleWithoutCasesIsUntestedNotPassed() throws Exception {
        cmdRule("cmd.toml", "Cmd", "00000000-0000-4000-8000-000000000001");
        cmdRule("other.toml", "Other", "00000000-0000-4000-8000-000000000002");
        write("fixtures/other/positive.ndjson", "{\"process\":{\"name\":\"cmd.exe\"},\"event\":{\"action\":\"Network connection detected (rule: NetworkConnect)\"},\"destination\":{\"ip\":\"8.8.8.8\"}}\n");
        write("fixtures/other/negative.ndjson", "{\"process\":{\"name\":\"powershell.exe\"}}\n");
        StageReport report = test("fixtures");
        assertThat(report.summary()).contains("UNTESTED rules/cmd.toml — Cmd",
                "     validated, compiled (DSL, EQL); no fixture events, so nothing shows that the rule works",
                "PASS rules/other.toml — Other");
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("2 rules tested: 1 passed, 0 failed, 1 untested ("));
        // its warning is what fails a build with failOnWarning; without it, an untested rule is not a test failure
        assertThat(report.diagnostics()).extracting(Diagnostic::code).containsExactly("RF6002");
        assertThat(report.testsFailed()).isFalse();
        assertThat(report.failed(true)).isTrue();
        // CI shows it as a skipped test, not as an empty green suite
        String junit = Files.readString(dir.resolve("out/reports/TEST-ruleforge.cmd.xml"));
        assertThat(junit).contains("tests=\"1\"", "skipped=\"1\"", "<skipped message=\"untested: the rule has no fixture events");
    }

    @Test
    void aLuceneRuleWhoseConstructIsNotEvaluatedSaysSoInTheConsoleTheJUnitReportAndReplay() throws Exception {
        write("rules/fuzzy.toml", RuleforgeTest.RULE.replace("NAME", "Fuzzy").replace("RULE_ID", "00000000-0000-4000-8000-000000000003")
                .replace("language = \"kuery\"", "language = \"lucene\"")
                .replace("process.name:cmd.exe and\n  not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)", "process.name:cmdd~"));
        write("fixtures/fuzzy/positive.ndjson", "{\"process\":{\"name\":\"cmd\"}}\n");
        StageReport report = test("fixtures");
        // its fixtures exist: "no fixture events" would be wrong
        assertThat(report.summary()).contains("UNTESTED rules/fuzzy.toml — Fuzzy",
                "     validated, compiled (DSL); not tested: its Lucene query uses syntax ruleforge does not evaluate [RF6302]");
        assertThat(report.diagnostics()).extracting(Diagnostic::code).containsExactlyInAnyOrder("RF6302", "RF6017");
        String junit = Files.readString(dir.resolve("out/reports/TEST-ruleforge.fuzzy.xml"));
        assertThat(junit).contains("<testcase name=\"query not evaluated\"", "<skipped message=\"not tested: its Lucene query uses ")
                .doesNotContain("no fixture events");

        Path events = Files.writeString(dir.resolve("recorded.ndjson"), "{\"process\":{\"name\":\"cmd\"}}\n");
        StageReport replay = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false))
                .replay(new ReplayRun.Request(List.of(events), OptionalLong.empty(), false,
                        new Replayer.Options(1, 3, 5, Clock.systemUTC(), null)), (n, b, t) -> { });
        assertThat(replay.diagnostics()).filteredOn(d -> d.code().equals("RF6503")).extracting(Diagnostic::message).singleElement()
                .satisfies(m -> assertThat(m).startsWith("not replayed: its Lucene query uses ").endsWith(", which ruleforge does not evaluate (RF6302)")
                        .doesNotContain("Elasticsearch would reject"));
    }

    @Test
    void anUntestedRuleReplayedFromTheStateIsStillUntested() throws Exception {
        cmdRule("cmd.toml", "Cmd", "00000000-0000-4000-8000-000000000001");
        Files.createDirectories(dir.resolve("fixtures"));
        test("fixtures");
        StageReport replayed = test("fixtures");
        assertThat(replayed.summary()).contains("UNTESTED rules/cmd.toml — Cmd",
                "1 rule: 0 recomputed, 1 up to date (state in " + dir.resolve("out/state") + ")");
        assertThat(replayed.summary()).anySatisfy(l -> assertThat(l).startsWith("1 rule tested: 0 passed, 0 failed, 1 untested"));
        assertThat(replayed.failed(true)).isTrue();
    }

    @Test
    void aMalformedFixtureLineFailsTheRuleItBelongsTo() throws Exception {
        cmdRule("cmd.toml", "Cmd", "00000000-0000-4000-8000-000000000001");
        write("fixtures/cmd/positive.ndjson", """
                {"process":{"name":"cmd.exe"},"event":{"action":"Network connection detected (rule: NetworkConnect)"},"destination":{"ip":"8.8.8.8"}}
                {"process":{"name":"cmd.exe"}} {"process":{"name":"cmd.exe"}}
                """);
        write("fixtures/cmd/negative.ndjson", "{\"process\":{\"name\":\"powershell.exe\"}}\n");
        StageReport report = test("fixtures");
        assertThat(report.summary()).contains("FAIL rules/cmd.toml — Cmd",
                "     ✗ fixtures/cmd/positive.ndjson:2:32: expected one event per line, found a second JSON value after the first"
                        + " (put each event on its own line)");
        assertThat(report.testsFailed()).isTrue();
        String junit = Files.readString(dir.resolve("out/reports/TEST-ruleforge.cmd.xml"));
        assertThat(junit).contains("errors=\"1\"", "<testcase name=\"fixtures/cmd/positive.ndjson:2:32\"", "type=\"BadFixture\"");
    }

    @Test
    void aMissingFixturesDirectoryIsAnErrorAsAMissingRulesDirectoryIs() throws Exception {
        cmdRule("cmd.toml", "Cmd", "00000000-0000-4000-8000-000000000001");
        StageReport report = test("test-fixturez");
        assertThat(report.diagnostics()).extracting(Diagnostic::format)
                .containsExactly("test-fixturez: error: fixtures directory does not exist [RF6010]");
        assertThat(report.failed(false)).isTrue();
    }

    @Test
    void strayFixtureFoldersAndFilesAreWarnedAbout() throws Exception {
        cmdRule("cmd.toml", "Cmd", "00000000-0000-4000-8000-000000000001");
        write("fixtures/cmd/positive.ndjson", "{\"process\":{\"name\":\"cmd.exe\"},\"event\":{\"action\":\"Network connection detected (rule: NetworkConnect)\"},\"destination\":{\"ip\":\"8.8.8.8\"}}\n");
        write("fixtures/cmd/negatives.ndjson", "{\"process\":{\"name\":\"powershell.exe\"}}\n");
        write("fixtures/cdm/positive.ndjson", "{}\n");
        StageReport report = test("fixtures");
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF6009")).extracting(Diagnostic::format, Diagnostic::hint)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("fixtures/cdm/: warning: fixture folder matches no rule file, so its fixtures are never run [RF6009]",
                                "did you mean cmd/ (the rule file cmd.toml or .yaml)?"),
                        org.assertj.core.groups.Tuple.tuple("fixtures/cmd/negatives.ndjson: warning: file in a fixture folder is never read: only positive.ndjson and negative.ndjson are [RF6009]",
                                "did you mean negative.ndjson?"));
        assertThat(report.failed(false)).isFalse();
        assertThat(report.failed(true)).isTrue();
    }

    @Test
    void aRuleFileNamedWithDotsReadsNoFixturesOutsideTheFixturesDirectory() throws Exception {
        cmdRule("..toml", "Dots", "00000000-0000-4000-8000-000000000001");
        // what the fixture folder "." and ".." would be: the fixtures directory and its parent
        write("fixtures/positive.ndjson", "{\"process\":{\"name\":\"cmd.exe\"}}\n");
        write("positive.ndjson", "{\"process\":{\"name\":\"cmd.exe\"}}\n");
        StageReport report = test("fixtures");
        assertThat(report.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::format).containsExactly(
                "rules/..toml: error: the rule file name leaves \".\" to name its fixture folder, which would be the fixtures"
                        + " directory itself: no fixtures are read for it [RF6008]");
        assertThat(report.summary()).contains("FAIL rules/..toml — Dots");
        assertThat(report.summary()).contains("1 rule tested: 0 passed, 1 failed (0 cases, 0 failed; 1 fixture error)");
    }

    @Test
    void aValueElasticsearchCannotIndexFailsTheRuleNamingFieldAndType() throws Exception {
        cmdRule("cmd.toml", "Cmd", "00000000-0000-4000-8000-000000000001");
        write("fixtures/cmd/positive.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"8.8.8.8"}}
                {"process":{"name":"cmd.exe"},"destination":{"ip":134744072}}
                """);
        write("fixtures/cmd/negative.ndjson", "{\"process\":5}\n");
        StageReport report = test("fixtures");
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF6011")).extracting(Diagnostic::format).containsExactly(
                "fixtures/cmd/negative.ndjson:1:1: error: process is mapped as object, found the number 5: an object field holds"
                        + " fields, not values; Elasticsearch would refuse to index this event [RF6011]",
                "fixtures/cmd/positive.ndjson:2:1: error: destination.ip is mapped as ip, found the number 134744072: an ip field"
                        + " takes an IPv4 or IPv6 address as a string; Elasticsearch would refuse to index this event [RF6011]");
        assertThat(report.summary()).contains("FAIL rules/cmd.toml — Cmd");
    }

    /** @timestamp is read in its default format everywhere (case files, run windows), so a fixture's is checked too. */
    @Test
    void aTimestampElasticsearchCannotReadFailsTheRule() throws Exception {
        cmdRule("cmd.toml", "Cmd", "00000000-0000-4000-8000-000000000001");
        write("fixtures/cmd/positive.ndjson", """
                {"@timestamp":"2026-11-23T12:00:00Z","process":{"name":"cmd.exe"}}
                {"@timestamp":1700000000000,"process":{"name":"cmd.exe"}}
                {"@timestamp":"garbage","process":{"name":"cmd.exe"}}
                {"@timestamp":99999999999999999999999,"process":{"name":"cmd.exe"}}
                """);
        write("fixtures/cmd/negative.ndjson", "{\"@timestamp\":true,\"process\":{\"name\":\"x.exe\"}}\n");
        StageReport report = test("fixtures");
        String why = ": a date field takes a date in Elasticsearch's default format (\"2024-05-01T12:00:00Z\" or epoch"
                + " milliseconds); Elasticsearch would refuse to index this event [RF6011]";
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF6011")).extracting(Diagnostic::format).containsExactly(
                "fixtures/cmd/negative.ndjson:1:1: error: @timestamp is mapped as date, found the boolean true" + why,
                "fixtures/cmd/positive.ndjson:3:1: error: @timestamp is mapped as date, found the string \"garbage\"" + why,
                "fixtures/cmd/positive.ndjson:4:1: error: @timestamp is mapped as date, found the number 99999999999999999999999" + why);
        assertThat(report.summary()).contains("FAIL rules/cmd.toml — Cmd");
    }
}
