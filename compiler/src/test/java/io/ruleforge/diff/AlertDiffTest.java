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

/** A change of a threshold value or a history window shows the alerts that appear or vanish on the cases. */
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
}
