package io.ruleforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ruleforge replay} end to end: outputs, the alert budget, and bad events as one clear error. */
class ReplayCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    /** The encoded-PowerShell rule's three positive fixture events, twice (two days), and a benign event. */
    private static Path events(Path dir) throws IOException {
        List<String> positives = Files.readAllLines(Path.of("../test-fixtures/encoded_powershell_command/positive.ndjson"))
                .stream().filter(l -> l.startsWith("{")).toList();
        StringBuilder text = new StringBuilder();
        for (String day : List.of("2026-11-23", "2026-11-24")) {
            positives.forEach(p -> text.append(p.replaceAll("\"@timestamp\":\"[^\"]*\"", "\"@timestamp\":\"" + day + "T10:00:00.000Z\"")).append('\n'));
        }
        text.append("{\"@timestamp\":\"2026-11-24T11:00:00Z\",\"event\":{\"category\":[\"process\"],\"type\":[\"start\"]},\"process\":{\"name\":\"notepad.exe\"}}\n");
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void writesTheReportsNoisiestFirstAndAlertsWhenAsked(@TempDir Path dir) throws IOException {
        Path events = events(dir);
        Path out = dir.resolve("out");
        Run r = run("replay", "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", out.toString(),
                "--events", events.toString(), "--alerts", "--threads", "2");

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        long positives = Files.readAllLines(Path.of("../test-fixtures/encoded_powershell_command/positive.ndjson"))
                .stream().filter(l -> l.startsWith("{")).count();
        JsonNode json = JSON.readTree(out.resolve("replay.json").toFile());
        assertThat(json.get("events").asLong()).isEqualTo(2 * positives + 1);
        JsonNode encoded = null;
        for (JsonNode rule : json.get("rules")) {
            if (rule.get("file").asText().endsWith("encoded_powershell_command.toml")) {
                encoded = rule;
            }
        }
        assertThat(encoded).isNotNull();
        assertThat(encoded.get("alerts").asLong()).isEqualTo(2 * positives);
        assertThat(encoded.get("per_day").get("2026-11-23").asLong()).isEqualTo(positives);
        assertThat(encoded.get("first").asText()).isEqualTo("2026-11-23T10:00:00Z");
        assertThat(json.get("rules").get(0).get("alerts").asLong()).isGreaterThanOrEqualTo(encoded.get("alerts").asLong());
        assertThat(Files.readString(out.resolve("replay.md"))).contains("# Replay").contains("encoded_powershell_command.toml");
        List<String> alerts = Files.readAllLines(out.resolve("alerts.ndjson"));
        long total = 0;
        for (JsonNode rule : json.get("rules")) {
            total += rule.get("alerts").asLong();
        }
        assertThat(alerts).hasSize((int) total);
        // each alert says where its events are in the input
        assertThat(alerts).allSatisfy(line -> assertThat(JSON.readTree(line).path("at").get(0).asText()).contains("events.ndjson:"));
        assertThat(r.out()).contains("replayed " + (2 * positives + 1) + " events");
        assertThat(r.err()).as("no progress line when not on a terminal").isEmpty();
    }

    @Test
    void theSummaryCountsOneOfAThingInTheSingular(@TempDir Path dir) throws IOException {
        Path one = Files.writeString(dir.resolve("one.ndjson"), Files.readAllLines(
                Path.of("../test-fixtures/encoded_powershell_command/positive.ndjson")).stream().filter(l -> l.startsWith("{"))
                .findFirst().orElseThrow() + "\n");
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(Path.of("../rules/encoded_powershell_command.toml"), rules.resolve("encoded_powershell_command.toml"));
        Run r = run("replay", "--rules", rules.toString(), "--out", dir.resolve("out").toString(), "--events", one.toString(),
                "--threads", "1");
        assertThat(r.out()).as(r.out() + r.err()).contains("replayed 1 event through 1 rule in ").contains("events/s, 1 thread): 1 alert from 1 rule");
    }

    @Test
    void aRuleNoisierThanTheBudgetFailsNamingTheRule(@TempDir Path dir) throws IOException {
        Path events = events(dir);
        Run r = run("replay", "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", dir.resolve("out").toString(),
                "--events", events.toString(), "--max-alerts", "2");
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(r.out()).contains("RF6502").contains("encoded_powershell_command.toml").contains("more than the budget of 2");
        assertThat(dir.resolve("out/replay.md")).exists();
    }

    @Test
    void eventsThatCannotBeReadAreOneErrorWithFileLineAndColumn(@TempDir Path dir) throws IOException {
        Path events = dir.resolve("bad.ndjson");
        Files.writeString(events, "{\"a\":1}\nnot json\n");
        Path out = Files.createDirectories(dir.resolve("out"));
        // an earlier run's reports: read beside this failure, they would pass for its own
        Files.writeString(out.resolve("replay.md"), "# Replay\n");
        Files.writeString(out.resolve("alerts.ndjson"), "{}\n");
        Run r = run("replay", "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", out.toString(), "--events", events.toString());
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(r.out()).contains("RF6501").contains(":2:").contains("expected one JSON event per line");
        assertThat(r.out() + r.err()).doesNotContain("Exception");
        assertThat(out.resolve("replay.md")).doesNotExist();
        assertThat(out.resolve("alerts.ndjson")).doesNotExist();
    }

    /** PR mode: narrowing the rule to powershell.exe loses exactly the pwsh.exe alerts and gains none. */
    @Test
    void diffWithEventsCountsTheAlertsAChangedRuleGainsAndLoses(@TempDir Path dir) throws Exception {
        Path rule = committedRule(dir);
        Path rules = rule.getParent();
        Files.writeString(rule, Files.readString(rule).replace("(\"powershell.exe\", \"pwsh.exe\")", "\"powershell.exe\""));
        Path events = events(dir);
        long pwsh = Files.readAllLines(events).stream().filter(l -> l.contains("\"name\":\"pwsh.exe\"")).count();
        assertThat(pwsh).isPositive();

        Path out = dir.resolve("out");
        Run r = diff(dir, rules, events.toString());
        JsonNode changes = alertChanges(out);
        assertThat(changes).as(r.out() + r.err()).hasSize(1);
        JsonNode change = changes.get(0);
        assertThat(change.get("lost").asLong()).isEqualTo(pwsh);
        assertThat(change.get("gained").asLong()).isZero();
        assertThat(change.get("base_alerts").asLong() - change.get("head_alerts").asLong()).isEqualTo(pwsh);
        assertThat(change.get("lost_samples").get(0).asText()).contains("events.ndjson:");
        assertThat(Files.readString(out.resolve("diff.md"))).contains("## Alerts on the recorded events").contains("−" + pwsh);
    }

    /**
     * PR mode replays added and removed rules too: how noisy a new rule is is a reviewer's first question. The base
     * side of an added rule and the head side of a removed one are shown as absent, not as 0 of a rule that ran.
     */
    @Test
    void diffWithEventsReplaysAddedAndRemovedRules(@TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        String original = Files.readString(Path.of("../rules/encoded_powershell_command.toml"));
        Files.writeString(rules.resolve("encoded_powershell_command.toml"), original);
        Path doomed = rules.resolve("doomed.toml");
        Files.writeString(doomed, copy(original, "0b3f2a1c-1111-4e2b-8c0d-5f7a9b1c3e64", "Doomed Copy"));
        commitAll(dir);
        Files.delete(doomed);
        Files.writeString(rules.resolve("fresh.toml"), copy(original, "0b3f2a1c-2222-4e2b-8c0d-5f7a9b1c3e64", "Fresh Copy"));
        Path events = events(dir);
        Path replayed = dir.resolve("replayed");
        run("replay", "--rules", rules.toString(), "--fixtures", dir.resolve("fixtures").toString(), "--out", replayed.toString(),
                "--events", events.toString());
        long alerts = JSON.readTree(replayed.resolve("replay.json").toFile()).get("rules").get(0).get("alerts").asLong();
        assertThat(alerts).isPositive();

        Path out = dir.resolve("out");
        Run r = diff(dir, rules, events.toString());
        JsonNode changes = alertChanges(out);
        assertThat(changes).as(r.out() + r.err()).hasSize(2);
        JsonNode added = java.util.stream.StreamSupport.stream(changes.spliterator(), false)
                .filter(c -> c.get("file").asText().endsWith("fresh.toml")).findFirst().orElseThrow();
        assertThat(added.get("change").asText()).isEqualTo("added");
        assertThat(added.get("head_alerts").asLong()).isEqualTo(alerts);
        assertThat(added.get("gained").asLong()).isEqualTo(alerts);
        assertThat(added.get("gained_events")).isNotEmpty();
        JsonNode removed = java.util.stream.StreamSupport.stream(changes.spliterator(), false)
                .filter(c -> c.get("file").asText().endsWith("doomed.toml")).findFirst().orElseThrow();
        assertThat(removed.get("change").asText()).isEqualTo("removed");
        assertThat(removed.get("base_alerts").asLong()).isEqualTo(alerts);
        assertThat(removed.get("lost").asLong()).isEqualTo(alerts);
        assertThat(removed.get("lost_events")).isNotEmpty();
        String md = Files.readString(out.resolve("diff.md"));
        assertThat(md).contains("fresh.toml` | added | – | " + alerts + " | +" + alerts + " | −0 |")
                .contains("doomed.toml` | removed | " + alerts + " | – | +0 | −" + alerts + " |")
                .contains("- gained: `{");
    }

    /**
     * A field the query reads where its values are not: a multi-field ({@code foo.keyword} of a text {@code foo}, as
     * dynamic mapping makes them) and an alias. Replay's shortcuts — the strings an EQL or ES|QL rule requires, the
     * fields an ES|QL run keeps of each event — read them at their parent and target, so every such rule alerts on
     * the events that hold the value.
     */
    @Test
    void rulesOnAMultiFieldOrAnAliasAlertOnTheEventsHoldingTheValue(@TempDir Path dir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        String[][] queries = {
                {"esql", "from logs-x* metadata _id, _version, _index\n| where foo.keyword == \"x\""},
                {"eql", "any where foo.keyword == \"x\""},
                {"esql", "from logs-x* metadata _id, _version, _index\n| where proc == \"x\""},
                {"eql", "any where foo.keyword : \"X\""}};
        for (int i = 0; i < queries.length; i++) {
            Files.writeString(rules.resolve("rule_" + i + ".toml"), String.join("\n", "[metadata]",
                    "creation_date = \"2026/11/28\"", "maturity = \"production\"", "updated_date = \"2026/11/28\"", "", "[rule]",
                    "author = [\"ruleforge\"]", "description = \"A field read elsewhere.\"", "from = \"now-9m\"",
                    "index = [\"logs-x*\"]", "language = \"" + queries[i][0] + "\"", "license = \"Apache-2.0\"",
                    "name = \"Rule " + i + "\"", "risk_score = 21", "rule_id = \"00000000-0000-4000-8000-00000000000" + i + "\"",
                    "severity = \"low\"", "type = \"" + queries[i][0] + "\"", "query = '''", queries[i][1], "'''", ""));
        }
        Path mapping = Files.writeString(dir.resolve("map.json"), "{\"mappings\":{\"properties\":{\"@timestamp\":{\"type\":\"date\"},"
                + "\"foo\":{\"type\":\"text\",\"fields\":{\"keyword\":{\"type\":\"keyword\"}}},"
                + "\"proc\":{\"type\":\"alias\",\"path\":\"process.name\"},\"process\":{\"properties\":{\"name\":{\"type\":\"keyword\"}}}}}}");
        StringBuilder events = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            events.append("{\"@timestamp\":\"2026-11-20T10:0").append(i).append(":00Z\",\"foo\":\"").append(i % 2 == 0 ? "x" : "y")
                    .append("\",\"process\":{\"name\":\"").append(i % 2 == 0 ? "x" : "y").append("\"}}\n");
        }
        Path file = Files.writeString(dir.resolve("events.ndjson"), events.toString());
        Path out = dir.resolve("out");
        Run r = run("replay", "--rules", rules.toString(), "--out", out.toString(), "--events", file.toString(),
                "--index", "logs-x-1", "--mapping", "logs-x*=" + mapping);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode json = JSON.readTree(out.resolve("replay.json").toFile());
        java.util.Map<String, Long> alerts = new java.util.TreeMap<>();
        json.get("rules").forEach(rule -> alerts.put(rule.get("file").asText().replaceAll(".*/", ""), rule.get("alerts").asLong()));
        assertThat(alerts).containsOnly(java.util.Map.entry("rule_0.toml", 3L), java.util.Map.entry("rule_1.toml", 3L),
                java.util.Map.entry("rule_2.toml", 3L), java.util.Map.entry("rule_3.toml", 3L));
    }

    private static String copy(String rule, String ruleId, String name) {
        return rule.replace("c3e9b1d7-6a4f-4e2b-8c0d-5f7a9b1c3e64", ruleId).replace("name = \"Encoded PowerShell Command\"",
                "name = \"" + name + "\"");
    }
    /**
     * A rule that does not compile is listed as not replayed in the reports (a CI artifact showing fewer rules would
     * hide it), an ENRICH query is called valid ES|QL ruleforge does not support (not a syntax error), and a run
     * without --alerts leaves no earlier run's alerts.ndjson beside its report.
     */
    @Test
    void rulesThatDoNotCompileAreListedAndNoStaleAlertsAreLeft(@TempDir Path dir) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(Path.of("../rules/encoded_powershell_command.toml"), rules.resolve("encoded_powershell_command.toml"));
        Path events = events(dir);
        Path out = dir.resolve("out");
        Run first = run("replay", "--rules", rules.toString(), "--out", out.toString(), "--events", events.toString(), "--alerts");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        assertThat(out.resolve("alerts.ndjson")).exists();

        String spraying = Files.readString(Path.of("../rules/password_spraying_from_one_source_esql.toml"));
        Files.writeString(rules.resolve("enrich.toml"), spraying.replace("| sort Esql.failure_count desc",
                "| enrich hosts-policy on source.ip"));
        // what a run stopped by Ctrl-C leaves behind
        Files.writeString(out.resolve(".alerts.ndjson.partial"), "{}\n");
        Run second = run("replay", "--rules", rules.toString(), "--out", out.toString(), "--events", events.toString());
        assertThat(second.out()).as(second.out() + second.err()).contains("ES|QL not supported (9.x): the ENRICH command is valid"
                + " ES|QL but not supported by ruleforge").doesNotContain("syntax error");
        JsonNode json = JSON.readTree(out.resolve("replay.json").toFile());
        assertThat(json.get("not_replayed").fieldNames()).toIterable().anySatisfy(f -> assertThat(f).endsWith("enrich.toml"));
        assertThat(Files.readString(out.resolve("replay.md"))).contains("enrich.toml");
        assertThat(out.resolve("alerts.ndjson")).as("an earlier run's alerts").doesNotExist();
        assertThat(out.resolve(".alerts.ndjson.partial")).doesNotExist();
    }
    /** A removed aggregating ES|QL rule's lost alerts are result rows: shown by their run and their content. */
    @Test
    void diffShowsTheResultRowsAnAggregatingEsqlRuleLoses(@TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        Files.copy(Path.of("../rules/password_spraying_from_one_source_esql.toml"), rules.resolve("spraying.toml"));
        commitAll(dir);
        Files.delete(rules.resolve("spraying.toml"));
        StringBuilder failures = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            failures.append(String.format("{\"@timestamp\":\"2026-11-23T10:%02d:00Z\",\"event\":{\"category\":[\"authentication\"],"
                    + "\"outcome\":\"failure\"},\"source\":{\"ip\":\"203.0.113.9\"},\"user\":{\"name\":\"u%d\"}}%n", i / 2, i % 4));
        }
        Path events = Files.writeString(dir.resolve("failures.ndjson"), failures);
        Path out = dir.resolve("out");
        Run r = diff(dir, rules, events.toString());
        JsonNode removed = alertChanges(out).get(0);
        assertThat(removed.get("change").asText()).as(r.out() + r.err()).isEqualTo("removed");
        assertThat(removed.get("lost").asLong()).isPositive();
        assertThat(removed.get("lost_samples").get(0).asText()).startsWith("a result row of the run at 2026-11-23T");
        assertThat(removed.get("lost_events").get(0).path("source.ip").asText()).isEqualTo("203.0.113.9");
    }
    /** An added rule that does not compile is a row saying so in PR mode, never left out of the table. */
    @Test
    void diffListsAnAddedRuleThatDoesNotCompile(@TempDir Path dir) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        String original = Files.readString(Path.of("../rules/encoded_powershell_command.toml"));
        Files.writeString(rules.resolve("encoded_powershell_command.toml"), original);
        commitAll(dir);
        Files.writeString(rules.resolve("broken.toml"), copy(original, "0b3f2a1c-5555-4e2b-8c0d-5f7a9b1c3e64", "Broken")
                .replace("process where", "process wher"));
        Path out = dir.resolve("out");
        Run r = diff(dir, rules, events(dir).toString());
        JsonNode changes = alertChanges(out);
        assertThat(changes).as(r.out() + r.err()).anySatisfy(c -> {
            assertThat(c.get("file").asText()).endsWith("broken.toml");
            assertThat(c.get("not_replayed").asText()).startsWith("it does not compile");
        });
    }

    /** --index without --events would be ignored without a word: it is bad usage. */
    @Test
    void diffIndexWithoutEventsIsBadUsage(@TempDir Path dir) {
        Run r = run("diff", "--base", "HEAD", "--rules", "../rules", "--out", dir.resolve("out").toString(), "--index", "winlogbeat-1");
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(r.err()).contains("--index names the index of the recorded events: give them with --events");
    }

    /** A changed rule whose head does not compile loses every alert its base raised: shown, not "on either side". */
    @Test
    void diffShowsTheAlertsLostByAChangeThatDoesNotCompile(@TempDir Path dir) throws Exception {
        Path rule = committedRule(dir);
        Path rules = rule.getParent();
        Files.writeString(rule, Files.readString(rule).replace("process where", "process wher"));
        Path out = dir.resolve("out");
        Run r = diff(dir, rules, events(dir).toString());
        JsonNode change = alertChanges(out).get(0);
        assertThat(change.get("change").asText()).as(r.out() + r.err()).isEqualTo("changed, does not compile at head");
        assertThat(change.get("base_alerts").asLong()).isPositive();
        assertThat(change.get("lost").asLong()).isEqualTo(change.get("base_alerts").asLong());
        assertThat(Files.readString(out.resolve("diff.md"))).contains("| changed, does not compile at head | "
                + change.get("base_alerts").asLong() + " | – | +0 | −" + change.get("lost").asLong() + " |");
    }

    /** {@code diff --base HEAD} of {@code rules} in PR mode on {@code events}, its reports in {@code dir}/out. */
    private static Run diff(Path dir, Path rules, String events) {
        return run("diff", "--base", "HEAD", "--rules", rules.toString(), "--fixtures", dir.resolve("fixtures").toString(),
                "--out", dir.resolve("out").toString(), "--events", events);
    }

    /** diff.json's alert_changes. */
    private static JsonNode alertChanges(Path out) throws IOException {
        return JSON.readTree(out.resolve("diff.json").toFile()).get("alert_changes");
    }

    /** The project's encoded PowerShell rule in {@code dir}/rules, committed: a diff's base. */
    private static Path committedRule(Path dir) throws Exception {
        Path rule = Files.createDirectories(dir.resolve("rules")).resolve("encoded_powershell_command.toml");
        Files.copy(Path.of("../rules/encoded_powershell_command.toml"), rule);
        commitAll(dir);
        return rule;
    }

    /** A git repository at {@code dir} with everything in it committed: the base of a diff. */
    private static void commitAll(Path dir) throws Exception {
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("rules").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
    }
}
