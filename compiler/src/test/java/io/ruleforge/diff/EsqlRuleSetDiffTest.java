package io.ruleforge.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.RuleforgeOptions;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ES|QL rules in {@code diff}: a query change by meaning, and the alerts that change on the head's fixtures. */
class EsqlRuleSetDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String HEADER = """
            [metadata]
            creation_date = "2020/02/18"
            maturity = "production"
            updated_date = "2020/03/18"

            [rule]
            author = ["ruleforge"]
            description = "A test rule."
            risk_score = 21
            severity = "low"
            type = "esql"
            language = "esql"
            from = "now-15m"
            interval = "10m"
            version = 1
            """;

    /** Aggregating: one alert per source address with enough failures. */
    private static final String FAILURES = HEADER + """
            name = "Failed Logons"
            rule_id = "00000000-0000-4000-8000-0000000000e1"
            query = '''
            from logs-*
            | where event.outcome == "failure"
            | stats failures = count(*) by source.ip
            | where failures >= 20
            '''
            """;

    /** Not aggregating: one alert per matching event. */
    private static final String CERTUTIL = HEADER + """
            name = "Certutil"
            rule_id = "00000000-0000-4000-8000-0000000000e2"
            query = '''
            from logs-* metadata _id
            | where process.name == "certutil.exe"
            '''
            """;

    @TempDir
    Path repo;

    @BeforeEach
    void baseCommit() throws Exception {
        write("rules/failures.toml", FAILURES);
        write("rules/certutil.toml", CERTUTIL);
        write("fixtures/failures/cases/eight_failures.json", failures("198.51.100.7", 8));
        write("fixtures/failures/cases/thirty_failures.json", failures("203.0.113.9", 30));
        write("fixtures/certutil/positive.ndjson", """
                {"@timestamp":"2026-11-26T10:00:00.000Z","process":{"name":"certutil.exe"}}
                """);
        write("fixtures/certutil/negative.ndjson", """
                // the name in upper case
                {"@timestamp":"2026-11-26T10:00:00.000Z","process":{"name":"CERTUTIL.EXE"}}
                """);
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
    }

    /** A case file of {@code n} failed logons from one address (a minute apart). */
    private static String failures(String ip, int n) throws Exception {
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(JSON.readTree("{\"@timestamp\":\"2026-11-26T09:%02d:00.000Z\",\"event\":{\"outcome\":\"failure\"},\"source\":{\"ip\":\"%s\"},\"user\":{\"name\":\"u%d\"}}"
                    .formatted(i, ip, i)));
        }
        return JSON.writeValueAsString(java.util.Map.of("events", events, "expect", java.util.Map.of("rows", n >= 20 ? 1 : 0)));
    }

    private void write(String relative, String content) throws Exception {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void edit(String relative, String from, String to) throws Exception {
        String text = Files.readString(repo.resolve(relative));
        assertThat(text).contains(from);
        Files.writeString(repo.resolve(relative), text.replace(from, to));
    }

    private void commit(String message) throws Exception {
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage(message).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
    }

    private record Result(String markdown, JsonNode json) {
    }

    private Result diff() throws Exception {
        new Ruleforge(new RuleforgeOptions(repo.resolve("rules"), repo.resolve("fixtures"), repo.resolve("out"),
                repo, List.of(), KibanaVersion.DEFAULT, "ecs", false)).diff("HEAD");
        return new Result(Files.readString(repo.resolve("out/diff.md")), JSON.readTree(repo.resolve("out/diff.json").toFile()));
    }

    @Test
    void aReformattedQueryIsNoChangeInMeaningAndFlipsNothing() throws Exception {
        edit("rules/failures.toml", """
                from logs-*
                | where event.outcome == "failure"
                | stats failures = count(*) by source.ip
                | where failures >= 20""", """
                FROM logs-*  // every log
                | WHERE event.outcome=="failure"
                /* one row per address */
                | STATS `failures` = COUNT(*) BY `source`.`ip` | WHERE (failures >= 20)""");
        Result r = diff();
        assertThat(r.markdown()).contains("### Changed: Failed Logons", "**Query:** reformatted or reordered only — same meaning.",
                "**Detection:** no fixture or generated event changes verdict (2 evaluated).");
        JsonNode change = r.json().at("/changed/0");
        assertThat(change.at("/query/text_changed").asBoolean()).isTrue();
        assertThat(change.at("/query/meaning_changed").asBoolean()).isFalse();
        assertThat(change.path("flips")).isEmpty();
    }

    @Test
    void aLowerThresholdNamesTheChangedCommandAndTheCaseThatNowAlerts() throws Exception {
        edit("rules/failures.toml", "| where failures >= 20", "| where failures >= 5");
        Result r = diff();
        assertThat(r.markdown()).contains("**Query:** meaning changed.",
                "- added: `WHERE failures >= 5`", "- removed: `WHERE failures >= 20`",
                "**Detection:** 1 of 2 events change verdict.",
                "| fixtures/failures/cases/eight\\_failures.json (0 → 1 alerts): row failures=8, source.ip=198.51.100.7 | quiet | **newly fires** |");
        JsonNode change = r.json().at("/changed/0");
        assertThat(change.at("/query/meaning_changed").asBoolean()).isTrue();
        assertThat(change.at("/query/added")).hasSize(1);
        assertThat(change.path("flips")).hasSize(1);
        assertThat(change.at("/flips/0/fires_now").asBoolean()).isTrue();
        // the case with thirty failures alerted before and still does, on the same row
        assertThat(r.markdown()).doesNotContain("thirty_failures.json (");
    }

    @Test
    void anotherSuppressionGroupNamesTheGroupedAlertsThatComeAndGo() throws Exception {
        // base: certutil suppressed by host.name — three runs on ws-1 and ws-2 → ws-1 (1 suppressed) and ws-2. Head:
        // by process.name — one group of all three: certutil.exe (2 suppressed)
        write("rules/certutil.toml", CERTUTIL + "\n[rule.alert_suppression]\ngroup_by = [\"host.name\"]\n");
        write("fixtures/certutil/cases/three_runs.json", """
                {"now": "2026-11-26T10:10:00.000Z",
                 "events": [
                  {"@timestamp": "2026-11-26T10:00:00.000Z", "host": {"name": "ws-1"}, "process": {"name": "certutil.exe"}},
                  {"@timestamp": "2026-11-26T10:01:00.000Z", "host": {"name": "ws-1"}, "process": {"name": "certutil.exe"}},
                  {"@timestamp": "2026-11-26T10:02:00.000Z", "host": {"name": "ws-2"}, "process": {"name": "certutil.exe"}}
                 ],
                 "expect": {"alerts": 2, "groups": [{"key": {"host.name": "ws-1"}, "suppressed": 1}, {"key": {"host.name": "ws-2"}}]}}
                """);
        commit("suppressed");
        edit("rules/certutil.toml", "group_by = [\"host.name\"]", "group_by = [\"process.name\"]");
        Result r = diff();
        assertThat(r.markdown()).contains(
                "| fixtures/certutil/cases/three\\_runs.json (2 → 1 alerts): alert host.name=ws-1 (1 suppressed) | fires | **newly quiet** |",
                "| fixtures/certutil/cases/three\\_runs.json (2 → 1 alerts): alert host.name=ws-2 | fires | **newly quiet** |",
                "| fixtures/certutil/cases/three\\_runs.json (2 → 1 alerts): alert process.name=certutil.exe (2 suppressed) | quiet | **newly fires** |");
    }

    @Test
    void alertsOfEqualKeysAreCountedAndListedEachOnItsOwn() throws Exception {
        // base: suppressed by host.name, missing fields not suppressed — Kibana's bulkCreateSuppressedAlertsInMemory
        // writes each hit missing host.name as a plain alert (partitionMissingFieldsEvents → wrapHits): ws-1 and two
        // alerts of the same (missing) key, 3 in all. Head: by process.name, one group: certutil.exe (2 suppressed).
        // The two keyless alerts are two alerts: the header counts 3, and both are listed.
        write("rules/certutil.toml", CERTUTIL + "\n[rule.alert_suppression]\ngroup_by = [\"host.name\"]\nmissing_fields_strategy = \"doNotSuppress\"\n");
        write("fixtures/certutil/cases/three_runs.json", """
                {"now": "2026-11-26T10:10:00.000Z",
                 "events": [
                  {"@timestamp": "2026-11-26T10:00:00.000Z", "host": {"name": "ws-1"}, "process": {"name": "certutil.exe"}},
                  {"@timestamp": "2026-11-26T10:01:00.000Z", "process": {"name": "certutil.exe"}},
                  {"@timestamp": "2026-11-26T10:02:00.000Z", "process": {"name": "certutil.exe"}}
                 ],
                 "expect": {"alerts": 3, "suppressed": 0}}
                """);
        commit("suppressed");
        edit("rules/certutil.toml", "group_by = [\"host.name\"]", "group_by = [\"process.name\"]");
        Result r = diff();
        List<String> flips = r.markdown().lines().filter(l -> l.contains("three\\_runs.json (")).toList();
        assertThat(flips).hasSize(4).allSatisfy(l -> assertThat(l).contains("(3 → 1 alerts)"));
        assertThat(flips).filteredOn(l -> l.contains("**newly quiet**")).hasSize(3)
                .anySatisfy(l -> assertThat(l).contains(" #2 |"));
    }

    @Test
    void aCaseInsensitiveMatchFlipsTheNegativeEvent() throws Exception {
        edit("rules/certutil.toml", "| where process.name == \"certutil.exe\"", "| where to_lower(process.name) == \"certutil.exe\"");
        Result r = diff();
        assertThat(r.markdown()).contains("- added: `WHERE TO_LOWER(process.name) == \"certutil.exe\"`",
                "**Detection:** 1 of 2 events change verdict.",
                "| fixtures/certutil/negative.ndjson:2 (the name in upper case) | quiet | **newly fires** |");
    }

    @Test
    void aConditionAddedToAWhereIsListedAloneAndSilencesTheCaseItExcludes() throws Exception {
        edit("rules/failures.toml", "| where event.outcome == \"failure\"",
                "| where event.outcome == \"failure\" and source.ip != \"203.0.113.9\"");
        Result r = diff();
        assertThat(r.markdown()).contains("- added: `WHERE … AND source.ip != \"203.0.113.9\"`",
                "| fixtures/failures/cases/thirty\\_failures.json (1 → 0 alerts): row failures=30, source.ip=203.0.113.9 | fires | **newly quiet** |")
                .doesNotContain("- removed:");
    }
}
