package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's indicator match rule with {@code alert_suppression} (Kibana 8.13+) through the test stage. The
 * expectations are reasoned from Kibana's executor: with suppression configured, {@code createThreatSignals}
 * searches the events {@code asc}; {@code bulkCreateSuppressedAlertsInMemory} partitions the events missing a group
 * field out under {@code doNotSuppress} (written as plain alerts), wraps the others with {@code wrapSuppressedAlerts}
 * (the instance id hashes {@code getSuppressionTerms}: each {@code group_by} field's fields-API values), and the rule
 * registry's {@code alertWithSuppression} keeps the first alert of each instance id, counting the others in
 * {@code kibana.alert.suppression.docs_count}; with a duration an open alert created since {@code now − duration}
 * takes later runs' events of its group (docs_count += their count), per execution it does not.
 *
 * <p>The rule: window {@code now-65m}, interval 1h; the threat query selects the indicators of 203.0.113.7 and
 * 198.51.100.23 (the feed's other two are too old or not {@code ipv4-addr}).
 */
class IndicatorMatchSuppressionTest {

    private static final String RULE = "destination_ip_in_indicator_feed";

    @TempDir
    Path dir;

    /** Five connections to listed addresses and one to an unlisted one, in one run at 12:00 (window 10:55–12:00). */
    private static final String ONE_RUN = """
            {
              "description": "ws-17 twice, ws-18 once, two connections without host.name",
              "now": "2024-05-01T12:00:00.000Z",
              "events": [
                {"@timestamp": "2024-05-01T11:20:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.7"}, "host": {"name": "ws-17"}},
                {"@timestamp": "2024-05-01T11:25:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "198.51.100.23"}, "host": {"name": "ws-17"}},
                {"@timestamp": "2024-05-01T11:30:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.7"}, "host": {"name": "ws-18"}},
                {"@timestamp": "2024-05-01T11:35:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.8"}, "host": {"name": "ws-17"}},
                {"@timestamp": "2024-05-01T11:40:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.7"}},
                {"@timestamp": "2024-05-01T11:45:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.7"}}
              ],
              "expect": {"alerts": 3, "suppressed": 2, "groups": [
                {"key": {"host.name": "ws-17"}, "suppressed": 1},
                {"key": {"host.name": "ws-18"}, "suppressed": 0},
                {"key": {"host.name": null}, "suppressed": 1}
              ]}
            }
            """;

    /**
     * Two hourly runs with a 2h duration. Run 1 (window 10:55–12:00) sees 11:20, 11:30, 11:58 of ws-17: one alert,
     * 2 suppressed, its suppression end 11:58. Run 2 (11:55–13:00) sees 11:58 again, 12:20 (ws-17) and 12:30
     * (ws-18): the open ws-17 alert was created at 12:00, after 13:00 − 2h, so ws-17's events go into it; 11:58 is
     * not after its suppression end (already counted) and is dropped, 12:20 adds 1: docs_count 3. ws-18 gets a new
     * alert.
     */
    private static final String TWO_RUNS = """
            {
              "description": "ws-17 keeps being suppressed into its first alert for the 2h it lasts",
              "runs": ["2024-05-01T12:00:00.000Z", "2024-05-01T13:00:00.000Z"],
              "events": [
                {"@timestamp": "2024-05-01T11:20:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.7"}, "host": {"name": "ws-17"}},
                {"@timestamp": "2024-05-01T11:30:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.7"}, "host": {"name": "ws-17"}},
                {"@timestamp": "2024-05-01T11:58:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "198.51.100.23"}, "host": {"name": "ws-17"}},
                {"@timestamp": "2024-05-01T12:20:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.7"}, "host": {"name": "ws-17"}},
                {"@timestamp": "2024-05-01T12:30:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.7"}, "host": {"name": "ws-18"}}
              ],
              "expect": [
                {"alerts": 1, "suppressed": 2, "groups": [{"key": {"host.name": "ws-17"}, "suppressed": 2}]},
                {"alerts": 1, "suppressed": 1, "groups": [{"key": {"host.name": "ws-18"}, "suppressed": 0}],
                 "updated": [{"key": {"host.name": "ws-17"}, "suppressed": 3}]}
              ]
            }
            """;

    private static final String PER_EXECUTION = """
            [rule.alert_suppression]
            group_by = ["host.name"]
            missing_fields_strategy = "%s"
            """;

    private static final String TWO_HOURS = """
            [rule.alert_suppression]
            group_by = ["host.name"]
            missing_fields_strategy = "suppress"

            [rule.alert_suppression.duration]
            unit = "h"
            value = 2
            """;

    /** The project's rule with {@code suppression} appended (before its first {@code [[rule.threat]]}), and one case. */
    private StageReport test(String suppression, String caseName, String caseJson) throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(dir.resolve("rules"));
        String rule = Files.readString(project.resolve("rules/" + RULE + ".toml"));
        rule = rule.replace("\n[[rule.threat]]", "\n" + suppression + "\n[[rule.threat]]");
        Files.writeString(dir.resolve("rules/" + RULE + ".toml"), rule);
        Path fixtures = dir.resolve("fixtures/" + RULE);
        Files.createDirectories(fixtures.resolve("cases"));
        Files.copy(project.resolve("test-fixtures/" + RULE + "/indicators.ndjson"), fixtures.resolve("indicators.ndjson"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(fixtures.resolve("cases/" + caseName + ".json"), caseJson);
        Ruleforge forge = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false));
        forge.lock();
        return forge.test();
    }

    @Test
    void oneRunGroupsTheMatchedEventsByTheirGroupByValuesAndMissingValuesTogether() throws Exception {
        StageReport report = test(PER_EXECUTION.formatted("suppress"), "one_run", ONE_RUN);
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + RULE + ".toml"));
        assertThat(report.diagnostics()).extracting(Diagnostic::code).isEmpty();
    }

    @Test
    void underDoNotSuppressEachEventMissingAGroupFieldAlertsOnItsOwn() throws Exception {
        // the two connections without host.name are partitioned out and written as two plain alerts: 4 alerts, only
        // ws-17's second connection suppressed
        StageReport report = test(PER_EXECUTION.formatted("doNotSuppress"), "one_run", ONE_RUN);
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("FAIL rules/" + RULE + ".toml"));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains("expected 3 alerts, found 4 alerts",
                "expected 2 suppressed events in all, found 1"));
    }

    @Test
    void anotherGroupByFieldGivesOtherGroups() throws Exception {
        // by destination.ip: 203.0.113.7 (four events, three suppressed) and 198.51.100.23 — two alerts, not three
        StageReport report = test(PER_EXECUTION.formatted("suppress").replace("host.name", "destination.ip"), "one_run", ONE_RUN);
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains("expected 3 alerts, found 2 alerts",
                "expected an alert for host.name=ws-17, found none"));
    }

    @Test
    void withADurationALaterRunSuppressesIntoTheEarlierAlertCountingAnEventBothWindowsSeeOnce() throws Exception {
        StageReport report = test(TWO_HOURS, "two_runs", TWO_RUNS);
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + RULE + ".toml"));
        assertThat(report.diagnostics()).extracting(Diagnostic::code).isEmpty();
    }

    @Test
    void perExecutionALaterRunWritesItsOwnAlertForTheGroup() throws Exception {
        // without a duration the ws-17 alert of run 1 takes nothing from run 2, which writes a new one for 12:20
        // (11:58, counted by run 1's alert up to its suppression end, is dropped by alertWithSuppression's filter)
        StageReport report = test(PER_EXECUTION.formatted("suppress"), "two_runs", TWO_RUNS);
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains("run 2 at 2024-05-01T13:00:00Z: expected 1 alert, found 2 alerts",
                "expected the run to suppress events into the earlier alert host.name=ws-17, found none updated"));
    }
}
