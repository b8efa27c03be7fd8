package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.cli.RuleforgeCli;
import io.ruleforge.testing.LocalElasticsearch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ruleforge test --engine URL}: the fixtures are decided by the Elasticsearch at URL, the report says so,
 * a failing case is explained by the clause the engine matched (or not), threshold and new_terms cases are grouped by
 * the engine's own aggregations, and no temporary index is left behind.
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
        Map<String, Long> aggregationsBefore = aggregationUsage();
        Run r = cli("test", "--rules", System.getProperty("ruleforge.rules"), "--fixtures", System.getProperty("ruleforge.fixtures"),
                "--out", dir.resolve("out").toString(), "--engine", node.url().toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(r.out()).contains("13 rules tested: 13 passed, 0 failed")
                .contains("verdicts decided by Elasticsearch 8.19.21 at " + node.url());
        assertThat(temporaryIndices()).as("temporary indices left behind").doesNotContain("ruleforge-");
        // the threshold and new_terms cases were grouped by the cluster: it counted the aggregations it ran
        Map<String, Long> aggregationsAfter = aggregationUsage();
        for (String aggregation : List.of("composite", "cardinality", "min", "top_hits")) {
            assertThat(aggregationsAfter.getOrDefault(aggregation, 0L)).as(aggregation + " aggregations run by Elasticsearch")
                    .isGreaterThan(aggregationsBefore.getOrDefault(aggregation, 0L));
        }
    }

    @Test
    void thresholdAndNewTermsCasesWithAWrongExpectationFailWithTheClustersAlerts() throws Exception {
        Path projectRules = Path.of(System.getProperty("ruleforge.rules"));
        Path projectFixtures = Path.of(System.getProperty("ruleforge.fixtures"));
        Files.createDirectories(dir.resolve("rules"));
        for (String stem : List.of("failed_logons_from_one_source", "first_process_for_user_on_host")) {
            Files.copy(projectRules.resolve(stem + ".toml"), dir.resolve("rules/" + stem + ".toml"));
            Files.createDirectories(dir.resolve("fixtures/" + stem + "/cases"));
        }
        String spray = Files.readString(projectFixtures.resolve("failed_logons_from_one_source/cases/spray_from_one_address.json"));
        assertThat(spray).contains("\"count\": 20");
        Files.writeString(dir.resolve("fixtures/failed_logons_from_one_source/cases/wrong_count.json"),
                spray.replace("\"count\": 20", "\"count\": 21"));
        String newTool = Files.readString(projectFixtures.resolve("first_process_for_user_on_host/cases/new_tool.json"));
        assertThat(newTool).contains("\"expect\": {\"alerts\": 1, \"groups\": [");
        // wrong on purpose: chrome.exe ran three days before, in the history window, so it is no new term
        Files.writeString(dir.resolve("fixtures/first_process_for_user_on_host/cases/chrome_is_not_new.json"),
                newTool.replace("\"expect\": {\"alerts\": 1, \"groups\": [", "\"expect\": {\"alerts\": 2, \"groups\": ["
                        + "{\"key\": {\"host.id\": \"host-1\", \"user.name\": \"alice\", \"process.executable\": "
                        + "\"C:\\\\Program Files\\\\Google\\\\Chrome\\\\Application\\\\chrome.exe\"}}, "));
        Map<String, Long> aggregationsBefore = aggregationUsage();

        Run r = cli("test", "--rules", dir.resolve("rules").toString(), "--fixtures", dir.resolve("fixtures").toString(),
                "--out", dir.resolve("out").toString(), "--engine", node.url().toString());

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(r.out()).as(r.out())
                .contains("2 rules tested: 0 passed, 2 failed")
                .contains("source.ip=10.0.0.5: expected a count of 21, found 20")
                .contains("expected 2 alerts, found 1 alert (host.id=host-1, user.name=alice, "
                        + "process.executable=C:\\Users\\alice\\AppData\\Local\\Temp\\rclone.exe)")
                .contains("expected an alert for host.id=host-1, user.name=alice, "
                        + "process.executable=C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe, found none")
                .contains("alerts decided by the aggregations of Elasticsearch 8.19.21 at " + node.url());
        assertThat(aggregationUsage().getOrDefault("composite", 0L)).as("composite aggregations run by Elasticsearch")
                .isGreaterThan(aggregationsBefore.getOrDefault("composite", 0L));
        assertThat(temporaryIndices()).doesNotContain("ruleforge-");
    }

    /**
     * A rule whose window ends a minute before the run ({@code to = "now-1m"}): 19 failures in the window and a 20th
     * 400 ms after its end. The window must be sent with its milliseconds ({@code 11:59:00.000Z}): written
     * {@code 11:59:00Z}, Elasticsearch rounds an {@code lte} bound up to {@code 11:59:00.999Z} and counts the 20th.
     */
    @Test
    void aThresholdWindowEndsAtItsMillisecondOnTheCluster() throws Exception {
        Path projectRules = Path.of(System.getProperty("ruleforge.rules"));
        Path projectFixtures = Path.of(System.getProperty("ruleforge.fixtures"));
        String stem = "failed_logons_from_one_source";
        Files.createDirectories(dir.resolve("late/rules"));
        Files.createDirectories(dir.resolve("late/fixtures/" + stem + "/cases"));
        String rule = Files.readString(projectRules.resolve(stem + ".toml"));
        assertThat(rule).contains("from = \"now-5m\"\n");
        Files.writeString(dir.resolve("late/rules/" + stem + ".toml"), rule.replace("from = \"now-5m\"\n", "from = \"now-6m\"\nto = \"now-1m\"\n"));
        StringBuilder events = new StringBuilder();
        String[] users = {"alice", "bob", "carol"};
        for (int i = 0; i < 20; i++) {
            // 19 in the window 11:54:00.000 … 11:59:00.000, the 20th at 11:59:00.400
            String at = i < 19 ? java.time.Instant.parse("2024-05-01T11:55:00Z").plusSeconds(10L * i).toString() : "2024-05-01T11:59:00.400Z";
            events.append(i == 0 ? "" : ",\n").append("{\"@timestamp\": \"").append(at).append("\", \"event\": {\"category\": [\"authentication\"],"
                    + " \"outcome\": \"failure\"}, \"source\": {\"ip\": \"10.0.0.5\"}, \"user\": {\"name\": \"").append(users[i % 3]).append("\"}}");
        }
        Files.writeString(dir.resolve("late/fixtures/" + stem + "/cases/twentieth_after_the_window.json"),
                "{\"now\": \"2024-05-01T12:00:00.000Z\", \"events\": [\n" + events + "\n], \"expect\": {\"alerts\": 0}}\n");

        for (String engine : new String[]{null, node.url().toString()}) {
            List<String> args = new ArrayList<>(List.of("test", "--rules", dir.resolve("late/rules").toString(), "--fixtures",
                    dir.resolve("late/fixtures").toString(), "--out", dir.resolve("late/out").toString()));
            if (engine != null) {
                args.addAll(List.of("--engine", engine));
            }
            Run r = cli(args.toArray(String[]::new));
            assertThat(r.exit()).as(engine + ": " + r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_OK);
            assertThat(r.out()).as(engine + ": " + r.out()).contains("1 rule tested: 1 passed, 0 failed");
        }
    }

    /**
     * An index with ignore_malformed (a settings-only template, as Elastic's logs@settings): Elasticsearch indexes an
     * event whose address is not one without it, so the exclusion cannot apply; a multi-value keeps its good address;
     * a port that is no number is left out too. The evaluator and the cluster decide every case alike; without the
     * template the cluster would refuse the events, and the fixtures are errors.
     */
    @Test
    void malformedValuesAreDecidedAsAnIndexWithIgnoreMalformedDecidesThem() throws Exception {
        Path root = dir.resolve("malformed");
        Files.createDirectories(root.resolve("rules"));
        Files.createDirectories(root.resolve("fixtures/cmd"));
        Files.writeString(root.resolve("rules/cmd.toml"), RULE.replace("process.name:cmd.exe and not",
                "process.name:cmd.exe and not destination.port < 1024 and not"));
        Files.writeString(root.resolve("fixtures/cmd/positive.ndjson"), """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5","port":4444}}
                {"process":{"name":"cmd.exe"},"destination":{"ip":"not-an-ip","port":4444}}
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5","port":"eighty"}}
                """);
        Files.writeString(root.resolve("fixtures/cmd/negative.ndjson"), """
                {"process":{"name":"cmd.exe"},"destination":{"ip":["10.1.2.3","bad"],"port":4444}}
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5","port":[80,"x"]}}
                """);
        Files.writeString(root.resolve("logs-settings.json"), """
                {"index_patterns":["winlogbeat-*"],"template":{"settings":{"index":{"mapping":{"ignore_malformed":true}}}}}
                """);
        for (String engine : new String[]{null, node.url().toString()}) {
            List<String> args = new ArrayList<>(List.of("test", "--rules", root.resolve("rules").toString(), "--fixtures",
                    root.resolve("fixtures").toString(), "--out", root.resolve("out").toString(), "--no-incremental",
                    "--mapping", root.resolve("logs-settings.json").toString()));
            if (engine != null) {
                args.addAll(List.of("--engine", engine));
            }
            Run r = cli(args.toArray(String[]::new));
            assertThat(r.exit()).as(engine + ": " + r.out() + r.err()).isEqualTo(RuleforgeCli.EXIT_OK);
            assertThat(r.out()).as(engine + ": " + r.out()).contains("3/3 positives fired, 2/2 negatives quiet")
                    .contains("1 rule tested: 1 passed, 0 failed");
        }
        Run refused = cli("test", "--rules", root.resolve("rules").toString(), "--fixtures", root.resolve("fixtures").toString(),
                "--out", root.resolve("out").toString(), "--no-incremental");
        assertThat(refused.exit()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(refused.out()).contains("[RF6011]");
        assertThat(temporaryIndices()).doesNotContain("ruleforge-");
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

    /** How many times the node ran each aggregation type, from its own usage counters ({@code _nodes/usage}). */
    private Map<String, Long> aggregationUsage() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(node.url().resolve("/_nodes/usage")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Long> out = new TreeMap<>();
        for (JsonNode usage : new ObjectMapper().readTree(response.body()).path("nodes")) {
            usage.path("aggregations").fields().forEachRemaining(aggregation -> {
                long runs = 0;
                for (JsonNode count : aggregation.getValue()) {
                    runs += count.asLong();
                }
                out.merge(aggregation.getKey(), runs, Long::sum);
            });
        }
        return out;
    }

    private String temporaryIndices() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(node.url().resolve("/_cat/indices?h=index")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body();
    }
}
