package io.ruleforge.rule;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExceptionListLoaderTest {

    static final String LIST = """
            [metadata]
            creation_date = "2024/06/01"
            list_name = "Trusted scanners"
            rule_ids = []
            rule_names = ["Cmd"]
            updated_date = "2024/06/01"

            [[exceptions]]
            [exceptions.container]
            description = "Vulnerability scanners"
            list_id = "trusted-scanners"
            name = "Trusted scanners"
            namespace_type = "single"
            tags = []
            type = "detection"

            [[exceptions.items]]
            comments = []
            description = "Nessus"
            item_id = "nessus"
            list_id = "trusted-scanners"
            name = "Nessus"
            namespace_type = "single"
            os_types = ["windows"]
            tags = []
            type = "simple"
            expire_time = "2030-01-01T00:00:00.000Z"

            [[exceptions.items.entries]]
            field = "host.name"
            operator = "included"
            type = "match_any"
            value = ["scan-01", "scan-02"]

            [[exceptions.items.entries]]
            field = "threat.enrichments"
            type = "nested"

            [[exceptions.items.entries.entries]]
            field = "indicator.ip"
            operator = "excluded"
            type = "match"
            value = "203.0.113.9"

            [[exceptions.items]]
            description = "Blocked IPs, kept in Kibana"
            item_id = "value-list"
            name = "Value list"

            [[exceptions.items.entries]]
            field = "source.ip"
            operator = "included"
            type = "list"
            list = { id = "bad-ips", type = "ip" }
            """;

    @TempDir
    Path dir;

    private ExceptionListLoader.Result load(String file, String text) throws Exception {
        Files.writeString(dir.resolve(file), text);
        return new ExceptionListLoader(dir).load(dir, true);
    }

    @Test
    void readsDetectionRulesExportsEntryByEntry() throws Exception {
        ExceptionListLoader.Result result = load("trusted_scanners_exceptions.toml", LIST);

        assertThat(result.diagnostics()).isEmpty();
        ExceptionList list = result.lists().find("trusted-scanners", "single").orElseThrow();
        assertThat(list.name()).isEqualTo("Trusted scanners");
        assertThat(list.items()).hasSize(2);
        ExceptionItem nessus = list.items().get(0);
        assertThat(nessus.osTypes()).containsExactly("windows");
        assertThat(nessus.expireTime()).contains(Instant.parse("2030-01-01T00:00:00Z"));
        assertThat(nessus.entries()).containsExactly(
                new ExceptionEntry.MatchAny("host.name", false, List.of("scan-01", "scan-02")),
                new ExceptionEntry.Nested("threat.enrichments", List.of(new ExceptionEntry.Match("indicator.ip", true, "203.0.113.9"))));
        assertThat(nessus.position().toString()).isEqualTo("trusted_scanners_exceptions.toml:17:1");
        assertThat(list.items().get(1).valueListEntry()).contains(new ExceptionEntry.ValueList("source.ip", false, "bad-ips", "ip"));
        // the bundle exports them as written
        assertThat(nessus.source().path("item_id").asText()).isEqualTo("nessus");
        assertThat(list.container().path("type").asText()).isEqualTo("detection");
    }

    @Test
    void yamlFilesHoldTheSameTree() throws Exception {
        ExceptionListLoader.Result result = load("lists.yaml", """
                exceptions:
                  - container: {list_id: yaml-list, name: Y, description: d, type: detection, namespace_type: agnostic}
                    items:
                      - name: one
                        item_id: one
                        description: d
                        entries:
                          - {field: process.name, operator: included, type: wildcard, value: "svc*"}
                          - {field: user.name, operator: excluded, type: exists}
                """);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.lists().find("yaml-list", "agnostic").orElseThrow().items().get(0).entries()).containsExactly(
                new ExceptionEntry.Wildcard("process.name", false, "svc*"), new ExceptionEntry.Exists("user.name", true));
        assertThat(result.lists().find("yaml-list", "single")).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtItsPositionAndItsItemLeftOut() throws Exception {
        ExceptionListLoader.Result result = load("bad.toml", """
                [[exceptions]]
                [exceptions.container]
                list_id = "x"
                name = "x"
                description = "d"
                type = "detection"

                [[exceptions.items]]
                name = "fine"
                item_id = "fine"
                description = "d"
                [[exceptions.items.entries]]
                field = "a"
                operator = "included"
                type = "exists"

                [[exceptions.items]]
                name = "broken"
                description = "d"
                list_id = "y"
                [[exceptions.items.entries]]
                field = "a"
                operator = "include"
                type = "match_all"
                [[exceptions.items.entries]]
                field = "b"
                operator = "included"
                type = "match_any"
                value = []
                [[exceptions.items.entries]]
                field = "c"
                operator = "included"
                type = "exists"
                value = "v"
                """);

        assertThat(result.diagnostics()).extracting(d -> d.position() + ": " + d.message()).containsExactly(
                "bad.toml:20:11: expected the list_id of its container, \"x\", found \"y\"",
                "bad.toml:17:1: missing required key item_id",
                "bad.toml:24:8: expected one of exists, list, match, match_any, nested, wildcard, found \"match_all\"",
                "bad.toml:29:9: expected a non-empty list of strings, found array",
                "bad.toml:34:9: expected no value: an exists entry tests only that the field has one");
        assertThat(result.diagnostics()).extracting(Diagnostic::code).containsOnly("RF2024");
        assertThat(result.lists().find("x", "single").orElseThrow().items()).extracting(ExceptionItem::name).containsExactly("fine");
    }

    @Test
    void aContainerWithoutItsKeysIsNoListAndADuplicateIsRefused() throws Exception {
        Files.writeString(dir.resolve("a.toml"), LIST);
        Files.writeString(dir.resolve("b.toml"), LIST.replace("\"nessus\"", "\"nessus-2\"").replace("\"value-list\"", "\"value-list-2\""));
        Files.writeString(dir.resolve("c.toml"), """
                [[exceptions]]
                [exceptions.container]
                name = "no id"
                type = "shared"
                """);
        ExceptionListLoader.Result result = new ExceptionListLoader(dir).load(dir, true);

        assertThat(result.diagnostics()).extracting(d -> d.code() + " " + d.position() + ": " + d.message()).containsExactly(
                "RF2025 b.toml:9:1: exception list trusted-scanners is already defined at a.toml:9:1; rules would get the items of the first one only",
                "RF2024 c.toml:2:1: missing required key list_id",
                "RF2024 c.toml:2:1: missing required key description",
                "RF2024 c.toml:4:8: expected one of detection, endpoint, endpoint_blocklists, endpoint_events, "
                        + "endpoint_host_isolation_exceptions, endpoint_trusted_apps, rule_default, found \"shared\"");
        assertThat(result.lists().all()).hasSize(1);
    }

    @Test
    void aFileWithoutExceptionsOrEmptySaysWhatItExpected() throws Exception {
        Files.writeString(dir.resolve("rule.toml"), "[rule]\nname = \"a rule in the wrong folder\"\n");
        Files.writeString(dir.resolve("empty.yaml"), "\n");
        ExceptionListLoader.Result result = new ExceptionListLoader(dir).load(dir, true);

        assertThat(result.diagnostics()).extracting(d -> d.code() + " " + d.position() + ": " + d.message()).containsExactly(
                "RF1006 empty.yaml: expected exception lists ([[exceptions]]), found an empty file",
                "RF2024 rule.toml:1:1: expected [[exceptions]] tables, each with an [exceptions.container] and its [[exceptions.items]], found nothing");
    }

    @Test
    void aMissingFolderHoldsNoListUnlessItWasNamed() throws Exception {
        assertThat(new ExceptionListLoader(dir).load(dir.resolve("exceptions"), false).diagnostics()).isEmpty();
        assertThat(new ExceptionListLoader(dir).load(dir.resolve("exceptions"), true).diagnostics())
                .extracting(d -> d.code() + " " + d.message()).containsExactly("RF1001 exception lists folder does not exist");
        Files.writeString(dir.resolve("exceptions"), "a file");
        assertThat(new ExceptionListLoader(dir).load(dir.resolve("exceptions"), true).diagnostics())
                .extracting(d -> d.code() + " " + d.message()).containsExactly("RF1001 exception lists folder is not a directory");
    }

    @Test
    void aRuleGetsTheUnexpiredItemsOfTheListsItNames() throws Exception {
        ExceptionLists lists = load("l.toml", LIST).lists();
        var refs = new ObjectMapper().readTree("""
                [{"list_id":"trusted-scanners","namespace_type":"single"},{"list_id":"trusted-scanners"},
                 {"id":"endpoint_list","list_id":"endpoint_list","namespace_type":"agnostic","type":"endpoint"}]""");

        ExceptionLists.Resolution before = lists.resolve(refs, Instant.parse("2029-12-31T23:59:59Z"));
        assertThat(before.applied()).extracting(ExceptionItem::name).containsExactly("Nessus", "Value list");
        assertThat(before.notInProject()).containsExactly("endpoint_list (agnostic)");
        // Kibana's removeExpiredExceptions drops an item whose expire_time is before the run's start
        assertThat(lists.resolve(refs, Instant.parse("2030-01-01T00:00:00Z")).applied()).hasSize(2);
        ExceptionLists.Resolution after = lists.resolve(refs, Instant.parse("2030-01-01T00:00:00.001Z"));
        assertThat(after.applied()).extracting(ExceptionItem::name).containsExactly("Value list");
        assertThat(after.expired()).extracting(ExceptionItem::name).containsExactly("Nessus");
    }

    @Test
    void aWildcardWithSingleBackslashesIsWarnedAtTheFirstOne() throws Exception {
        ExceptionListLoader.Result result = load("paths.toml", """
                [[exceptions]]
                [exceptions.container]
                list_id = "p"
                name = "p"
                description = "d"
                type = "detection"
                [[exceptions.items]]
                item_id = "single"
                name = "single"
                description = "d"
                [[exceptions.items.entries]]
                field = "process.executable"
                operator = "included"
                type = "wildcard"
                value = 'C:\\Tools\\*\\x.exe'
                [[exceptions.items]]
                item_id = "doubled"
                name = "doubled"
                description = "d"
                [[exceptions.items.entries]]
                field = "process.executable"
                operator = "included"
                type = "wildcard"
                value = 'C:\\\\Tools\\\\*\\\\x?.exe'
                """);

        assertThat(result.diagnostics()).extracting(d -> d.code() + " " + d.position() + ": " + d.message()).containsExactly(
                "RF2026 paths.toml:15:12: \"\\T\" in this wildcard is the plain character \"T\": Elasticsearch reads a"
                        + " backslash as an escape, so the pattern does not match a path written with single backslashes");
        // a warning: the item is still applied, as Kibana would apply it
        assertThat(result.lists().find("p", "single").orElseThrow().items()).hasSize(2);
    }

    @Test
    void anItemIdIsOneItemWithinItsNamespaceAndAnItemLivesInItsListsNamespace() throws Exception {
        ExceptionListLoader.Result result = load("ids.toml", LIST + LIST.substring(LIST.indexOf("[[exceptions]]"))
                .replace("\"trusted-scanners\"", "\"other\"").replace("item_id = \"value-list\"", "item_id = \"v2\"")
                .replace("namespace_type = \"single\"\nos_types", "namespace_type = \"agnostic\"\nos_types"));

        assertThat(result.diagnostics()).extracting(d -> d.code() + " " + d.position() + ": " + d.message()).containsExactly(
                "RF2024 ids.toml:70:18: expected the namespace_type of its container, \"single\", found \"agnostic\"");
        ExceptionListLoader.Result twice = load("ids.toml", LIST + LIST.substring(LIST.indexOf("[[exceptions]]"))
                .replace("\"trusted-scanners\"", "\"other\"").replace("item_id = \"value-list\"", "item_id = \"v2\""));
        assertThat(twice.diagnostics()).extracting(d -> d.code() + " " + d.position() + ": " + d.message()).containsExactly(
                "RF2025 ids.toml:64:1: item_id \"nessus\" is already used at ids.toml:17:1; Kibana's import would take one item for the other");
    }

    private void valueList(String relative, String text) throws Exception {
        Path file = dir.resolve("value_lists").resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static List<String> findings(ExceptionListLoader.Result result) {
        return result.diagnostics().stream().map(d -> d.code() + " " + d.position() + ": " + d.message()).toList();
    }

    /** Kibana's import: a line a value, trimmed; blank lines and repeated lines skipped; the list named after its file. */
    @Test
    void valueListsAreReadAsKibanasImportReadsThem() throws Exception {
        valueList("keyword/scanner-hosts.txt", "scan-01\r\n  scan-02 \n\n   \nscan-01\nSCAN-03\n");
        valueList("ip_range/scanner-nets", "10.0.0.0/8\n192.168.1.1 - 192.168.1.9\n203.0.113.7\n2001:db8::-2001:db8::ff\n");
        valueList("ip/.gitkeep", "");
        valueList(".cache/keyword/old", "x\n");
        ExceptionListLoader.Result result = load("scanners.toml", LIST);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.lists().valueList("scanner-hosts.txt").orElseThrow().values()).containsExactly("scan-01", "scan-02", "SCAN-03");
        // a single address is stored as the range a-a and read back so
        assertThat(result.lists().valueList("scanner-nets").orElseThrow().values())
                .containsExactly("10.0.0.0/8", "192.168.1.1-192.168.1.9", "203.0.113.7-203.0.113.7", "2001:db8::-2001:db8::ff");
        assertThat(result.lists().valueList("scanner-nets").orElseThrow().dashRanges()).isEqualTo(3);
        assertThat(result.lists().valueList(".gitkeep")).isEmpty();
        assertThat(result.lists().valueList("old")).isEmpty();

        // the lists are inputs of every verdict made with them
        String digest = result.digest();
        valueList("keyword/scanner-hosts.txt", "scan-01\n");
        assertThat(load("scanners.toml", LIST).digest()).isNotEqualTo(digest);
    }

    @Test
    void aValueListElasticsearchWouldNotIndexIsAnErrorAtItsLine() throws Exception {
        valueList("ip/bad-ips", "10.0.0.1\n  10.0.0.0/8\n010.0.0.1\n");
        valueList("ip_range/ranges", "10.0.0.9-10.0.0.1\nhost-1\n");
        valueList("hostnames/x", "a\n");
        valueList("loose.txt", "a\n");
        Files.createDirectories(dir.resolve("value_lists/keyword"));
        Files.write(dir.resolve("value_lists/keyword/binary"), new byte[] {'o', 'k', '\n', 'b', (byte) 0xff, '\n'});
        ExceptionListLoader.Result result = load("scanners.toml", LIST);

        assertThat(findings(result)).containsExactlyInAnyOrder(
                "RF2024 value_lists/ip/bad-ips:2:3: expected an IP address in this value list, found \"10.0.0.0/8\":"
                        + " Elasticsearch would not index it, and Kibana's import would fail on it",
                "RF2024 value_lists/ip/bad-ips:3:1: expected an IP address in this value list, found \"010.0.0.1\":"
                        + " Elasticsearch would not index it, and Kibana's import would fail on it",
                "RF2024 value_lists/ip_range/ranges:1:1: expected a range whose first address is not above its last in this"
                        + " value list, found \"10.0.0.9-10.0.0.1\": Elasticsearch would not index it, and Kibana's import would fail on it",
                "RF2024 value_lists/ip_range/ranges:2:1: expected an IP range: first-last address, an address or a CIDR block"
                        + " in this value list, found \"host-1\": Elasticsearch would not index it, and Kibana's import would fail on it",
                "RF2024 value_lists/hostnames/x:1:1: expected the folder of a value list to be named after its type (keyword,"
                        + " ip, ip_range, text, or another of Kibana's list types), found \"hostnames\"",
                "RF2024 value_lists/loose.txt:1:1: expected a value list at value_lists/<type>/<list id>, one folder per"
                        + " list type, found value_lists/loose.txt",
                "RF2024 value_lists/keyword/binary:2:2: expected UTF-8 text, found the byte 0xFF");
        assertThat(result.lists().valueLists()).isEmpty();
    }

    /** Numbers, booleans and dates as Elasticsearch indexes them in the list item index: Kibana's import refuses the rest. */
    @Test
    void numericBooleanAndDateListsHoldOnlyWhatTheirFieldTakes() throws Exception {
        valueList("long/pids", "1\n-9223372036854775808\nabc\n99999999999999999999\n");
        valueList("byte/small", "127\n128\n");
        valueList("double/ratios", "0.5\n1e999\n");
        valueList("boolean/flags", "true\nyes\n");
        valueList("date/days", "2024-05-01T12:00:00Z\n1714564800000\nyesterday\n");
        valueList("text/any", "yesterday\n128\n");
        valueList("date_nanos/stamps", "2024-05-01T12:00:00Z\n1969-12-31T23:59:59Z\n2262-04-12T00:00:00Z\n");
        ExceptionListLoader.Result result = load("scanners.toml", LIST);

        String tail = ": Elasticsearch would not index it, and Kibana's import would fail on it";
        assertThat(findings(result)).containsExactlyInAnyOrder(
                "RF2024 value_lists/long/pids:3:1: expected a number within the range of long in this value list, found \"abc\"" + tail,
                "RF2024 value_lists/long/pids:4:1: expected a number within the range of long in this value list, found"
                        + " \"99999999999999999999\"" + tail,
                "RF2024 value_lists/byte/small:2:1: expected a number within the range of byte in this value list, found \"128\"" + tail,
                "RF2024 value_lists/double/ratios:2:1: expected a number within the range of double in this value list, found"
                        + " \"1e999\"" + tail,
                "RF2024 value_lists/boolean/flags:2:1: expected true or false in this value list, found \"yes\"" + tail,
                "RF2024 value_lists/date/days:3:1: expected a date (\"2024-05-01T12:00:00Z\" or epoch milliseconds) in this"
                        + " value list, found \"yesterday\"" + tail,
                "RF2024 value_lists/date_nanos/stamps:2:1: expected a date from 1970 to 2262 (\"2024-05-01T12:00:00Z\" or epoch"
                        + " milliseconds) in this value list, found \"1969-12-31T23:59:59Z\"" + tail,
                "RF2024 value_lists/date_nanos/stamps:3:1: expected a date from 1970 to 2262 (\"2024-05-01T12:00:00Z\" or epoch"
                        + " milliseconds) in this value list, found \"2262-04-12T00:00:00Z\"" + tail);
        assertThat(result.lists().valueList("any").orElseThrow().values()).containsExactly("yesterday", "128");
    }

    @Test
    void aValueListIdIsKeptOnce() throws Exception {
        valueList("keyword/hosts", "a\n");
        valueList("text/hosts", "a\n");
        ExceptionListLoader.Result result = load("scanners.toml", LIST);

        assertThat(findings(result)).containsExactly("RF2025 value_lists/text/hosts:1:1: value list \"hosts\" is already"
                + " kept at value_lists/keyword/hosts; Kibana knows a list by its id alone");
        assertThat(result.lists().valueList("hosts").orElseThrow().type()).isEqualTo("keyword");
    }

    /** An exceptions file named like a list below value_lists/ is a value list, not an exception list. */
    @Test
    void filesBelowValueListsAreNeverReadAsExceptionLists() throws Exception {
        valueList("keyword/lists.toml", "[[exceptions]]\n");
        ExceptionListLoader.Result result = load("scanners.toml", LIST);

        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.lists().valueList("lists.toml").orElseThrow().values()).containsExactly("[[exceptions]]");
        assertThat(result.lists().all()).hasSize(1);
    }

    /** JavaScript's trim (no-break spaces too) and node's line ends (a lone carriage return too), as Kibana reads. */
    @Test
    void linesAreSplitAndTrimmedAsKibanasNodeCodeDoes() throws Exception {
        valueList("keyword/hosts", "BUILD-01\u00A0\n\u00A0\u3000\na\rb\r\n\u0001c\n");
        ExceptionListLoader.Result result = load("scanners.toml", LIST);

        assertThat(result.diagnostics()).isEmpty();
        // JavaScript keeps a control character that Java's trim would strip
        assertThat(result.lists().valueList("hosts").orElseThrow().values()).containsExactly("BUILD-01", "a", "b", "\u0001c");
    }

    /** Kibana's import drops a repeated line only while the first is still in its buffer of 1,000 distinct lines. */
    @Test
    void aLineRepeatedAfterTheImportBufferWasWrittenIsKeptTwice() throws Exception {
        StringBuilder text = new StringBuilder("x\nx\n");
        for (int i = 0; i < 1000; i++) {
            text.append("v").append(i).append('\n');
        }
        text.append("x\n");
        valueList("keyword/long", text.toString());

        List<String> values = load("scanners.toml", LIST).lists().valueList("long").orElseThrow().values();

        assertThat(values).hasSize(1002);
        assertThat(values).filteredOn("x"::equals).hasSize(2);
    }

    @Test
    void anEmptyValueListIsAWarningAndAnEntryOfAnotherTypeAnError() throws Exception {
        valueList("ip_range/nothing", "\n  \n");
        valueList("keyword/bad-ips", "10.0.0.1\n");
        String text = LIST; // its second item tests source.ip against the ip list bad-ips
        ExceptionListLoader.Result result = load("scanners.toml", text);

        int itemLine = (int) text.substring(0, text.lastIndexOf("[[exceptions.items]]")).lines().count() + 1;
        assertThat(findings(result)).containsExactly(
                "RF2027 value_lists/ip_range/nothing:1:1: the value list \"nothing\" holds no value: an entry that tests it"
                        + " holds for every event (an ip_range list builds a bool of no clause, an excluded entry a must_not"
                        + " of nothing), but for an included entry on a keyword or ip list, which holds for none (a terms"
                        + " query of no value)",
                "RF2024 scanners.toml:" + itemLine + ":1: exception item \"Value list\" tests source.ip against the value list"
                        + " \"bad-ips\" of type ip, but the project keeps it with type keyword (value_lists/keyword/bad-ips)");
    }
}
