package io.ruleforge.evaluate;

import io.ruleforge.cli.RuleforgeCli;
import io.ruleforge.testing.LocalElasticsearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ruleforge test --engine URL}: the fixtures are decided by the Elasticsearch at URL, the report says so,
 * a failing case is explained by the clause the engine matched (or not), and no temporary index is left behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineLiveModeIT {

    private static final String RULE = """
            [metadata]
            creation_date = "2020/02/18"
            maturity = "production"
            updated_date = "2020/03/18"

            [rule]
            author = ["ruleforge"]
            description = "cmd.exe making a network connection."
            name = "Cmd"
            risk_score = 21
            rule_id = "3b3b4e4c-0b7f-4a43-9d5c-1f0e6a1b2c3d"
            severity = "low"
            type = "query"
            language = "kuery"
            index = ["winlogbeat-*"]
            query = '''
            process.name:cmd.exe and not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)
            '''
            """;

    private LocalElasticsearch node;

    @TempDir
    Path dir;

    @BeforeAll
    void startElasticsearch() {
        node = LocalElasticsearch.start();
    }

    @AfterAll
    void stopElasticsearch() {
        if (node != null) {
            node.close();
        }
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theProjectsFixturesPassWhenElasticsearchDecides() throws Exception {
        Run r = cli("test", "--rules", System.getProperty("ruleforge.rules"), "--fixtures", System.getProperty("ruleforge.fixtures"),
                "--out", dir.resolve("out").toString(), "--engine", node.url().toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(r.out()).contains("9 rules tested: 9 passed, 0 failed")
                .contains("verdicts decided by Elasticsearch 8.19.21 at " + node.url());
        assertThat(temporaryIndices()).as("temporary indices left behind").doesNotContain("ruleforge-");
    }

    @Test
    void aFailingCaseIsExplainedByTheClauseElasticsearchMatched() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/cmd.toml"), RULE);
        Files.createDirectories(dir.resolve("fixtures/cmd"));
        Files.writeString(dir.resolve("fixtures/cmd/positive.ndjson"), String.join("\n",
                "{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"203.0.113.5\"}}",
                "// wrong on purpose: an internal address is excluded",
                "{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"10.1.2.3\"}}",
                "// wrong on purpose: process.name is case-sensitive",
                "{\"process\":{\"name\":\"CMD.EXE\"},\"destination\":{\"ip\":\"203.0.113.5\"}}", ""));
        Files.writeString(dir.resolve("fixtures/cmd/negative.ndjson"),
                "{\"process\":{\"name\":\"powershell.exe\"},\"destination\":{\"ip\":\"203.0.113.5\"}}\n");

        Run r = cli("test", "--rules", dir.resolve("rules").toString(), "--fixtures", dir.resolve("fixtures").toString(),
                "--out", dir.resolve("out").toString(), "--engine", node.url().toString());

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(r.out()).contains("1/3 positives fired")
                .contains("positive.ndjson:3 (wrong on purpose: an internal address is excluded), but it stayed quiet: "
                        + "Elasticsearch: bool.filter[1].bool.must_not.bool.should[0].bool.should[0]: match destination.ip "
                        + "\"10.0.0.0/8\" matched (destination.ip: \"10.1.2.3\")")
                .contains("positive.ndjson:5 (wrong on purpose: process.name is case-sensitive), but it stayed quiet: "
                        + "Elasticsearch: bool.filter[0].bool.should[0]: term process.name \"cmd.exe\" did not match "
                        + "(process.name: \"CMD.EXE\")")
                .contains("verdicts decided by Elasticsearch 8.19.21");
        String xml = Files.readString(dir.resolve("out/reports/TEST-ruleforge.cmd.xml"));
        assertThat(xml).contains("Elasticsearch: bool.filter[0].bool.should[0]: term process.name")
                .contains("<property name=\"verdicts.decided_by\" value=\"Elasticsearch 8.19.21 at " + node.url() + "\"");
        assertThat(temporaryIndices()).doesNotContain("ruleforge-");
    }

    private String temporaryIndices() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(node.url().resolve("/_cat/indices?h=index")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
