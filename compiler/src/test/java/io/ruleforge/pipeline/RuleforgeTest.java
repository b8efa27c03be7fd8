package io.ruleforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.bundle.LockCodes;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleforgeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The project's own rules and fixtures (surefire runs in the compiler module). */
    private static final Path PROJECT_RULES = Path.of("../rules");
    private static final Path PROJECT_FIXTURES = Path.of("../test-fixtures");

    static final String RULE = """
            [metadata]
            creation_date = "2020/02/18"
            maturity = "production"
            updated_date = "2020/03/18"

            [rule]
            author = ["ruleforge"]
            description = "cmd.exe making a network connection."
            name = "NAME"
            risk_score = 21
            rule_id = "RULE_ID"
            severity = "low"
            type = "query"
            language = "kuery"
            index = ["winlogbeat-*"]
            query = '''
            process.name:cmd.exe and
              not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)
            '''
            """;

    @TempDir
    Path dir;

    private Ruleforge ruleforge(Path rules, Path fixtures, KibanaVersion version, String schema) {
        return new Ruleforge(new RuleforgeOptions(rules, fixtures, dir.resolve("out"), dir, List.of(), version, schema, false));
    }

    /** A build that writes every output again, as if from scratch (an incremental one would keep what it has). */
    private Ruleforge fullRebuild(Path rules, Path fixtures) {
        return new Ruleforge(new RuleforgeOptions(rules, fixtures, dir.resolve("out"), dir, List.of(), KibanaVersion.DEFAULT,
                "ecs", false).withIncremental(false));
    }

    private Path write(String relative, String content) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    /** These rule sets have no version lock, which is a warning (RF7007) beside what a test looks at. */
    private static List<Diagnostic> withoutLockFileWarning(StageReport report) {
        return report.diagnostics().stream().filter(d -> !d.code().equals(LockCodes.NO_LOCK_FILE)).toList();
    }

    private static String rule(String name, String id) {
        return RULE.replace("NAME", name).replace("RULE_ID", id);
    }

    @Test
    void seedRulesCompileToKibana89sDslWithoutAnIndexPattern() throws Exception {
        Ruleforge forge = new Ruleforge(new RuleforgeOptions(PROJECT_RULES, PROJECT_FIXTURES, dir, Path.of(".."),
                List.of(PROJECT_RULES.resolve("target")), KibanaVersion.V8_9, "none", false));
        StageReport report = forge.compile();
        // the seeds keep their 2020 ATT&CK mapping: two renamed techniques, one revoked (mapped twice)
        assertThat(report.diagnostics()).extracting(Diagnostic::code)
                .containsExactlyInAnyOrder("RF4106", "RF4106", "RF4107", "RF4107");
        // Kibana 8.9's output for the seed query (KQL_SPEC §5.3, produced by Kibana's own code)
        JsonNode expectedCmd = JSON.readTree("""
                {"bool":{"filter":[
                  {"bool":{"should":[{"match":{"process.name":"cmd.exe"}}],"minimum_should_match":1}},
                  {"bool":{"should":[{"match_phrase":{"event.action":"Network connection detected (rule: NetworkConnect)"}}],"minimum_should_match":1}},
                  {"bool":{"must_not":{"bool":{"should":[
                     {"bool":{"should":[{"match":{"destination.ip":"10.0.0.0/8"}}],"minimum_should_match":1}},
                     {"bool":{"should":[{"match":{"destination.ip":"172.16.0.0/12"}}],"minimum_should_match":1}},
                     {"bool":{"should":[{"match":{"destination.ip":"192.168.0.0/16"}}],"minimum_should_match":1}}],
                   "minimum_should_match":1}}}}]}}""");
        // the same form for the regsvr seed: a value list is a should of per-value wrappers
        JsonNode expectedRegsvr = JSON.readTree("""
                {"bool":{"filter":[
                  {"bool":{"should":[
                     {"bool":{"should":[{"match":{"process.name":"regsvr32.exe"}}],"minimum_should_match":1}},
                     {"bool":{"should":[{"match":{"process.name":"regsvr64.exe"}}],"minimum_should_match":1}}],
                   "minimum_should_match":1}},
                  {"bool":{"should":[{"match_phrase":{"event.action":"Network connection detected (rule: NetworkConnect)"}}],"minimum_should_match":1}},
                  {"bool":{"must_not":{"bool":{"should":[
                     {"bool":{"should":[{"match":{"destination.ip":"10.0.0.0/8"}}],"minimum_should_match":1}},
                     {"bool":{"should":[{"match":{"destination.ip":"169.254.169.254"}}],"minimum_should_match":1}},
                     {"bool":{"should":[{"match":{"destination.ip":"172.16.0.0/12"}}],"minimum_should_match":1}},
                     {"bool":{"should":[{"match":{"destination.ip":"192.168.0.0/16"}}],"minimum_should_match":1}}],
                   "minimum_should_match":1}}}}]}}""");
        assertThat(JSON.readTree(dir.resolve("compiled/command_prompt_network_connection.json").toFile()).get("dsl")).isEqualTo(expectedCmd);
        assertThat(JSON.readTree(dir.resolve("compiled/network_connection_via_regsvr.json").toFile()).get("dsl")).isEqualTo(expectedRegsvr);
        assertThat(JSON.readTree(dir.resolve("compiled/command_prompt_network_connection.json").toFile()).get("eql").asText())
                .startsWith("any where process.name == \"cmd.exe\"");
    }

    @Test
    void theProjectsOwnRulesPassTheirFixturesIncludingGeneratedCases() {
        Ruleforge forge = new Ruleforge(new RuleforgeOptions(PROJECT_RULES, PROJECT_FIXTURES, dir, Path.of(".."),
                List.of(PROJECT_RULES.resolve("target")), KibanaVersion.DEFAULT, "ecs", false));
        StageReport report = forge.test();
        assertThat(report.failed(false)).as(String.join("\n", report.lines())).isFalse();
        assertThat(report.testsFailed()).isFalse();
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains("generated negatives quiet"));
        assertThat(dir.resolve("reports/TEST-ruleforge.command_prompt_network_connection.xml")).exists();
    }

    @Test
    void aMaxspanLongerThanALongsMillisecondsIsTestedAsUnboundedNotAnOverflow() throws Exception {
        String stem = "office_child_shell_network_connection";
        String rule = Files.readString(PROJECT_RULES.resolve(stem + ".toml"));
        assertThat(rule).contains("with maxspan=1m");
        write("rules/" + stem + ".toml", rule.replace("with maxspan=1m", "with maxspan=9223372036854775807d"));
        for (String fixture : List.of("positive.ndjson", "negative.ndjson")) {
            write("fixtures/" + stem + "/" + fixture, Files.readString(PROJECT_FIXTURES.resolve(stem).resolve(fixture)));
        }

        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.diagnostics()).noneSatisfy(d -> assertThat(d.code()).isEqualTo("RF9999"));
        // the negative whose connection comes 61 s after the start now lies inside the window: it fires
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains("2/2 positives fired, 4/5 negatives quiet"));
    }

    @Test
    void aKqlSyntaxErrorIsReportedAtItsPlaceInTheRuleFile() throws Exception {
        write("rules/bad.toml", rule("Bad", "00000000-0000-4000-8000-000000000001")
                .replace("not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)", "not destination.ip:(10.0.0.0/8 or 192.168.0.0/16"));
        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").validate();
        assertThat(report.failed(false)).isTrue();
        assertThat(withoutLockFileWarning(report)).singleElement().satisfies(d -> {
            // the query's last line is line 18 of the file (50 characters); the missing ")" is expected just after it
            assertThat(d.format()).startsWith("rules/bad.toml:18:51: error: KQL syntax error: Expected ");
            assertThat(d.message()).contains("\")\"").contains("end of input found");
        });
        // the same finding as SARIF 2.1.0, for code-scanning annotations on the pull request
        JsonNode sarif = JSON.readTree(dir.resolve("out/ruleforge.sarif").toFile());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.at("/runs/0/columnKind").asText()).as("columns count code points").isEqualTo("unicodeCodePoints");
        JsonNode result = sarif.at("/runs/0/results/0");
        assertThat(result.path("ruleId").asText()).isEqualTo("RF3001");
        assertThat(result.path("level").asText()).isEqualTo("error");
        assertThat(result.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("rules/bad.toml");
        assertThat(result.at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(18);
        assertThat(result.at("/locations/0/physicalLocation/region/startColumn").asInt()).isEqualTo(51);
        assertThat(sarif.at("/runs/0/tool/driver/rules/0/id").asText()).isEqualTo("RF3001");
    }

    @Test
    void aFailingFixtureFailsTheRunNamingTheEvent() throws Exception {
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001"));
        write("fixtures/cmd/positive.ndjson", """
                // cmd.exe to a public address
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5"}}
                // powershell is not cmd: this positive is wrong and must fail
                {"process":{"name":"powershell.exe"},"destination":{"ip":"203.0.113.5"}}
                """);
        write("fixtures/cmd/negative.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"192.168.1.1"}}
                """);
        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.testsFailed()).isTrue();
        assertThat(report.failed(false)).isTrue();
        assertThat(report.summary()).contains(
                "FAIL rules/cmd.toml — Cmd",
                "     validated, compiled (DSL, EQL), 1/2 positives fired, 1/1 negatives quiet, 6/6 generated negatives quiet, 4/4 generated near-misses fired; EQL translation agrees on 13/13",
                "     ✗ expected the rule to fire on fixtures/cmd/positive.ndjson:4 (powershell is not cmd: this positive is wrong"
                        + " and must fail), but it stayed quiet: bool.filter[0]: no value of process.name equals \"cmd.exe\""
                        + " (process.name: \"powershell.exe\")");
        String xml = Files.readString(dir.resolve("out/reports/TEST-ruleforge.cmd.xml"));
        assertThat(xml).contains("tests=\"13\" failures=\"1\"")
                .contains("<failure message=\"expected the rule to fire on fixtures/cmd/positive.ndjson:4");
        // cases are generated only from the positive that fires: moving a missed event proves nothing
        assertThat(xml).contains("positive.ndjson:2 with destination.ip=10.0.0.0 (first address of excluded 10.0.0.0/8) stays quiet")
                .doesNotContain("positive.ndjson:4 with destination.ip");
    }

    /** Exception list items are Kibana saved objects: a rule that has lists is tested without them, and says so. */
    @Test
    void aRuleWithExceptionListsIsTestedWithoutThemAndSaysSo() throws Exception {
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001") + """

                [[rule.exceptions_list]]
                id = "endpoint_list"
                list_id = "endpoint_list"
                namespace_type = "agnostic"
                type = "endpoint"
                """);
        write("fixtures/cmd/positive.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5"}}
                """);
        write("fixtures/cmd/negative.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"192.168.1.1"}}
                """);
        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.testsFailed()).isFalse();
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF6015")).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.INFO);
            assertThat(d.message()).startsWith("the rule's exception list endpoint_list (agnostic) lives in Kibana");
            // the [[rule.exceptions_list]] table's first key
            assertThat(d.position().line()).isPositive();
        });
    }

    private static final String SCANNER_LIST = """
            [[exceptions]]
            [exceptions.container]
            description = "Vulnerability scanners"
            list_id = "trusted-scanners"
            name = "Trusted scanners"
            type = "detection"

            [[exceptions.items]]
            description = "Nessus runs cmd.exe on the scanner hosts"
            item_id = "nessus"
            name = "Nessus"
            type = "simple"
            ITEM_EXTRA
            [[exceptions.items.entries]]
            field = "host.name"
            operator = "included"
            type = "match_any"
            value = ["scan-01", "scan-02"]
            """;

    private static final String USES_SCANNER_LIST = """

            [[rule.exceptions_list]]
            id = "trusted-scanners"
            list_id = "trusted-scanners"
            namespace_type = "single"
            type = "detection"
            """;

    private void writeScannerRule() throws Exception {
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001") + USES_SCANNER_LIST);
        write("fixtures/cmd/positive.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5"},"host":{"name":"ws-7"}}
                """);
        write("fixtures/cmd/negative.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5"},"host":{"name":"scan-02"}}
                """);
    }

    /** The items of a list kept beside the rules leave their events out of every verdict, as Kibana's search does. */
    @Test
    void aProjectExceptionListLeavesItsItemsEventsOutOfTheRulesVerdicts() throws Exception {
        writeScannerRule();
        write("exceptions/trusted_scanners.toml", SCANNER_LIST.replace("ITEM_EXTRA", ""));

        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.testsFailed()).isFalse();
        assertThat(withoutLockFileWarning(report)).isEmpty(); // no RF6015: the list is the project's
        ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").compile();
        JsonNode search = JSON.readTree(dir.resolve("out/compiled/cmd.json").toFile()).get("search");
        assertThat(search.path("bool").path("must_not").toString()).contains("{\"match_phrase\":{\"host.name\":\"scan-02\"}}");

        // without the list, the scanner's event fires: the negative fails
        Files.delete(dir.resolve("exceptions/trusted_scanners.toml"));
        StageReport without = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();
        assertThat(without.testsFailed()).isTrue();
        assertThat(without.diagnostics()).extracting(Diagnostic::code).contains("RF6015");
    }

    /** A list named within a typo of one the project keeps is a misspelling: a warning saying which list was meant. */
    @Test
    void aMisspeltExceptionListIdIsAWarningWithTheListMeant() throws Exception {
        writeScannerRule();
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001")
                + USES_SCANNER_LIST.replace("list_id = \"trusted-scanners\"", "list_id = \"trusted-scanner\""));
        write("exceptions/trusted_scanners.toml", SCANNER_LIST.replace("ITEM_EXTRA", ""));

        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF6018")).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.message()).contains("the exception list trusted-scanner", "did you mean trusted-scanners?");
        });
        assertThat(report.diagnostics()).extracting(Diagnostic::code).doesNotContain("RF6015");

        // beside a list kept in Kibana, whose note stays
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001")
                + USES_SCANNER_LIST.replace("list_id = \"trusted-scanners\"", "list_id = \"trusted-scanner\"") + """

                [[rule.exceptions_list]]
                id = "endpoint_list"
                list_id = "endpoint_list"
                namespace_type = "agnostic"
                type = "endpoint"
                """);
        StageReport both = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();
        assertThat(both.diagnostics()).extracting(Diagnostic::code).contains("RF6015", "RF6018");
    }

    @Test
    void anEqlRuleSearchesWithItsExceptionItemsAsItsFilter() throws Exception {
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001")
                .replace("type = \"query\"", "type = \"eql\"").replace("language = \"kuery\"", "language = \"eql\"")
                .replace("""
                        process.name:cmd.exe and
                          not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)""", """
                        any where process.name == "cmd.exe\"""") + USES_SCANNER_LIST);
        write("fixtures/cmd/positive.ndjson", """
                {"@timestamp":"2026-11-27T10:00:00Z","event":{"category":"process"},"process":{"name":"cmd.exe"},"host":{"name":"ws-7"}}
                """);
        write("fixtures/cmd/negative.ndjson", """
                {"@timestamp":"2026-11-27T10:00:00Z","event":{"category":"process"},"process":{"name":"cmd.exe"},"host":{"name":"scan-01"}}
                """);
        write("exceptions/trusted_scanners.toml", SCANNER_LIST.replace("ITEM_EXTRA", ""));

        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.testsFailed()).isFalse();
        ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").compile();
        assertThat(JSON.readTree(dir.resolve("out/compiled/cmd.json").toFile()).path("filter").toString())
                .contains("{\"match_phrase\":{\"host.name\":\"scan-01\"}}");
    }

    /**
     * Kibana's ES|QL request carries the exception items in its filter, so an event an item describes never reaches
     * the query: the project's ES|QL rule, given a list whose item names the host, stays quiet on that host's event.
     */
    @Test
    void anEsqlRuleReadsOnlyTheDocumentsItsExceptionItemsLeave() throws Exception {
        String stem = "certutil_decode_or_download_esql";
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/" + stem + ".toml"), Files.readString(PROJECT_RULES.resolve(stem + ".toml"))
                + USES_SCANNER_LIST);
        Path fixtures = dir.resolve("fixtures/" + stem);
        Files.createDirectories(fixtures);
        Files.copy(PROJECT_FIXTURES.resolve(stem + "/positive.ndjson"), fixtures.resolve("positive.ndjson"));
        String download = Files.readAllLines(fixtures.resolve("positive.ndjson")).get(1);
        assertThat(download).contains("\"name\":\"WS-21\"");
        write("fixtures/" + stem + "/negative.ndjson", download.replace("\"name\":\"WS-21\"", "\"name\":\"scan-01\"") + "\n");
        write("exceptions/trusted_scanners.toml", SCANNER_LIST.replace("ITEM_EXTRA", ""));

        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.testsFailed()).isFalse();
        assertThat(report.diagnostics()).extracting(Diagnostic::code).doesNotContain("RF3006", "RF6015");
        // without the list the scanner's download is one more alert: the negative fails
        Files.delete(dir.resolve("exceptions/trusted_scanners.toml"));
        assertThat(ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test().testsFailed()).isTrue();
    }

    /** An expired item is no longer applied by Kibana, nor here; a value list's values are not in the project. */
    @Test
    void expiredAndValueListItemsAreLeftOutAndSaySo() throws Exception {
        writeScannerRule();
        write("exceptions/trusted_scanners.toml", SCANNER_LIST.replace("ITEM_EXTRA", "expire_time = \"2020-01-01T00:00:00Z\"") + """

                [[exceptions.items]]
                description = "Known scanner addresses, kept in Kibana"
                item_id = "scanner-ips"
                name = "Scanner IPs"
                type = "simple"
                [[exceptions.items.entries]]
                field = "source.ip"
                operator = "included"
                type = "list"
                list = { id = "scanner-ips", type = "ip" }
                """);

        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.testsFailed()).isTrue(); // the scanner's event fires again
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF3006")).extracting(Diagnostic::message)
                .containsExactly(
                        "exception item \"Nessus\" (exceptions/trusted_scanners.toml:8:1) expired at 2020-01-01T00:00:00Z:"
                                + " Kibana no longer applies it, and the rule's verdicts here are without it too",
                        "exception item \"Scanner IPs\" (exceptions/trusted_scanners.toml:20:1) tests source.ip against the"
                                + " value list \"scanner-ips\", which the project does not keep: its values live in Kibana; the"
                                + " rule's verdicts here are without this item");
    }

    /** An item that tests host.name against the value list {@code id} of {@code type}. */
    private static String valueListItem(String id, String type) {
        return SCANNER_LIST.replace("ITEM_EXTRA", "").replace("""
                type = "match_any"
                value = ["scan-01", "scan-02"]""", """
                type = "list"
                list = { id = "ID", type = "TYPE" }""".replace("ID", id).replace("TYPE", type));
    }

    /** A value list kept beside the lists is built into the search as Kibana builds it, and bundled for its import. */
    @Test
    void aValueListKeptInTheProjectLeavesItsEventsOutOfTheVerdicts() throws Exception {
        writeScannerRule();
        write("exceptions/trusted_scanners.toml", valueListItem("scanner-hosts.txt", "keyword"));
        write("exceptions/value_lists/keyword/scanner-hosts.txt", "scan-01\n  scan-02\n");

        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.testsFailed()).isFalse(); // the negative on scan-02 is left out by the list
        assertThat(report.diagnostics()).extracting(Diagnostic::code).doesNotContain("RF3006");
        ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").compile();
        assertThat(JSON.readTree(dir.resolve("out/compiled/cmd.json").toFile()).get("search").path("bool").path("must_not").toString())
                .contains("{\"bool\":{\"filter\":{\"terms\":{\"host.name\":[\"scan-01\",\"scan-02\"]}}}}");

        ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").bundle();
        assertThat(Files.readString(dir.resolve("out/bundle/value_lists/keyword/scanner-hosts.txt"))).isEqualTo("scan-01\nscan-02\n");
        JsonNode manifest = JSON.readTree(dir.resolve("out/bundle/manifest.json").toFile());
        assertThat(manifest.path("value_lists").path(0).path("id").asText()).isEqualTo("scanner-hosts.txt");
        assertThat(manifest.path("value_lists").path(0).path("values").asInt()).isEqualTo(2);

        // the list changed: the rule is decided again, and its negative now fires
        write("exceptions/value_lists/keyword/scanner-hosts.txt", "scan-01\n");
        assertThat(ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test().testsFailed()).isTrue();
    }

    /** What Kibana does not build into a rule's search is not applied here either, and each such item is named. */
    @Test
    void valueListsKibanaDoesNotBuildIntoTheSearchAreLeftOutAndSaySo() throws Exception {
        writeScannerRule();
        StringBuilder ranges = new StringBuilder();
        for (int i = 1; i <= 201; i++) {
            ranges.append("10.0.").append(i).append(".1\n");
        }
        write("exceptions/value_lists/ip_range/many-ranges", ranges.toString());
        write("exceptions/value_lists/text/host-words", "scan\n");
        String second = valueListItem("host-words", "text").substring(SCANNER_LIST.indexOf("[[exceptions.items]]"))
                .replace("item_id = \"nessus\"", "item_id = \"words\"").replace("name = \"Nessus\"", "name = \"Words\"");
        write("exceptions/trusted_scanners.toml", valueListItem("many-ranges", "ip_range") + "\n" + second);

        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.testsFailed()).isTrue(); // no item leaves the scanner's event out
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF3006")).extracting(Diagnostic::message).containsExactly(
                "exception item \"Nessus\" (exceptions/trusted_scanners.toml:8:1) tests host.name against the value list"
                        + " \"many-ranges\", whose 201 ranges written first-last or as one address are more than the 200 Kibana"
                        + " builds into a search: Kibana leaves the item out of the rule's search; before"
                        + " elastic/kibana#285178 (August 2026) it applied the item nowhere, without a warning, and since then"
                        + " it checks it only for a query, saved query, machine learning or indicator match rule, against the"
                        + " events its search returns, which ruleforge does not reproduce; the rule's verdicts here are"
                        + " without this item",
                "exception item \"Words\" (exceptions/trusted_scanners.toml:20:1) tests host.name against the value list"
                        + " \"host-words\", a list of type text: Kibana does not build it into the rule's search, and checks"
                        + " it only for a query, saved query, machine learning or indicator match rule, against the events its"
                        + " search returns, which ruleforge does not reproduce; the rule's verdicts here are without this item");

        // Kibana 7 builds no value list into the search: a list the project keeps is not applied either
        write("exceptions/value_lists/keyword/hosts", "scan-02\n");
        write("exceptions/trusted_scanners.toml", valueListItem("hosts", "keyword"));
        assertThat(ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test().testsFailed()).isFalse();
        StageReport v7 = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.V7_17, "ecs").test();
        assertThat(v7.testsFailed()).isTrue();
        assertThat(v7.diagnostics()).filteredOn(d -> d.code().equals("RF3006")).extracting(Diagnostic::message).singleElement()
                .asString().contains("Kibana 7 builds no value list into a rule's search");
    }

    /** The lists are an input of every rule's recorded results: a changed item is decided again, never replayed. */
    @Test
    void changingAnExceptionListDecidesTheRulesAgain() throws Exception {
        writeScannerRule();
        write("exceptions/trusted_scanners.toml", SCANNER_LIST.replace("ITEM_EXTRA", ""));
        assertThat(ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test().testsFailed()).isFalse();

        write("exceptions/trusted_scanners.toml", SCANNER_LIST.replace("ITEM_EXTRA", "").replace("\"scan-02\"", "\"scan-03\""));
        StageReport second = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(second.testsFailed()).isTrue();
    }

    /** Kibana's rule import creates the lists the rules name from the same file: the bundle carries them. */
    @Test
    void theBundleCarriesTheExceptionListsItsRulesName() throws Exception {
        writeScannerRule();
        write("rules/other.toml", rule("Other", "00000000-0000-4000-8000-000000000002"));
        write("exceptions/trusted_scanners.toml", SCANNER_LIST.replace("ITEM_EXTRA", ""));
        write("exceptions/unused.toml", SCANNER_LIST.replace("ITEM_EXTRA", "").replace("trusted-scanners", "unused")
                .replace("item_id = \"nessus\"", "item_id = \"other\""));

        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").bundle();

        assertThat(report.diagnostics()).noneMatch(Diagnostic::isError);
        List<String> lines = Files.readAllLines(dir.resolve("out/bundle/rules.ndjson"));
        assertThat(lines).hasSize(5);
        assertThat(JSON.readTree(lines.get(0)).path("exceptions_list").path(0).path("list_id").asText()).isEqualTo("trusted-scanners");
        JsonNode container = JSON.readTree(lines.get(2));
        assertThat(container.path("list_id").asText()).isEqualTo("trusted-scanners");
        assertThat(container.path("type").asText()).isEqualTo("detection");
        assertThat(container.path("namespace_type").asText()).isEqualTo("single"); // the default, written out
        JsonNode item = JSON.readTree(lines.get(3));
        assertThat(item.path("item_id").asText()).isEqualTo("nessus");
        assertThat(item.path("list_id").asText()).isEqualTo("trusted-scanners"); // filled in from its container
        assertThat(item.path("entries").path(0).path("value").toString()).isEqualTo("[\"scan-01\",\"scan-02\"]");
        JsonNode details = JSON.readTree(lines.get(4));
        assertThat(details.path("exported_count").asInt()).isEqualTo(4);
        assertThat(details.path("exported_rules_count").asInt()).isEqualTo(2);
        assertThat(details.path("exported_exception_list_count").asInt()).isEqualTo(1);
        assertThat(details.path("exported_exception_list_item_count").asInt()).isEqualTo(1);
        JsonNode manifest = JSON.readTree(dir.resolve("out/bundle/manifest.json").toFile());
        assertThat(manifest.path("exception_lists").toString())
                .isEqualTo("[{\"list_id\":\"trusted-scanners\",\"namespace_type\":\"single\",\"items\":1}]");
        assertThat(manifest.has("value_lists")).as("a bundle without value lists keeps its manifest").isFalse();
    }

    @Test
    void aBadExceptionListFailsTheBuildAtItsPosition() throws Exception {
        writeScannerRule();
        write("exceptions/trusted_scanners.toml", SCANNER_LIST.replace("ITEM_EXTRA", "").replace("\"included\"", "\"include\""));

        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").validate();

        assertThat(report.diagnostics()).filteredOn(Diagnostic::isError).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RF2024");
            assertThat(d.position().toString()).isEqualTo("exceptions/trusted_scanners.toml:16:12");
            assertThat(d.message()).isEqualTo("expected one of excluded, included, found \"include\"");
        });
    }

    @Test
    void userMappingsExtendEcsForFieldChecksAndEvaluation() throws Exception {
        write("mappings/fw.json", """
                {"mappings":{"properties":{"fw":{"properties":{"src":{"type":"ip"},"action":{"type":"keyword"}}}}}}
                """);
        write("rules/fw.toml", rule("Fw", "00000000-0000-4000-8000-000000000001").replace("""
                process.name:cmd.exe and
                  not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)""", """
                fw.action:allow and not fw.src:10.0.0.0/8"""));
        write("fixtures/fw/positive.ndjson", "{\"fw\":{\"action\":\"allow\",\"src\":\"203.0.113.1\"}}\n");
        write("fixtures/fw/negative.ndjson", "{\"fw\":{\"action\":\"allow\",\"src\":\"10.9.9.9\"}}\n");

        StageReport withEcsOnly = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").validate();
        assertThat(withEcsOnly.diagnostics()).extracting(Diagnostic::message).contains("field fw.src is not in ecs-9.4.0+elastic winlogbeat-*");

        StageReport withMapping = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs,mappings/fw.json").test();
        assertThat(withoutLockFileWarning(withMapping)).isEmpty();
        assertThat(withMapping.testsFailed()).isFalse();
        // the mapping types fw.action as keyword: Kibana 8.12 then sends a term query
        ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs,mappings/fw.json").compile();
        assertThat(Files.readString(dir.resolve("out/compiled/fw.json"))).contains("\"term\"");
    }

    private void writeFwRule(String stem, String name, String id, String index) throws Exception {
        write("rules/" + stem + ".toml", rule(name, id).replace("index = [\"winlogbeat-*\"]", "index = [\"" + index + "\"]")
                .replace("""
                        process.name:cmd.exe and
                          not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)""", "fw.action:deny"));
    }

    /**
     * An index with ignore_malformed keeps an event whose address is not one, without the address (checked against
     * Elasticsearch 8.19: the exclusion then cannot apply, a multi-value keeps its good address, an object is still
     * refused); without it, Elasticsearch refuses the event and the fixture is an error.
     */
    @Test
    void aMalformedValueIsAFixtureErrorUnlessTheIndexIgnoresMalformedValues() throws Exception {
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001"));
        write("fixtures/cmd/positive.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5"}}
                {"process":{"name":"cmd.exe"},"destination":{"ip":"not-an-ip"}}
                """);
        write("fixtures/cmd/negative.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":["10.1.2.3","bad"]}}
                """);
        write("mappings/logs-settings.json", """
                {"index_patterns":["winlogbeat-*"],"template":{"settings":{"index":{"mapping":{"ignore_malformed":true}}}}}
                """);
        RuleforgeOptions options = new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false);
        StageReport refused = new Ruleforge(options).test();
        assertThat(refused.diagnostics()).filteredOn(d -> d.code().equals("RF6011")).extracting(d -> d.position().line())
                .containsExactlyInAnyOrder(2, 1);
        assertThat(refused.testsFailed()).isTrue();

        StageReport kept = new Ruleforge(options.withMappings(List.of("mappings/logs-settings.json"))).test();
        assertThat(kept.diagnostics()).extracting(Diagnostic::code).doesNotContain("RF6011", "RF6006");
        assertThat(kept.testsFailed()).as(String.join("\n", kept.summary())).isFalse();
        assertThat(kept.summary()).anySatisfy(l -> assertThat(l).contains("2/2 positives fired, 1/1 negatives quiet"));

        write("fixtures/cmd/negative.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":{"address":"10.1.2.3"}}}
                """);
        assertThat(new Ruleforge(options.withMappings(List.of("mappings/logs-settings.json"))).test().diagnostics())
                .extracting(Diagnostic::code).contains("RF6011");
    }

    /**
     * A search Elasticsearch rejects whatever the event fails at compile, not first at test: a black-box probe found
     * {@code process.*:cmd.exe} (which reaches numeric process fields) compiled and bundled, and failing on every run.
     */
    @Test
    void aSearchElasticsearchRejectsIsACompileError() throws Exception {
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001")
                .replace("process.name:cmd.exe and", "process.*:cmd.exe and"));
        StageReport compiled = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false)).compile();
        assertThat(compiled.diagnostics()).filteredOn(d -> d.code().equals("RF4013")).singleElement()
                .satisfies(d -> assertThat(d.message()).startsWith("Elasticsearch would reject the compiled query, whatever the event: ")
                        .contains("For input string: \"cmd.exe\"")
                        // which of the fields the wildcard reached, not only the clause's place in the DSL
                        .containsPattern("\\(the clause on process\\.[a-z_.]+\\)$"));

        // the rule as it was: no such error
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001"));
        assertThat(new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false)).compile().diagnostics()).extracting(Diagnostic::code)
                .doesNotContain("RF4013");
    }

    /** A black-box probe saw look-alikes built from a positive Elasticsearch would refuse: they carried its bad value. */
    @Test
    void lookAlikesAreGeneratedFromPositivesElasticsearchIndexes() throws Exception {
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001"));
        write("fixtures/cmd/positive.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5","port":"not-a-port"}}
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.6"}}
                """);
        StageReport report = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false)).test();
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF6011")).extracting(d -> d.position().line())
                .containsExactly(1);
        String junit = Files.readString(dir.resolve("out/reports/TEST-ruleforge.cmd.xml"));
        assertThat(junit).contains("positive.ndjson:2 with destination.ip=").doesNotContain("positive.ndjson:1 with destination.ip=");
    }

    @Test
    void eachRuleGetsTheMappingOfTheIndicesItSearches() throws Exception {
        write("mappings/fw-template.json", """
                {"index_patterns":["fw-*"],"template":{"mappings":{"properties":{"fw":{"properties":{"action":{"type":"keyword"}}}}}}}
                """);
        writeFwRule("fw", "Fw", "00000000-0000-4000-8000-000000000001", "fw-*");
        writeFwRule("proxy", "Proxy", "00000000-0000-4000-8000-000000000002", "proxy-*");
        // keyword values compare whole and exactly; an unmapped string is text (dynamic mapping), which matches by word
        write("fixtures/fw/positive.ndjson", "{\"fw\":{\"action\":\"deny\"}}\n");
        write("fixtures/fw/negative.ndjson", "{\"fw\":{\"action\":\"DENY\"}}\n");
        write("fixtures/proxy/positive.ndjson", "{\"fw\":{\"action\":\"deny\"}}\n");
        write("fixtures/proxy/negative.ndjson", "{\"fw\":{\"action\":\"allow\"}}\n");
        RuleforgeOptions options = new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false);
        // without the template fw.action is unmapped text, so "DENY" matches and the fw negative fails
        assertThat(new Ruleforge(options).test().summary()).contains("FAIL rules/fw.toml — Fw", "PASS rules/proxy.toml — Proxy");

        Ruleforge forge = new Ruleforge(options.withMappings(List.of("mappings/fw-template.json")));
        StageReport test = forge.test();
        assertThat(test.testsFailed()).isFalse();
        // only the rule outside fw-* searches a field its indices do not map
        assertThat(withoutLockFileWarning(test)).extracting(d -> d.position().file() + " " + d.code())
                .containsExactly("rules/proxy.toml RF4001");

        forge.compile();
        assertThat(JSON.readTree(dir.resolve("out/compiled/fw.json").toFile()).at("/dsl/bool/should/0"))
                .isEqualTo(JSON.readTree("{\"term\":{\"fw.action\":{\"value\":\"deny\"}}}"));
        assertThat(JSON.readTree(dir.resolve("out/compiled/proxy.json").toFile()).at("/dsl/bool/should/0"))
                .isEqualTo(JSON.readTree("{\"match\":{\"fw.action\":\"deny\"}}"));
    }

    /**
     * Elasticsearch gives a new index one composable template, the matching one of the highest priority (a probe
     * against 8.19.21: every tpa-app-* index got A alone, app.y unmapped there, and app.y:"10.0.0.0/8" found nothing in
     * it): B's ip mapping of app.y must not decide the fixtures of a rule on tpa-app-*. Unmapped, app.y is text, where
     * the phrase matches its own words only.
     */
    @Test
    void aRuleGetsOnlyTheHighestPriorityTemplateOfItsIndices() throws Exception {
        write("mappings/a.json", """
                {"index_patterns":["tpa-app-*"],"priority":200,
                 "template":{"mappings":{"properties":{"app":{"properties":{"x":{"type":"keyword"}}}}}}}
                """);
        write("mappings/b.json", """
                {"index_patterns":["tpa-*"],"priority":100,
                 "template":{"mappings":{"properties":{"app":{"properties":{"y":{"type":"ip"}}}}}}}
                """);
        write("rules/app.toml", rule("App", "00000000-0000-4000-8000-000000000001")
                .replace("index = [\"winlogbeat-*\"]", "index = [\"tpa-app-*\"]")
                .replace("""
                        process.name:cmd.exe and
                          not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)""", "app.y:\"10.0.0.0/8\""));
        write("fixtures/app/positive.ndjson", "{\"app\":{\"y\":\"10.0.0.0/8\"}}\n");
        write("fixtures/app/negative.ndjson", "{\"app\":{\"y\":\"10.1.2.3\"}}\n");
        StageReport test = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false).withMappings(List.of("mappings/a.json", "mappings/b.json"))).test();
        // (the EQL translation's verdict on an unmapped field is another matter, RF6006, as for any unmapped field)
        assertThat(test.summary()).as(String.join("\n", test.summary()))
                .anySatisfy(l -> assertThat(l).contains("1/1 positives fired, 1/1 negatives quiet"));
        // read as an ip, the positive would be a value Elasticsearch refuses to index
        assertThat(test.diagnostics()).extracting(Diagnostic::code).doesNotContain("RF6011", "RF3005");
    }

    @Test
    void anEqlDisagreementOnAnUnmappedFieldSaysWhyAndHowToFixIt() throws Exception {
        writeFwRule("proxy", "Proxy", "00000000-0000-4000-8000-000000000002", "proxy-*");
        // unmapped, fw.action is text: KQL matches the word, the EQL translation compares the whole value
        write("fixtures/proxy/positive.ndjson", "{\"fw\":{\"action\":\"deny now\"}}\n");
        StageReport test = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();
        Diagnostic disagreement = test.diagnostics().stream().filter(d -> d.code().equals("RF6006")).findFirst().orElseThrow();
        assertThat(disagreement.hint()).startsWith("fw.action is not in the index mapping").contains("--mapping");
        // the run fails on it, so the rule does not read as passed (a probe saw "PASS" beside a failing exit), in the
        // console and in the JUnit report CI shows
        assertThat(test.summary()).contains("FAIL rules/proxy.toml — Proxy",
                "     ✗ the EQL translation decides 1 of 1 cases otherwise than the DSL [RF6006]");
        assertThat(test.summary()).anySatisfy(l -> assertThat(l).startsWith("1 rule tested: 0 passed, 1 failed"));
        assertThat(Files.readString(dir.resolve("out/reports/TEST-ruleforge.proxy.xml")))
                .contains("failures=\"1\"", "<testcase name=\"EQL translation decides as the DSL\"", "type=\"TranslationDisagrees\"");

        write("mappings/fw.json", "{\"properties\":{\"fw\":{\"properties\":{\"action\":{\"type\":\"text\"}}}}}");
        StageReport mapped = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false).withMappings(List.of("mappings/fw.json"))).test();
        // mapped as text, the KQL has no EQL equivalent, so there is nothing to disagree
        assertThat(mapped.diagnostics()).extracting(Diagnostic::code).doesNotContain("RF6006", "RF4001").contains("RF3003");
    }

    @Test
    void twoRuleFilesOfOneNameAreWarnedAboutTheirSharedFixturesAndOutputs() throws Exception {
        write("rules/windows/cmd.toml", rule("Cmd windows", "00000000-0000-4000-8000-000000000001"));
        write("rules/linux/cmd.toml", rule("Cmd linux", "00000000-0000-4000-8000-000000000002"));
        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").validate();
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF2022")).singleElement().satisfies(d -> {
            assertThat(d.position().file()).isEqualTo("rules/windows/cmd.toml");
            assertThat(d.message()).contains("also used by rules/linux/cmd.toml", "fixture folder cmd/");
        });
    }

    /** The project with fw.action mapped as keyword for fw-* indices and as text for archive-* ones. */
    private Ruleforge withFwActionKeywordHereTextThere() throws Exception {
        write("mappings/action-keyword.json", "{\"properties\":{\"fw\":{\"properties\":{\"action\":{\"type\":\"keyword\"}}}}}");
        write("mappings/action-text.json", "{\"properties\":{\"fw\":{\"properties\":{\"action\":{\"type\":\"text\"}}}}}");
        return new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false)
                .withMappings(List.of("fw-*=mappings/action-keyword.json", "archive-*=mappings/action-text.json")));
    }

    @Test
    void aPlainMappingCanBeScopedToAnIndexPatternAndConflictsAreReported() throws Exception {
        writeFwRule("fw", "Fw", "00000000-0000-4000-8000-000000000001", "fw-*");
        writeFwRule("all", "All", "00000000-0000-4000-8000-000000000002", "*");
        Ruleforge forge = withFwActionKeywordHereTextThere();

        StageReport compile = forge.compile();
        List<Diagnostic> conflicts = compile.diagnostics().stream().filter(d -> d.code().equals("RF3005")).toList();
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).position().file()).isEqualTo("rules/all.toml");
        assertThat(conflicts.get(0).message()).contains("fw.action", "keyword in action-keyword.json", "text in action-text.json");
        assertThat(JSON.readTree(dir.resolve("out/compiled/fw.json").toFile()).at("/dsl/bool/should/0/term")).isNotEmpty();
        // a field typed differently across the searched indices is a "conflict" to Kibana: no keyword treatment
        assertThat(JSON.readTree(dir.resolve("out/compiled/all.json").toFile()).at("/dsl/bool/should/0/match")).isNotEmpty();
    }

    @Test
    void aRuleWhoseIndicesNormalizeAKeywordDifferentlyIsWarnedAndItsFixturesUseTheLastMapping() throws Exception {
        write("mappings/action-plain.json", "{\"properties\":{\"fw\":{\"properties\":{\"action\":{\"type\":\"keyword\"}}}}}");
        write("mappings/action-lower.json", "{\"properties\":{\"fw\":{\"properties\":{\"action\":"
                + "{\"type\":\"keyword\",\"normalizer\":\"lowercase\"}}}}}");
        writeFwRule("fw", "Fw", "00000000-0000-4000-8000-000000000001", "fw-*");
        writeFwRule("all", "All", "00000000-0000-4000-8000-000000000002", "*");
        StageReport compile = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false)
                .withMappings(List.of("fw-*=mappings/action-plain.json", "archive-*=mappings/action-lower.json"))).compile();

        List<Diagnostic> conflicts = compile.diagnostics().stream().filter(d -> d.code().equals("RF3005")).toList();
        assertThat(conflicts).singleElement().satisfies(d -> {
            assertThat(d.position().file()).isEqualTo("rules/all.toml");
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.message()).contains("fw.action", "different normalizers", "none in action-plain.json",
                    "lowercase in action-lower.json", "evaluated with lowercase");
        });
        // Kibana's data view sees keyword in both: the translation keeps its keyword treatment
        assertThat(JSON.readTree(dir.resolve("out/compiled/all.json").toFile()).at("/dsl/bool/should/0/term")).isNotEmpty();
    }

    @Test
    void aLuceneRuleIsWarnedOfAMappingConflictAsAKqlRuleIs() throws Exception {
        writeFwRule("kql", "Kql", "00000000-0000-4000-8000-000000000001", "*");
        writeFwRule("lucene", "Lucene", "00000000-0000-4000-8000-000000000002", "*");
        Path lucene = dir.resolve("rules/lucene.toml");
        Files.writeString(lucene, Files.readString(lucene).replace("language = \"kuery\"", "language = \"lucene\""));
        StageReport compile = withFwActionKeywordHereTextThere().compile();
        List<Diagnostic> conflicts = compile.diagnostics().stream().filter(d -> d.code().equals("RF3005")).toList();
        assertThat(conflicts).extracting(d -> d.position().file()).containsExactlyInAnyOrder("rules/kql.toml", "rules/lucene.toml");
        Diagnostic luceneConflict = conflicts.stream().filter(d -> d.position().file().equals("rules/lucene.toml")).findFirst().orElseThrow();
        assertThat(luceneConflict.position().line()).isEqualTo(Files.readAllLines(lucene).indexOf("index = [\"*\"]") + 1);
        assertThat(luceneConflict.message()).contains("fw.action", "keyword in action-keyword.json", "text in action-text.json",
                "query_string").doesNotContain("Kibana sees a conflict");
    }

    @Test
    void aMissingMappingFileIsAUsageError() {
        assertThatThrownBy(() -> new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false).withMappings(List.of("fw-*=mappings/nope.json"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("mapping file mappings/nope.json does not exist");
        assertThatThrownBy(() -> {
            java.nio.file.Files.createDirectories(dir.resolve("mappings/a-folder.json"));
            new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                    List.of(), KibanaVersion.DEFAULT, "ecs", false).withMappings(List.of("mappings/a-folder.json")));
        }).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mapping file mappings/a-folder.json is a directory: name a mapping, index template or GET _mapping file");
    }

    @Test
    void eqlRulesAreTestedOnSequencesOfEvents() throws Exception {
        write("rules/seq.toml", rule("Seq", "00000000-0000-4000-8000-000000000001")
                .replace("type = \"query\"", "type = \"eql\"").replace("language = \"kuery\"", "language = \"eql\"")
                .replace("""
                        process.name:cmd.exe and
                          not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)""", """
                        sequence by host.id with maxspan=1m
                          [process where process.name == "cmd.exe"]
                          [network where destination.port == 4444]"""));
        write("fixtures/seq/positive.ndjson", """
                // in order, within a minute
                [{"@timestamp":"2026-01-01T00:00:00Z","event":{"category":"process"},"host":{"id":"h"},"process":{"name":"cmd.exe"}},{"@timestamp":"2026-01-01T00:00:30Z","event":{"category":"network"},"host":{"id":"h"},"destination":{"port":4444}}]
                // wrongly filed as positive: two different hosts
                [{"@timestamp":"2026-01-01T00:00:00Z","event":{"category":"process"},"host":{"id":"a"},"process":{"name":"cmd.exe"}},{"@timestamp":"2026-01-01T00:00:30Z","event":{"category":"network"},"host":{"id":"b"},"destination":{"port":4444}}]
                """);
        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();
        assertThat(report.summary()).contains(
                "FAIL rules/seq.toml — Seq",
                "     validated, compiled (EQL), 1/2 positives fired, 0/0 negatives quiet",
                "     ✗ expected the rule to fire on fixtures/seq/positive.ndjson:4 (wrongly filed as positive: two different hosts),"
                        + " but it stayed quiet: no sequence of the 2 matched the EQL query");
    }

    @Test
    void eqlErrorsArePositionedInTheRuleFile() throws Exception {
        write("rules/seq.toml", rule("Seq", "00000000-0000-4000-8000-000000000001")
                .replace("type = \"query\"", "type = \"eql\"").replace("language = \"kuery\"", "language = \"eql\"")
                .replace("""
                        process.name:cmd.exe and
                          not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)""", """
                        sequence with maxspan=1m
                          [process where true] by host.id
                          [network where true]"""));
        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").validate();
        assertThat(report.diagnostics()).filteredOn(d -> d.isError()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RF3102");
            assertThat(d.position().file()).isEqualTo("rules/seq.toml");
            assertThat(d.position().line()).isBetween(17, 19);
            assertThat(d.message()).contains("inconsistent-join-keys");
        });
    }

    @Test
    void malformedFixtureLinesAreReportedWithTheirPosition() throws Exception {
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001"));
        write("fixtures/cmd/positive.ndjson", "{\"process\":{\"name\":\"cmd.exe\"}\n[1,2]\n");
        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();
        assertThat(report.diagnostics()).extracting(Diagnostic::format).anySatisfy(m ->
                assertThat(m).startsWith("fixtures/cmd/positive.ndjson:1:").contains("malformed JSON event"));
        assertThat(report.diagnostics()).extracting(Diagnostic::format).anySatisfy(m ->
                assertThat(m).startsWith("fixtures/cmd/positive.ndjson:2:2: error: expected an array of objects (a sequence of events), found a number"));
        assertThat(report.failed(false)).isTrue();
        assertThat(report.summary()).contains("FAIL rules/cmd.toml — Cmd");
    }

    @Test
    void aSequenceInAKqlRulesFixturesIsAnErrorAtItsLineAndAFailedCaseNotARunOfItsFirstEvent() throws Exception {
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001"));
        write("fixtures/cmd/positive.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5"}}
                [{"process":{"name":"cmd.exe"},"destination":{"ip":"203.0.113.5"}}, {"process":{"name":"x"}}]
                """);
        write("fixtures/cmd/negative.ndjson", """
                {"process":{"name":"cmd.exe"},"destination":{"ip":"192.168.1.1"}}
                """);
        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();

        assertThat(report.diagnostics()).extracting(Diagnostic::format).contains("fixtures/cmd/positive.ndjson:2:1: error: a JSON"
                + " array of several events is a sequence, which only EQL rules match; this rule's query is KQL [RF6001]");
        assertThat(report.summary()).contains("FAIL rules/cmd.toml — Cmd");
        // the sequence is not run: not counted as a positive, not cross-checked against the EQL translation
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains("1/1 positives fired").contains("agrees on"));
        assertThat(report.diagnostics()).extracting(Diagnostic::code).doesNotContain("RF6006");
        assertThat(report.summary()).filteredOn(l -> l.contains("positive.ndjson:2")).hasSize(1);
    }

    /**
     * Beside a tested rule, a rule without fixtures is a warning (--fail-on-warning makes it fail the build); a run
     * that tested no rule at all is an error: nothing in it is evidence (RF6017).
     */
    @Test
    void aRuleWithoutFixturesIsAWarningBesideTestedRulesAndARunTestingNoneIsAnError() throws Exception {
        write("rules/cmd.toml", rule("Cmd", "00000000-0000-4000-8000-000000000001"));
        Files.createDirectories(dir.resolve("fixtures"));
        StageReport none = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();
        assertThat(none.failed(false)).isTrue();
        assertThat(none.diagnostics()).filteredOn(Diagnostic::isError).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RF6017");
            assertThat(d.format()).startsWith("fixtures: error: no rule was tested (1 untested)");
        });

        write("rules/other.toml", rule("Other", "00000000-0000-4000-8000-000000000002"));
        write("fixtures/other/positive.ndjson", TwoRuleProject.POSITIVE);
        write("fixtures/other/negative.ndjson", TwoRuleProject.NEGATIVE);
        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").test();
        assertThat(report.failed(false)).isFalse();
        assertThat(report.failed(true)).isTrue();
        assertThat(withoutLockFileWarning(report)).singleElement().satisfies(d -> assertThat(d.message()).contains("no fixtures"));
    }

    @Test
    void theBundleIsByteIdenticalWhenRebuiltAndIndependentOfTheSourceFormat() throws Exception {
        write("rules/b.toml", rule("B", "00000000-0000-4000-8000-00000000000b"));
        write("rules/a.yaml", """
                metadata: {creation_date: "2020/02/18", maturity: production, updated_date: "2020/03/18"}
                rule:
                  type: query
                  severity: low
                  rule_id: 00000000-0000-4000-8000-00000000000a
                  risk_score: 21
                  name: A
                  language: kuery
                  index: [winlogbeat-*]
                  description: cmd.exe making a network connection.
                  author: [ruleforge]
                  query: |
                    process.name:cmd.exe and
                      not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)
                """);
        StageReport first = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").bundle();
        byte[] once = Files.readAllBytes(dir.resolve("out/bundle/rules.ndjson"));
        fullRebuild(dir.resolve("rules"), dir.resolve("fixtures")).bundle();
        byte[] twice = Files.readAllBytes(dir.resolve("out/bundle/rules.ndjson"));

        assertThat(first.failed(false)).isFalse();
        assertThat(twice).isEqualTo(once);
        List<String> lines = Files.readAllLines(dir.resolve("out/bundle/rules.ndjson"));
        assertThat(lines).hasSize(3);
        // Kibana's export-details line closes the file, as an export from Kibana does
        assertThat(lines.get(2)).startsWith("{\"exported_count\":2,\"exported_rules_count\":2,\"missing_rules\":[]");
        assertThat(Files.readAllBytes(dir.resolve("out/bundle.zip"))).isNotEmpty();
        JsonNode manifest = JSON.readTree(dir.resolve("out/bundle/manifest.json").toFile());
        assertThat(manifest.at("/rules/0/rule_id").asText()).isEqualTo("00000000-0000-4000-8000-00000000000a");
        assertThat(manifest.at("/rules/0/sha256").asText()).isEqualTo(sha256(lines.get(0)));
        assertThat(dir.resolve("out/bundle/rules/00000000-0000-4000-8000-00000000000b.json")).exists();
        // sorted by rule_id, fixed key order; the YAML and TOML rules differ only in name and rule_id
        assertThat(lines.get(0)).startsWith("{\"rule_id\":\"00000000-0000-4000-8000-00000000000a\",\"name\":\"A\",\"description\":");
        assertThat(lines.get(1).replace("0000000b", "0000000a").replace("\"name\":\"B\"", "\"name\":\"A\"")).isEqualTo(lines.get(0));
    }

    @Test
    void aRuleSetOfSeveralChunksIsCheckedAsOneSetAndEachRuleIsBundledFromItsOwnDocument() throws Exception {
        // more files than one chunk of loading (64): the last one takes the first one's rule_id
        for (int i = 0; i < 70; i++) {
            write(String.format("rules/r%02d.toml", i), rule("Rule " + i, String.format("00000000-0000-4000-8000-0000000000%02d", i)));
        }
        write("rules/r70.toml", rule("Rule 70", "00000000-0000-4000-8000-000000000000"));

        StageReport withDuplicate = fullRebuild(dir.resolve("rules"), dir.resolve("fixtures")).bundle();

        assertThat(withoutLockFileWarning(withDuplicate)).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RF2012");
            assertThat(d.position().file()).endsWith("rules/r70.toml");
            assertThat(d.message()).contains("is already used by ").contains("rules/r00.toml:11:11");
        });
        assertThat(dir.resolve("out/bundle")).doesNotExist();

        Files.delete(dir.resolve("rules/r70.toml"));
        StageReport bundled = fullRebuild(dir.resolve("rules"), dir.resolve("fixtures")).bundle();

        assertThat(bundled.failed(false)).isFalse();
        List<String> lines = Files.readAllLines(dir.resolve("out/bundle/rules.ndjson"));
        assertThat(lines).hasSize(71);
        // every rule's object comes from its own document (kept since it was checked, or its file read again)
        for (int i = 0; i < 70; i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            assertThat(line.get("rule_id").asText()).isEqualTo(String.format("00000000-0000-4000-8000-0000000000%02d", i));
            assertThat(line.get("name").asText()).isEqualTo("Rule " + i);
            assertThat(line.get("query").asText()).isEqualTo("process.name:cmd.exe and\n  not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)\n");
        }
    }

    @Test
    void theBundleIsTheSameWhetherTheRunKeptEveryDocumentSomeOrNoneAndReadTheOthersAgain() throws Exception {
        for (int i = 0; i < 70; i++) {
            write(String.format("rules/r%02d.toml", i), rule("Rule " + i, String.format("00000000-0000-4000-8000-0000000000%02d", i)));
        }
        RuleforgeOptions options = new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false).withIncremental(false);
        long oneDocument = RuleChecks.SpareRoom.cost(io.ruleforge.rule.Rule.of(new io.ruleforge.load.RuleLoader(dir)
                .load(dir.resolve("rules/r00.toml"))));
        java.util.Map<Long, java.util.Map<String, String>> bundles = new java.util.LinkedHashMap<>();
        // no room (every file read again), room for 10 of 70 documents (both ways in one run, across two chunks), all
        for (long room : new long[] {0, oneDocument * 10 + oneDocument / 2, Long.MAX_VALUE}) {
            assertThat(BundleStage.run(StageContext.of(options).withDocumentRoom(room)).failed(false)).as("room " + room).isFalse();
            java.util.Map<String, String> files = new java.util.TreeMap<>();
            try (java.util.stream.Stream<Path> walk = Files.walk(dir.resolve("out/bundle"))) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    files.put(dir.resolve("out/bundle").relativize(f).toString(), Files.readString(f));
                }
            }
            files.put("../bundle.zip", java.util.HexFormat.of().formatHex(Files.readAllBytes(dir.resolve("out/bundle.zip"))));
            bundles.put(room, files);
        }
        assertThat(bundles.values()).allSatisfy(b -> assertThat(b).hasSize(73).isEqualTo(bundles.get(0L)));
    }

    private static String sha256(String line) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void theZipIsByteIdenticalWhenRebuilt() throws Exception {
        write("rules/b.toml", rule("B", "00000000-0000-4000-8000-00000000000b"));
        fullRebuild(dir.resolve("rules"), dir.resolve("fixtures")).bundle();
        byte[] once = Files.readAllBytes(dir.resolve("out/bundle.zip"));
        Thread.sleep(1100); // a zip that stored build times would now differ
        fullRebuild(dir.resolve("rules"), dir.resolve("fixtures")).bundle();
        assertThat(Files.readAllBytes(dir.resolve("out/bundle.zip"))).isEqualTo(once);
    }

    @Test
    void theZipHoldsTheBundleFolderByteForByteRuleFilesByRuleIdThenTheNdjsonThenTheManifest() throws Exception {
        write("rules/b.toml", rule("B", "00000000-0000-4000-8000-00000000000b"));
        write("rules/a.toml", rule("A", "00000000-0000-4000-8000-00000000000a"));
        assertThat(fullRebuild(dir.resolve("rules"), dir.resolve("fixtures")).bundle().failed(false)).isFalse();

        List<String> names = new ArrayList<>();
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(dir.resolve("out/bundle.zip").toFile())) {
            for (java.util.zip.ZipEntry entry : java.util.Collections.list(zip.entries())) {
                names.add(entry.getName());
                assertThat(entry.getLastModifiedTime().toInstant()).isEqualTo(java.time.Instant.parse("2020-01-01T00:00:00Z"));
                assertThat(zip.getInputStream(entry).readAllBytes()).as(entry.getName())
                        .isEqualTo(Files.readAllBytes(dir.resolve("out/bundle").resolve(entry.getName())));
            }
        }
        assertThat(names).containsExactly("rules/00000000-0000-4000-8000-00000000000a.json",
                "rules/00000000-0000-4000-8000-00000000000b.json", "rules.ndjson", "manifest.json");
        try (java.util.stream.Stream<Path> folder = Files.walk(dir.resolve("out/bundle"))) {
            assertThat(folder.filter(Files::isRegularFile).count()).as("files in the bundle folder").isEqualTo(names.size());
        }
    }

    @Test
    void noBundleIsWrittenWhenAnyRuleHasAnError() throws Exception {
        write("rules/a.toml", rule("A", "00000000-0000-4000-8000-00000000000a"));
        // an error Kibana would refuse too: a risk score out of 0..100
        write("rules/b.toml", rule("B", "00000000-0000-4000-8000-00000000000b").replace("risk_score = 21", "risk_score = 101"));
        StageReport report = ruleforge(dir.resolve("rules"), dir.resolve("fixtures"), KibanaVersion.DEFAULT, "ecs").bundle();
        assertThat(report.failed(false)).isTrue();
        assertThat(report.written()).containsExactly(dir.resolve("out/ruleforge.sarif"));
        assertThat(dir.resolve("out/bundle/rules.ndjson")).doesNotExist();
    }
}
