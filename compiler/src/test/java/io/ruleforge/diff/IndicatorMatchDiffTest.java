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
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An indicator match rule's change — its mapping, threat query, threat filters, indicator path or query — shows the
 * alerts that appear or vanish on the head's cases, each with the event and the indicator that matched it.
 */
class IndicatorMatchDiffTest {

    private static final String RULE = """
            [metadata]
            creation_date = "2020/02/18"
            maturity = "production"
            updated_date = "2020/03/18"

            [rule]
            author = ["ruleforge"]
            description = "Connections to listed addresses."
            name = "Listed"
            risk_score = 73
            rule_id = "00000000-0000-4000-8000-000000000002"
            severity = "high"
            type = "threat_match"
            from = "now-65m"
            language = "kuery"
            index = ["packetbeat-*"]
            threat_index = ["logs-ti_*"]
            threat_indicator_path = "threat.indicator"
            threat_language = "kuery"
            threat_query = '''
            threat.indicator.type:"ipv4-addr"
            '''
            version = 1
            query = '''
            event.category:network
            '''

            [[rule.threat_mapping]]

            [[rule.threat_mapping.entries]]
            field = "destination.ip"
            type = "mapping"
            value = "threat.indicator.ip"
            """;

    /** Line 3 of the case connects to the listed address, line 4 to one listed only as a url's host, line 5 from a listed source. */
    private static final String CASE = """
            {"now": "2024-05-01T12:00:00Z",
             "events": [
             {"@timestamp": "2024-05-01T11:20:00Z", "event": {"category": ["network"]}, "source": {"ip": "10.1.2.3"}, "destination": {"ip": "203.0.113.7"}},
             {"@timestamp": "2024-05-01T11:30:00Z", "event": {"category": ["network"]}, "source": {"ip": "10.1.2.3"}, "destination": {"ip": "192.0.2.50"}},
             {"@timestamp": "2024-05-01T11:40:00Z", "event": {"category": ["network"]}, "source": {"ip": "198.51.100.23"}, "destination": {"ip": "10.9.9.9"}}
             ],
             "expect": {"alerts": 1}}
            """;

    private static final String INDICATORS = """
            {"@timestamp": "2024-04-30T10:00:00Z", "threat": {"feed": {"name": "Feodo"}, "indicator": {"type": "ipv4-addr", "ip": "203.0.113.7"}}}
            {"@timestamp": "2024-04-30T10:00:00Z", "threat": {"feed": {"name": "URLhaus"}, "indicator": {"type": "url", "ip": "192.0.2.50"}}}
            {"@timestamp": "2024-04-30T10:00:00Z", "threat": {"feed": {"name": "Feodo"}, "indicator": {"type": "ipv4-addr", "ip": "198.51.100.23"}}, "intel": {"ip": "203.0.113.7"}}
            """;

    @TempDir
    Path repo;

    @BeforeEach
    void baseCommit() throws Exception {
        write("rules/listed.toml", RULE);
        write("fixtures/listed/cases/connections.json", CASE);
        write("fixtures/listed/indicators.ndjson", INDICATORS);
        Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        git.add().addFilepattern(".").call();
        git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
    }

    private void write(String relative, String content) throws Exception {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String diffMarkdown() throws Exception {
        new Ruleforge(new RuleforgeOptions(repo.resolve("rules"), repo.resolve("fixtures"), repo.resolve("out"),
                repo, List.of(), KibanaVersion.DEFAULT, "ecs", false)).diff("HEAD", Optional.empty());
        return Files.readString(repo.resolve("out/diff.md"));
    }

    /**
     * Commits a case of two connections to the listed 203.0.113.7 from 10.1.2.3 and 10.1.2.4 (neither with a user),
     * two alerts by the committed rule.
     */
    private void commitTwoConnections() throws Exception {
        write("fixtures/listed/cases/connections.json", """
                {"now": "2024-05-01T12:00:00Z",
                 "events": [
                 {"@timestamp": "2024-05-01T11:20:00Z", "event": {"category": ["network"]}, "source": {"ip": "10.1.2.3"}, "destination": {"ip": "203.0.113.7"}},
                 {"@timestamp": "2024-05-01T11:30:00Z", "event": {"category": ["network"]}, "source": {"ip": "10.1.2.4"}, "destination": {"ip": "203.0.113.7"}}
                 ],
                 "expect": {"alerts": 2}}
                """);
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("suppressed").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
    }

    /** The flips of the one changed rule in diff.json, as "event → before/after". */
    private List<String> diffJsonFlips() throws Exception {
        diffMarkdown();
        JsonNode report = new ObjectMapper().readTree(repo.resolve("out/diff.json").toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode flip : report.at("/changed/0/flips")) {
            out.add(flip.path("event").asText() + " → " + flip.path("fired_before").asBoolean() + "/" + flip.path("fires_now").asBoolean());
        }
        return out;
    }

    @Test
    void aMappingOnAnotherFieldLosesTheOldAlertAndGainsTheNewOne() throws Exception {
        write("rules/listed.toml", RULE.replace("field = \"destination.ip\"", "field = \"source.ip\""));
        String md = diffMarkdown();
        assertThat(md).contains("| fixtures/listed/cases/connections.json: alert destination.ip=203.0.113.7 on the event at line 3, "
                + "indicator fixtures/listed/indicators.ndjson#1 {\"type\":\"ipv4-addr\",\"ip\":\"203.0.113.7\"} | fires | **newly quiet** |");
        assertThat(md).contains("| fixtures/listed/cases/connections.json: alert source.ip=198.51.100.23 on the event at line 5, "
                + "indicator fixtures/listed/indicators.ndjson#3 {\"type\":\"ipv4-addr\",\"ip\":\"198.51.100.23\"} | quiet | **newly fires** |");
        assertThat(md).contains("2 of 1 events change verdict").doesNotContain("192.0.2.50 on");
        assertThat(diffJsonFlips()).hasSize(2).anyMatch(f -> f.contains("alert source.ip=198.51.100.23") && f.endsWith("false/true"));
    }

    @Test
    void aWiderThreatQueryGainsTheAlertOfTheIndicatorItNowSelects() throws Exception {
        write("rules/listed.toml", RULE.replace("threat.indicator.type:\"ipv4-addr\"", "threat.indicator.type:(\"ipv4-addr\" or \"url\")"));
        assertThat(diffMarkdown()).contains("| fixtures/listed/cases/connections.json: alert destination.ip=192.0.2.50 on the event at line 4, "
                + "indicator fixtures/listed/indicators.ndjson#2 {\"type\":\"url\",\"ip\":\"192.0.2.50\"} | quiet | **newly fires** |");
        assertThat(diffJsonFlips()).containsExactly("fixtures/listed/cases/connections.json: alert destination.ip=192.0.2.50 on the event at "
                + "line 4, indicator fixtures/listed/indicators.ndjson#2 {\"type\":\"url\",\"ip\":\"192.0.2.50\"} → false/true");
    }

    @Test
    void aNegatedThreatFilterLosesTheAlertOfTheFeedItDrops() throws Exception {
        write("rules/listed.toml", RULE + """

                [[rule.threat_filters]]
                [rule.threat_filters.meta]
                negate = true
                disabled = false
                [rule.threat_filters.query.match_phrase]
                "threat.feed.name" = "Feodo"
                """);
        assertThat(diffJsonFlips()).containsExactly("fixtures/listed/cases/connections.json: alert destination.ip=203.0.113.7 on the event at "
                + "line 3, indicator fixtures/listed/indicators.ndjson#1 {\"type\":\"ipv4-addr\",\"ip\":\"203.0.113.7\"} → true/false");
    }

    @Test
    void anotherIndicatorPathChangesTheEnrichmentOfTheSameAlert() throws Exception {
        write("rules/listed.toml", RULE.replace("threat_indicator_path = \"threat.indicator\"", "threat_indicator_path = \"threat.feed\""));
        assertThat(diffJsonFlips()).containsExactly(
                "fixtures/listed/cases/connections.json: alert destination.ip=203.0.113.7 on the event at line 3, "
                        + "indicator fixtures/listed/indicators.ndjson#1 {\"type\":\"ipv4-addr\",\"ip\":\"203.0.113.7\"} → true/false",
                "fixtures/listed/cases/connections.json: alert destination.ip=203.0.113.7 on the event at line 3, "
                        + "indicator fixtures/listed/indicators.ndjson#1 {\"name\":\"Feodo\"} → false/true");
    }

    @Test
    void aQueryThatNoLongerReturnsTheEventLosesItsAlert() throws Exception {
        write("rules/listed.toml", RULE.replace("event.category:network\n", "event.category:network and not destination.ip:203.0.113.0/24\n"));
        assertThat(diffJsonFlips()).containsExactly("fixtures/listed/cases/connections.json: alert destination.ip=203.0.113.7 on the event at "
                + "line 3, indicator fixtures/listed/indicators.ndjson#1 {\"type\":\"ipv4-addr\",\"ip\":\"203.0.113.7\"} → true/false");
    }

    @Test
    void anotherSuppressionGroupShowsTheSuppressedAlertsThatComeAndGo() throws Exception {
        // base: suppressed by source.ip (per execution). Two connections to the listed 203.0.113.7 from two sources:
        // two groups, two alerts. Head: suppressed by destination.ip: one group, one alert counting the other.
        String suppressed = RULE + "\n[rule.alert_suppression]\ngroup_by = [\"source.ip\"]\n";
        write("rules/listed.toml", suppressed);
        commitTwoConnections();
        write("rules/listed.toml", suppressed.replace("group_by = [\"source.ip\"]", "group_by = [\"destination.ip\"]"));
        assertThat(diffJsonFlips()).containsExactlyInAnyOrder(
                "fixtures/listed/cases/connections.json: alert source.ip=10.1.2.3 → true/false",
                "fixtures/listed/cases/connections.json: alert source.ip=10.1.2.4 → true/false",
                "fixtures/listed/cases/connections.json: alert destination.ip=203.0.113.7 (1 suppressed) → false/true");
    }

    @Test
    void twoAlertsOfOneMissingKeyAreTwoAlertsThatGo() throws Exception {
        // base: suppressed by user.name, missing fields not suppressed. Neither connection has user.name, so Kibana's
        // bulkCreateSuppressedAlertsInMemory writes each as a plain alert (partitionMissingFieldsEvents → wrapHits):
        // two alerts of the same key. Head: suppressed by destination.ip: one alert counting the other. Both base
        // alerts go, each listed.
        String suppressed = RULE + "\n[rule.alert_suppression]\ngroup_by = [\"user.name\"]\nmissing_fields_strategy = \"doNotSuppress\"\n";
        write("rules/listed.toml", suppressed);
        commitTwoConnections();
        write("rules/listed.toml", suppressed.replace("group_by = [\"user.name\"]", "group_by = [\"destination.ip\"]"));
        List<String> flips = diffJsonFlips();
        assertThat(flips).hasSize(3).contains("fixtures/listed/cases/connections.json: alert destination.ip=203.0.113.7 (1 suppressed) → false/true");
        assertThat(flips).filteredOn(f -> f.endsWith("→ true/false")).hasSize(2).anySatisfy(f -> assertThat(f).endsWith(" #2 → true/false"));
    }

    @Test
    void anUnchangedMappingOnlyReformattedGainsAndLosesNothing() throws Exception {
        write("rules/listed.toml", RULE.replace("description = \"Connections to listed addresses.\"", "description = \"Connections to addresses a feed lists.\""));
        String md = diffMarkdown();
        assertThat(md).contains("no fixture or generated event changes verdict (1 evaluated)");
        assertThat(diffJsonFlips()).isEmpty();
    }
}
