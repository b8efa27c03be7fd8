package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Threshold rules are tested on streams of events with the alerts they state, never on single events. */
class AlertCaseRunTest {

    @TempDir
    Path dir;

    private static final String THRESHOLD_RULE = RuleforgeTest.RULE.replace("NAME", "Burst").replace("RULE_ID", "00000000-0000-4000-8000-000000000001")
            .replace("type = \"query\"", "type = \"threshold\"\nfrom = \"now-5m\"") + """

            [rule.threshold]
            field = ["destination.ip"]
            value = 3
            """;

    private StageReport test() {
        Ruleforge forge = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false));
        forge.lock();
        return forge.test();
    }

    private void write(String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String stream(int events, String expect) {
        StringBuilder json = new StringBuilder("{\"now\": \"2024-05-01T12:00:00Z\", \"events\": [\n");
        for (int i = 0; i < events; i++) {
            json.append(i == 0 ? "" : ",\n").append("{\"@timestamp\": \"2024-05-01T11:5").append(6 + i % 3)
                    .append(":0").append(i % 10).append("Z\", \"process\": {\"name\": \"cmd.exe\"}, \"destination\": {\"ip\": \"8.8.8.8\"}}");
        }
        return json.append("],\n\"expect\": ").append(expect).append("}\n").toString();
    }

    @Test
    void casesDecideAThresholdRuleAndBoundaryCasesAreGeneratedFromThem() throws Exception {
        write("rules/burst.toml", THRESHOLD_RULE);
        write("fixtures/burst/cases/three.json", stream(3, "{\"alerts\": 1, \"groups\": [{\"key\": {\"destination.ip\": \"8.8.8.8\"}, \"count\": 3}]}"));
        write("fixtures/burst/cases/two.json", stream(2, "{\"alerts\": 0}"));
        StageReport report = test();
        assertThat(report.summary()).contains("PASS rules/burst.toml — Burst");
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains("2/2 alert cases gave their alerts", "4/4 generated boundary cases"));
        assertThat(report.testsFailed()).isFalse();
    }

    /** Cases that only stay quiet pass as well for a rule that can never fire: the rule is not shown to alert. */
    @Test
    void aRuleWhoseCasesNeverAlertIsNotShownToFire() throws Exception {
        write("rules/burst.toml", THRESHOLD_RULE);
        write("fixtures/burst/cases/two.json", stream(2, "{\"alerts\": 0}"));
        StageReport report = test();
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF6003")).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("no case in which it alerts"));
        write("fixtures/burst/cases/three.json", stream(3, "{\"alerts\": 1}"));
        assertThat(test().diagnostics()).extracting(Diagnostic::code).doesNotContain("RF6003");
    }

    /**
     * destination.ip is an ip field: Elasticsearch stores {@code ::ffff:8.8.8.8} as {@code 8.8.8.8}, so the three
     * events are one bucket, keyed {@code 8.8.8.8}; a key stated in either form names it.
     */
    @Test
    void aCaseKeyIsReadAsTheFieldsTypeStoresIt() throws Exception {
        write("rules/burst.toml", THRESHOLD_RULE);
        for (String stated : List.of("8.8.8.8", "::ffff:8.8.8.8")) {
            write("fixtures/burst/cases/three.json", stream(3, "{\"alerts\": 1, \"groups\": [{\"key\": {\"destination.ip\": \"" + stated + "\"}, \"count\": 3}]}")
                    .replaceFirst("\"8\\.8\\.8\\.8\"", "\"::ffff:8.8.8.8\""));
            StageReport report = test();
            assertThat(report.summary()).as(stated).contains("PASS rules/burst.toml — Burst");
        }
    }

    @Test
    void aCaseStatingOtherAlertsFailsSayingWhatDiffers() throws Exception {
        write("rules/burst.toml", THRESHOLD_RULE);
        write("fixtures/burst/cases/two.json", stream(2, "{\"alerts\": 1}"));
        StageReport report = test();
        assertThat(report.summary()).contains("FAIL rules/burst.toml — Burst");
        // the group that wrote no alert is named with its count against the threshold
        assertThat(report.summary()).contains("     ✗ fixtures/burst/cases/two.json: expected 1 alert, found 0 alerts — the window"
                + " 2024-05-01T11:55:00Z … 2024-05-01T12:00:00Z; below the threshold of 3: destination.ip=8.8.8.8: 2 events");
        // the JUnit failure names the case and its events, not the first event as if it alone should have fired
        String xml = Files.readString(dir.resolve("out/reports/TEST-ruleforge.burst.xml"));
        assertThat(xml).contains("type=\"AlertsDiffer\"").contains("case: fixtures/burst/cases/two.json:1 (2 events)")
                .contains("result: expected 1 alert, found 0 alerts").doesNotContain("RuleDidNotFire");
    }

    private static final String ESQL_RULE = RuleforgeTest.RULE.replace("NAME", "Fan-out").replace("RULE_ID", "00000000-0000-4000-8000-000000000002")
            .replace("type = \"query\"", "type = \"esql\"").replace("language = \"kuery\"", "language = \"esql\"")
            .replace("index = [\"winlogbeat-*\"]\n", "")
            .replace("process.name:cmd.exe and\n  not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)",
                    "from logs-* | where process.name == \"cmd.exe\"\n| stats Esql.destinations = count_distinct(destination.ip) by host.name"
                            + "\n| where Esql.destinations >= 2");

    private static String esqlCase(String now, String expect) {
        return "{" + now + "\"events\": [\n"
                + "{\"@timestamp\": \"2024-05-01T11:56:00Z\", \"host\": {\"name\": \"h1\"}, \"process\": {\"name\": \"cmd.exe\"}, \"destination\": {\"ip\": \"8.8.8.8\"}},\n"
                + "{\"@timestamp\": \"2024-05-01T11:57:00Z\", \"host\": {\"name\": \"h1\"}, \"process\": {\"name\": \"cmd.exe\"}, \"destination\": {\"ip\": \"1.1.1.1\"}},\n"
                + "{\"@timestamp\": \"2024-05-01T11:58:00Z\", \"host\": {\"name\": \"h2\"}, \"process\": {\"name\": \"cmd.exe\"}, \"destination\": {\"ip\": \"8.8.8.8\"}}],\n"
                + "\"expect\": " + expect + "}\n";
    }

    @Test
    void anEsqlRuleIsDecidedByTheSameCaseFilesStatingItsRowsOrItsAlerts() throws Exception {
        write("rules/fanout.toml", ESQL_RULE);
        write("fixtures/fanout/cases/rows.json", esqlCase("", "{\"rows\": [{\"host.name\": \"h1\", \"Esql.destinations\": 2}]}"));
        write("fixtures/fanout/cases/alerts.json", esqlCase("\"now\": \"2024-05-01T12:00:00Z\", ", "{\"alerts\": 1}"));
        StageReport report = test();
        assertThat(report.summary()).contains("PASS rules/fanout.toml — Fan-out",
                "     validated, evaluated (ES|QL), 2/2 alert cases gave their alerts");
        assertThat(report.testsFailed()).isFalse();
    }

    @Test
    void anEsqlCaseStatingOtherRowsFailsAndABadOneIsAPositionedError() throws Exception {
        write("rules/fanout.toml", ESQL_RULE);
        write("fixtures/fanout/cases/other_host.json", esqlCase("", "{\"rows\": [{\"host.name\": \"h2\"}]}"));
        write("fixtures/fanout/cases/bad.json", esqlCase("", "{\"rows\": -1}"));
        write("fixtures/fanout/cases/notes.txt", "not a case");
        StageReport report = test();
        assertThat(report.summary()).contains("FAIL rules/fanout.toml — Fan-out");
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith(
                "     ✗ fixtures/fanout/cases/other_host.json: 1 alert; first row: ").endsWith("; no row has {\"host.name\":\"h2\"}"));
        assertThat(report.diagnostics()).extracting(Diagnostic::format).contains(
                "fixtures/fanout/cases/bad.json:5:20: error: expected \"rows\" to be a whole number ≥ 0 or an array of rows ({column: value}), found the number -1 [RF6201]",
                "fixtures/fanout/cases/notes.txt: warning: file in a cases folder is never read: only <name>.json case files are [RF6205]");
    }

    @Test
    void singleEventFixturesOfAThresholdRuleAreAnErrorWithTheFix() throws Exception {
        write("rules/burst.toml", THRESHOLD_RULE);
        write("fixtures/burst/positive.ndjson", "{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"8.8.8.8\"}}\n");
        write("fixtures/burst/cases/three.json", stream(3, "{\"alerts\": 1}"));
        StageReport report = test();
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF6202")).singleElement().satisfies(d -> {
            assertThat(d.format()).isEqualTo("fixtures/burst/positive.ndjson: error: a threshold rule alerts on a stream of events, never on one: "
                    + "single-event fixtures cannot show what it alerts on, so they are not run [RF6202]");
            assertThat(d.hint()).startsWith("move the events into fixtures/burst/cases/<name>.json");
        });
        assertThat(report.summary()).contains("FAIL rules/burst.toml — Burst");
    }

    @Test
    void aThresholdRuleWithoutCasesIsUntested() throws Exception {
        write("rules/burst.toml", THRESHOLD_RULE);
        Files.createDirectories(dir.resolve("fixtures"));
        StageReport report = test();
        assertThat(report.summary()).contains("UNTESTED rules/burst.toml — Burst");
        // the only rule untested: the run tested none (RF6017)
        assertThat(report.diagnostics()).extracting(Diagnostic::code).containsExactlyInAnyOrder("RF6002", "RF6017");
    }

    @Test
    void aMalformedCaseFailsTheRuleAtItsPosition() throws Exception {
        write("rules/burst.toml", THRESHOLD_RULE);
        write("fixtures/burst/cases/bad.json", "{\"now\": \"2024-05-01T12:00:00Z\", \"events\": [], \"expect\": {\"alerts\": 0}}");
        StageReport report = test();
        assertThat(report.summary()).contains("FAIL rules/burst.toml — Burst",
                "     ✗ fixtures/burst/cases/bad.json:1:43: expected at least one event, found an empty array");
    }

    private static final String EQL_SEQUENCE_RULE = RuleforgeTest.RULE.replace("NAME", "Net Then Net1").replace("RULE_ID", "00000000-0000-4000-8000-000000000003")
            .replace("type = \"query\"", "type = \"eql\"\nfrom = \"now-6m\"").replace("language = \"kuery\"", "language = \"eql\"")
            .replace("process.name:cmd.exe and\n  not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)",
                    "sequence by host.name with maxspan=1m [process where process.name == \"net.exe\"] [process where process.name == \"net1.exe\"]")
            + """

            [rule.alert_suppression]
            group_by = ["host.name", "user.name"]
            missing_fields_strategy = "suppress"
            """;

    /** net.exe then net1.exe 20 s later on ws-1, once per user given (a user "-" leaves user.name out). */
    private static String sequences(String expect, String... users) {
        StringBuilder json = new StringBuilder("{\"now\": \"2024-05-01T12:00:00Z\", \"events\": [\n");
        for (int i = 0; i < users.length; i++) {
            String user = users[i].equals("-") ? "" : ", \"user\": {\"name\": \"" + users[i] + "\"}";
            json.append(i == 0 ? "" : ",\n").append("{\"@timestamp\": \"2024-05-01T11:5").append(5 + i).append(":00Z\", \"event\": {\"category\": [\"process\"]}, ")
                    .append("\"process\": {\"name\": \"net.exe\"}, \"host\": {\"name\": \"ws-1\"}").append(user).append("},\n")
                    .append("{\"@timestamp\": \"2024-05-01T11:5").append(5 + i).append(":20Z\", \"event\": {\"category\": [\"process\"]}, ")
                    .append("\"process\": {\"name\": \"net1.exe\"}, \"host\": {\"name\": \"ws-1\"}").append(user).append("}");
        }
        return json.append("],\n\"expect\": ").append(expect).append("}\n").toString();
    }

    @Test
    void casesDecideAnEqlSequenceRuleWithSuppression() throws Exception {
        write("rules/net.toml", EQL_SEQUENCE_RULE);
        write("fixtures/net/cases/alice_twice_bob_once.json", sequences("{\"alerts\": 2, \"suppressed\": 1, \"groups\": ["
                + "{\"key\": {\"host.name\": \"ws-1\", \"user.name\": \"alice\"}, \"suppressed\": 1},"
                + "{\"key\": {\"host.name\": \"ws-1\", \"user.name\": \"bob\"}, \"suppressed\": 0}]}", "alice", "bob", "alice"));
        write("fixtures/net/cases/no_user.json", sequences("{\"alerts\": 1, \"groups\": ["
                + "{\"key\": {\"host.name\": \"ws-1\", \"user.name\": null}, \"suppressed\": 1}]}", "-", "-"));
        StageReport report = test();
        assertThat(report.summary()).contains("PASS rules/net.toml — Net Then Net1");
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains("2/2 alert cases gave their alerts"));
        assertThat(report.diagnostics()).extracting(Diagnostic::code).doesNotContain("RF6203");
        assertThat(report.testsFailed()).isFalse();
    }

    @Test
    void anEqlCaseStatingOtherGroupsFailsNamingTheSequencesFound() throws Exception {
        write("rules/net.toml", EQL_SEQUENCE_RULE);
        write("fixtures/net/cases/wrong.json", sequences("{\"alerts\": 3}", "alice", "alice", "alice"));
        StageReport report = test();
        assertThat(report.summary()).contains("FAIL rules/net.toml — Net Then Net1");
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("     ✗ fixtures/net/cases/wrong.json: expected 3 alerts, found 1 alert "
                + "(host.name=ws-1, user.name=alice: a sequence of 2 events, 2 suppressed)"));
    }

    @Test
    void anEqlCaseOfSeveralRunsCarriesWhatWasWrittenAcrossRuns() throws Exception {
        // suppressed per rule execution by host.name + user.name; from now-6m, interval 5m; runs 12:00 (11:54–12:00)
        // and 12:05 (11:59–12:05). alice's sequences at 11:55:00→11:55:20 and 11:59:30→11:59:50: run 12:00 finds both
        // → one alert, the other suppressed. Run 12:05 finds the second again: it was suppressed, not written (no alert
        // id), and per execution an earlier run's alert takes nothing → a new alert; the first sequence, written
        // by run 12:00, is outside this window. bob's 12:01→12:01:20 → a second alert of run 12:05.
        write("rules/net.toml", EQL_SEQUENCE_RULE);
        String alice = "\"host\": {\"name\": \"ws-1\"}, \"user\": {\"name\": \"alice\"}";
        String bob = "\"host\": {\"name\": \"ws-1\"}, \"user\": {\"name\": \"bob\"}";
        write("fixtures/net/cases/two_runs.json", "{\"runs\": [\"2024-05-01T12:00:00Z\", \"2024-05-01T12:05:00Z\"], \"events\": [\n"
                + event("11:55:00", "net.exe", alice) + ",\n" + event("11:55:20", "net1.exe", alice) + ",\n"
                + event("11:59:30", "net.exe", alice) + ",\n" + event("11:59:50", "net1.exe", alice) + ",\n"
                + event("12:01:00", "net.exe", bob) + ",\n" + event("12:01:20", "net1.exe", bob) + "],\n"
                + "\"expect\": [{\"alerts\": 1, \"suppressed\": 1}, {\"alerts\": 2, \"suppressed\": 0}]}\n");
        StageReport report = test();
        assertThat(report.diagnostics()).extracting(Diagnostic::code).doesNotContain("RF6201");
        assertThat(report.summary()).contains("PASS rules/net.toml — Net Then Net1");
        // the same case stating that run 12:05 folds alice into run 12:00's alert fails, naming what it found
        write("fixtures/net/cases/two_runs.json", java.nio.file.Files.readString(dir.resolve("fixtures/net/cases/two_runs.json"))
                .replace("{\"alerts\": 2, \"suppressed\": 0}", "{\"alerts\": 1, \"suppressed\": 0}"));
        StageReport wrong = test();
        assertThat(wrong.summary()).contains("FAIL rules/net.toml — Net Then Net1");
        assertThat(wrong.summary()).anySatisfy(l -> assertThat(l).contains("two_runs.json", "run 2 at 2024-05-01T12:05:00Z: expected 1 alert"));
    }

    private static String event(String time, String process, String who) {
        return "{\"@timestamp\": \"2024-05-01T" + time + "Z\", \"event\": {\"category\": [\"process\"]}, \"process\": {\"name\": \""
                + process + "\"}, " + who + "}";
    }
}
