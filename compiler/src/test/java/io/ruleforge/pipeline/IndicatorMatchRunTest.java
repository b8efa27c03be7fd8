package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The project's indicator match rule through the whole test stage: its cases, their boundaries, and broken inputs. */
class IndicatorMatchRunTest {

    private static final String RULE = "destination_ip_in_indicator_feed";

    @TempDir
    Path dir;

    private StageReport test() throws Exception {
        return test(KibanaVersion.DEFAULT);
    }

    private StageReport test(KibanaVersion version) throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(dir.resolve("rules"));
        Files.copy(project.resolve("rules/" + RULE + ".toml"), dir.resolve("rules/" + RULE + ".toml"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Ruleforge forge = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out-" + version.label()), dir,
                List.of(), version, "ecs", false));
        forge.lock();
        return forge.test();
    }

    private void copyFixtures() throws Exception {
        Path from = Path.of("../test-fixtures/" + RULE).toAbsolutePath().normalize();
        Path to = dir.resolve("fixtures/" + RULE);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    @Test
    void theProjectsCasesGiveTheirAlertsAndTheirBoundariesHold() throws Exception {
        copyFixtures();
        StageReport report = test();
        assertThat(report.summary()).contains("PASS rules/" + RULE + ".toml — Connection To An IP Address From An Indicator Feed",
                "     validated, compiled (DSL, EQL), 6/6 alert cases gave their alerts, 9/9 generated boundary cases");
        assertThat(report.diagnostics()).extracting(Diagnostic::code).isEmpty();
    }

    @Test
    void anIndicatorWithSeveralValuesMatchesOnItsFirstFromKibana810AndNotAtAllIn89() throws Exception {
        // destination.ip and threat.indicator.ip are both ip fields: Kibana ≥ 8.10 searches the single-entry mapping
        // with its terms shortcut, one terms query of each indicator's first value, so the event to .50 alerts and the
        // one to .51 does not; 8.9 sends the per-indicator bool query, whose clause an indicator with several values
        // in the field does not get: nothing alerts and the case, written for 8.10+, fails.
        copyFixtures();
        Files.writeString(dir.resolve("fixtures/" + RULE + "/cases/multi_valued_indicator.json"), """
                {
                  "description": "an indicator listing two addresses: the first one alerts (Kibana 8.10+)",
                  "now": "2024-05-01T12:00:00.000Z",
                  "events": [
                    {"@timestamp": "2024-05-01T11:20:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.50"}},
                    {"@timestamp": "2024-05-01T11:30:00.000Z", "event": {"category": ["network"]}, "destination": {"ip": "203.0.113.51"}}
                  ],
                  "indicators": [
                    {"@timestamp": "2024-04-29T00:00:00.000Z", "threat": {"indicator": {"type": "ipv4-addr", "ip": ["203.0.113.50", "203.0.113.51"]}}}
                  ],
                  "expect": {"alerts": 1, "groups": [{"key": {"destination.ip": "203.0.113.50"}}]}
                }
                """);
        assertThat(test(KibanaVersion.V8_12).summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + RULE + ".toml"));
        assertThat(test(KibanaVersion.V8_10).summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + RULE + ".toml"));
        StageReport v89 = test(KibanaVersion.V8_9);
        assertThat(v89.summary()).anySatisfy(l -> assertThat(l).startsWith("FAIL rules/" + RULE + ".toml"));
        assertThat(v89.summary()).anySatisfy(l -> assertThat(l).contains("multi_valued_indicator.json",
                "expected an alert for destination.ip=203.0.113.50, found none"));
    }

    /**
     * Kibana hands the rule's exception filter to the threat search too (getThreatList): an item describing the
     * indicator (here its confidence) leaves the indicator out, and with it the alert of the event it would enrich.
     */
    @Test
    void anExceptionItemLeavesOutTheIndicatorsItDescribesToo() throws Exception {
        copyFixtures();
        Files.createDirectories(dir.resolve("exceptions"));
        Files.writeString(dir.resolve("exceptions/confidence.toml"), """
                [[exceptions]]
                [exceptions.container]
                list_id = "high-confidence-only"
                name = "Only high-confidence indicators"
                description = "d"
                type = "detection"
                [[exceptions.items]]
                item_id = "high"
                name = "High confidence"
                description = "d"
                [[exceptions.items.entries]]
                field = "threat.indicator.confidence"
                operator = "included"
                type = "match"
                value = "High"
                """);
        Path project = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/" + RULE + ".toml"), Files.readString(project.resolve("rules/" + RULE + ".toml")) + """

                [[rule.exceptions_list]]
                id = "high-confidence-only"
                list_id = "high-confidence-only"
                namespace_type = "single"
                type = "detection"
                """);
        Ruleforge forge = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false));
        forge.lock();
        StageReport report = forge.test();

        // the events have no confidence, so the item leaves none of them out: only the indicator of 203.0.113.7 goes
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains("connection_to_listed_address.json",
                "expected an alert for destination.ip=203.0.113.7, found none"));
    }

    @Test
    void aWrongExpectationFailsNamingWhatWasFound() throws Exception {
        copyFixtures();
        Path c = dir.resolve("fixtures/" + RULE + "/cases/connection_to_listed_address.json");
        Files.writeString(c, Files.readString(c).replace("\"key\": {\"destination.ip\": \"203.0.113.7\"}", "\"key\": {\"destination.ip\": \"203.0.113.8\"}"));
        StageReport report = test();
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("FAIL rules/" + RULE + ".toml"));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains(
                "expected an alert for destination.ip=203.0.113.8, found none",
                "the threat query selects 2 of 4 indicators"));
    }

    @Test
    void aBrokenIndicatorFileIsAnErrorAtItsLine() throws Exception {
        copyFixtures();
        Files.writeString(dir.resolve("fixtures/" + RULE + "/indicators.ndjson"), "{\"threat\":{\"indicator\":{\"ip\":\"203.0.113.7\"}}}\n{\"threat\": \n");
        StageReport report = test();
        assertThat(report.diagnostics()).anySatisfy(d -> {
            assertThat(d.code()).isEqualTo("RF6001");
            // the unclosed line itself, not the end of the file the parser reached looking for its end
            assertThat(d.position().toString()).contains("indicators.ndjson:2:");
        });
        assertThat(report.testsFailed()).isTrue();
    }

    @Test
    void singleEventFixturesOfAnIndicatorMatchRuleAreAnErrorWithTheFix() throws Exception {
        copyFixtures();
        Files.writeString(dir.resolve("fixtures/" + RULE + "/positive.ndjson"), "{\"destination\":{\"ip\":\"203.0.113.7\"}}\n");
        StageReport report = test();
        assertThat(report.diagnostics()).anySatisfy(d -> {
            assertThat(d.code()).isEqualTo("RF6202");
            assertThat(d.message()).contains("threat_match rule alerts on a stream of events");
        });
    }
}
