package io.ruleforge.diff;

import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.RuleforgeOptions;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A change of a threshold value, a history window, an EQL sequence's maxspan or its suppression shows the alerts
 * that appear or vanish on the cases.
 */
class AlertDiffTest {

    private static final String BURST = """
            [metadata]
            creation_date = "2020/02/18"
            maturity = "production"
            updated_date = "2020/03/18"

            [rule]
            author = ["ruleforge"]
            description = "Many connections from cmd.exe."
            name = "Burst"
            risk_score = 21
            rule_id = "00000000-0000-4000-8000-000000000001"
            severity = "low"
            type = "threshold"
            from = "now-5m"
            language = "kuery"
            index = ["winlogbeat-*"]
            version = 1
            query = '''
            process.name:cmd.exe
            '''

            [rule.threshold]
            field = ["destination.ip"]
            value = 3
            """;

    @TempDir
    Path repo;

    @BeforeEach
    void baseCommit() throws Exception {
        write("rules/burst.toml", BURST);
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            events.append(i == 0 ? "" : ",\n").append("{\"@timestamp\": \"2024-05-01T11:58:0").append(i)
                    .append("Z\", \"process\": {\"name\": \"cmd.exe\"}, \"destination\": {\"ip\": \"203.0.113.5\"}}");
        }
        write("fixtures/burst/cases/three.json", "{\"now\": \"2024-05-01T12:00:00Z\", \"events\": [\n" + events
                + "], \"expect\": {\"alerts\": 1}}\n");
        Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        git.add().addFilepattern(".").call();
        git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
    }

    private void write(String relative, String content) throws Exception {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void raisingTheThresholdValueShowsTheAlertThatVanishes() throws Exception {
        write("rules/burst.toml", BURST.replace("value = 3", "value = 4"));
        new Ruleforge(new RuleforgeOptions(repo.resolve("rules"), repo.resolve("fixtures"), repo.resolve("out"),
                repo, List.of(), KibanaVersion.DEFAULT, "ecs", false)).diff("HEAD", Optional.empty());
        String markdown = Files.readString(repo.resolve("out/diff.md"));
        assertThat(markdown).contains("| fixtures/burst/cases/three.json: alert destination.ip=203.0.113.5 | fires | **newly quiet** |");
    }

    private static final String NET_SEQUENCE = """
            [metadata]
            creation_date = "2020/02/18"
            maturity = "production"
            updated_date = "2020/03/18"

            [rule]
            author = ["ruleforge"]
            description = "net.exe, then net1.exe on the same host."
            name = "Net Then Net1"
            risk_score = 21
            rule_id = "00000000-0000-4000-8000-000000000002"
            severity = "low"
            type = "eql"
            from = "now-6m"
            language = "eql"
            index = ["winlogbeat-*"]
            version = 1
            query = '''
            sequence by host.name with maxspan=1m [process where process.name == "net.exe"] [process where process.name == "net1.exe"]
            '''
            """;

    private void commitNetSequence() throws Exception {
        write("rules/net_sequence.toml", NET_SEQUENCE);
        // two sequences on ws-1, 30 s and 50 s long, by alice and bob
        write("fixtures/net_sequence/cases/two.json", """
                {"now": "2024-05-01T12:00:00Z", "events": [
                {"@timestamp": "2024-05-01T11:55:00Z", "event": {"category": ["process"]}, "process": {"name": "net.exe"}, "host": {"name": "ws-1"}, "user": {"name": "alice"}},
                {"@timestamp": "2024-05-01T11:55:30Z", "event": {"category": ["process"]}, "process": {"name": "net1.exe"}, "host": {"name": "ws-1"}, "user": {"name": "alice"}},
                {"@timestamp": "2024-05-01T11:57:00Z", "event": {"category": ["process"]}, "process": {"name": "net.exe"}, "host": {"name": "ws-1"}, "user": {"name": "bob"}},
                {"@timestamp": "2024-05-01T11:57:50Z", "event": {"category": ["process"]}, "process": {"name": "net1.exe"}, "host": {"name": "ws-1"}, "user": {"name": "bob"}}
                ], "expect": {"alerts": 2}}
                """);
        try (Git git = Git.open(repo.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("eql").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
    }

    private String diff() throws Exception {
        new Ruleforge(new RuleforgeOptions(repo.resolve("rules"), repo.resolve("fixtures"), repo.resolve("out"),
                repo, List.of(), KibanaVersion.DEFAULT, "ecs", false)).diff("HEAD", Optional.empty());
        return Files.readString(repo.resolve("out/diff.md"));
    }

    @Test
    void shorteningAnEqlSequencesMaxspanShowsTheSequenceAlertThatVanishes() throws Exception {
        commitNetSequence();
        write("rules/net_sequence.toml", NET_SEQUENCE.replace("maxspan=1m", "maxspan=40s"));
        String markdown = diff();
        assertThat(markdown).contains("| fixtures/net\\_sequence/cases/two.json: alert on the sequence of events #3, #4 | fires | **newly quiet** |");
        assertThat(markdown).doesNotContain("events #1, #2 |");
    }

    @Test
    void suppressingAnEqlRuleShowsItsAlertsBecomingGroups() throws Exception {
        commitNetSequence();
        write("rules/net_sequence.toml", NET_SEQUENCE + """

                [rule.alert_suppression]
                group_by = ["host.name"]
                missing_fields_strategy = "suppress"
                """);
        String markdown = diff();
        assertThat(markdown).contains("| fixtures/net\\_sequence/cases/two.json: alert host.name=ws-1 (1 suppressed) | quiet | **newly fires** |");
        assertThat(markdown).contains("| fixtures/net\\_sequence/cases/two.json: alert on the sequence of events #1, #2 | fires | **newly quiet** |");
    }
}
