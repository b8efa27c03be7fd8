package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project's ES|QL rules with {@code alert_suppression} (Kibana 8.15+) through the test stage. The expectations
 * are reasoned from Kibana's ES|QL executor ({@code esql.ts}): each result row becomes a hit — a non-aggregating
 * query's row merged over its source document ({@code mergeEsqlResultInSource}: the row's column replaces the
 * source's field), an aggregating one's row alone — and {@code wrapSuppressedEsqlAlerts} reads the suppression terms
 * from {@code {...fields, ..._source}}: a column wins, a field the row does not keep comes from the source document's
 * fields (a STATS row has none). {@code bulkCreateSuppressedAlertsInMemory} then keeps the first alert of each group,
 * counting the others; under {@code doNotSuppress} a hit missing a group field is a plain alert.
 */
class EsqlSuppressionTest {

    private static final String CERTUTIL = "certutil_decode_or_download_esql";
    private static final String SPRAYING = "password_spraying_from_one_source_esql";

    @TempDir
    Path dir;

    private StageReport test(String stem, java.util.function.UnaryOperator<String> edit, String suppression, String caseJson) throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Files.createDirectories(dir.resolve("rules"));
        String rule = edit.apply(Files.readString(project.resolve("rules/" + stem + ".toml")));
        int threat = rule.indexOf("\n[[rule.threat]]");
        rule = rule.substring(0, threat) + "\n" + suppression + rule.substring(threat);
        Files.writeString(dir.resolve("rules/" + stem + ".toml"), rule);
        Path cases = Files.createDirectories(dir.resolve("fixtures/" + stem + "/cases"));
        Files.writeString(cases.resolve("case.json"), caseJson);
        Ruleforge forge = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false));
        forge.lock();
        return forge.test();
    }

    private static String suppression(String field, String strategy) {
        return "[rule.alert_suppression]\ngroup_by = [\"" + field + "\"]\nmissing_fields_strategy = \"" + strategy + "\"\n";
    }

    /** certutil.exe started on {@code host} with {@code args}. */
    private static String certutil(String time, String host, String user, String args) {
        return "{\"@timestamp\": \"2026-11-26T" + time + ".000Z\", \"host\": {\"name\": \"" + host + "\", \"os\": {\"type\": \"windows\"}}, "
                + "\"user\": {\"name\": \"" + user + "\"}, \"event\": {\"category\": [\"process\"], \"type\": [\"start\"]}, "
                + "\"process\": {\"name\": \"certutil.exe\", \"command_line\": \"certutil.exe " + args + "\"}}";
    }

    /**
     * Three decoding/downloading certutil runs (WS-21, ws-21, WS-22) and one harmless one; the query lower-cases
     * host.name in an EVAL before its KEEP, so the rows name ws-21, ws-21, ws-22.
     */
    private static final String CERTUTIL_CASE = """
            {"now": "2026-11-26T10:05:00.000Z",
             "events": [
             %s,
             %s,
             %s,
             %s
             ],
             "expect": %s}
            """;

    private static String certutilCase(String expect) {
        return CERTUTIL_CASE.formatted(certutil("10:00:00", "WS-21", "alice", "-urlcache -split -f http://203.0.113.7/a.txt a.txt"),
                certutil("10:01:00", "ws-21", "bob", "-decode a.b64 a.exe"),
                certutil("10:02:00", "WS-22", "alice", "-decode b.b64 b.exe"),
                certutil("10:03:00", "WS-21", "carol", "-hashfile a.exe"), expect);
    }

    private static String lowerCaseHost(String toml) {
        return toml.replace("| keep @timestamp", "| eval host.name = to_lower(host.name)\n| keep @timestamp");
    }

    @Test
    void aNonAggregatingRowsColumnDecidesItsGroupOverTheSourceEvent() throws Exception {
        // grouped by the row's host.name: ws-21 (10:00, 10:01: one alert, 1 suppressed) and ws-22. Were the source's
        // host.name read instead, WS-21, ws-21 and WS-22 would be three groups.
        String expect = "{\"alerts\": 2, \"suppressed\": 1, \"groups\": [{\"key\": {\"host.name\": \"ws-21\"}, \"suppressed\": 1},"
                + " {\"key\": {\"host.name\": \"ws-22\"}, \"suppressed\": 0}]}";
        StageReport report = test(CERTUTIL, EsqlSuppressionTest::lowerCaseHost, suppression("host.name", "suppress"), certutilCase(expect));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + CERTUTIL + ".toml"));
        assertThat(report.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
    }

    @Test
    void aFieldTheRowDoesNotKeepIsReadFromTheSourceEvent() throws Exception {
        // host.os.type is not among the KEEP columns: Kibana reads it from the source document's fields, "windows"
        // for all three rows — one alert, 2 suppressed (read from the row alone it would be missing, and under
        // doNotSuppress each row would alert on its own: 3 alerts)
        String expect = "{\"alerts\": 1, \"suppressed\": 2, \"groups\": [{\"key\": {\"host.os.type\": \"windows\"}, \"suppressed\": 2}]}";
        StageReport report = test(CERTUTIL, t -> t, suppression("host.os.type", "doNotSuppress"), certutilCase(expect));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + CERTUTIL + ".toml"));
    }

    @Test
    void withoutTheIdColumnARowHasNoSourceEventToReadAFieldFrom() throws Exception {
        // the same rule keeping no _id: the executor finds no source document for a row, so host.os.type is missing
        // on all three hits and under doNotSuppress each alerts on its own
        String expect = "{\"alerts\": 3, \"suppressed\": 0}";
        StageReport report = test(CERTUTIL, t -> t.replace("process.command_line, _id, _version, _index", "process.command_line"),
                suppression("host.os.type", "doNotSuppress"), certutilCase(expect));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + CERTUTIL + ".toml"));
    }

    @Test
    void withoutSuppressionKibana815sUniqByMakesTheRowsOfOneEventOneAlertOnlyWhenTheQueryKeepsItsId() throws Exception {
        // no suppression; MV_EXPAND user.name turns the first event (users alice and bob) into two rows. Kibana 8.15's
        // generateAlertId names a non-aggregating row by its source event when the row has _id, and wrapEsqlAlerts
        // keeps one alert per id (uniqBy): the two rows are one alert, 3 in all; without the _id column each row is
        // named by its place: 4 alerts.
        String expandUsers = "| keep @timestamp, host.name, user.name";
        String twoUsers = certutilCase("%s").replaceFirst("\"user\": \\{\"name\": \"alice\"}", "\"user\": {\"name\": [\"alice\", \"bob\"]}");
        for (boolean keepId : List.of(true, false)) {
            String expect = "{\"alerts\": " + (keepId ? 3 : 4) + "}";
            StageReport report = test(CERTUTIL, t -> t.replace(expandUsers, "| mv_expand user.name\n" + expandUsers)
                    .replace("process.command_line, _id, _version, _index", keepId ? "process.command_line, _id, _version, _index" : "process.command_line"),
                    "", twoUsers.formatted(expect));
            assertThat(report.summary()).as("keeping _id: " + keepId).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + CERTUTIL + ".toml"));
        }
    }

    @Test
    void withSuppressionKibana815CountsTheOtherRowsOfOneEventAsSuppressed() throws Exception {
        // suppression by host.name; MV_EXPAND user.name turns the first event (WS-21, users alice and bob) into two
        // rows. Kibana 8.15's wrapSuppressedEsqlAlerts has no uniqBy (unlike its wrapEsqlAlerts; later versions add
        // the expanded values to the id and de-duplicate): both rows are hits of the WS-21 group, and
        // suppressAlertsInMemory keeps the first and counts the second — WS-21 +1 suppressed, ws-21 and WS-22 alone:
        // 3 alerts, 1 suppressed (de-duplicating the rows first would give 0 suppressed).
        String expandUsers = "| keep @timestamp, host.name, user.name";
        String twoUsers = certutilCase("{\"alerts\": 3, \"suppressed\": 1, \"groups\": [{\"key\": {\"host.name\": \"WS-21\"}, \"suppressed\": 1},"
                + " {\"key\": {\"host.name\": \"ws-21\"}, \"suppressed\": 0}, {\"key\": {\"host.name\": \"WS-22\"}, \"suppressed\": 0}]}")
                .replaceFirst("\"user\": \\{\"name\": \"alice\"}", "\"user\": {\"name\": [\"alice\", \"bob\"]}");
        StageReport report = test(CERTUTIL, t -> t.replace(expandUsers, "| mv_expand user.name\n" + expandUsers),
                suppression("host.name", "suppress"), twoUsers);
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + CERTUTIL + ".toml"));
    }

    @Test
    void withSuppressionKibana815WritesOneAlertForTwoRowsOfOneEventInDifferentGroups() throws Exception {
        // suppression by user.name; MV_EXPAND user.name turns the first event (WS-21, users alice and bob) into two
        // rows with the event's _id (8.15: no expanded values in the id). suppressAlertsInMemory (stable by suppression
        // start) keeps alice's 10:00 row (alice's 10:02 counted into it) and bob's 10:00 row (bob's 10:01 into it):
        // two new alerts of one _id. The bulk create of the second fails with a 409 (errors for 409 are ignored): 1
        // alert, alice +1; bob gets none. (Writing both would give 2 alerts, 2 suppressed.)
        String expandUsers = "| keep @timestamp, host.name, user.name";
        String twoUsers = certutilCase("{\"alerts\": 1, \"suppressed\": 1, \"groups\": [{\"key\": {\"user.name\": \"alice\"}, \"suppressed\": 1}]}")
                .replaceFirst("\"user\": \\{\"name\": \"alice\"}", "\"user\": {\"name\": [\"alice\", \"bob\"]}");
        StageReport report = test(CERTUTIL, t -> t.replace(expandUsers, "| mv_expand user.name\n" + expandUsers),
                suppression("user.name", "suppress"), twoUsers);
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + CERTUTIL + ".toml"));
    }

    /** {@code count} decoding certutil runs on WS-21 a second apart from 10:00:00, then one on WS-22 after them. */
    private static String manyRunsCase(int count, String expect) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(certutil("10:%02d:%02d".formatted(i / 60, i % 60), "WS-21", "alice", "-decode a.b64 a.exe"));
        }
        events.add(certutil("10:%02d:%02d".formatted(count / 60, count % 60), "WS-22", "bob", "-decode b.b64 b.exe"));
        return "{\"now\": \"2026-11-26T10:08:00.000Z\", \"events\": [\n" + String.join(",\n", events) + "\n], \"expect\": " + expect + "}";
    }

    /** The rule's rows in time order (a SORT makes the row order, hence Kibana's pages, deterministic). */
    private static String sortedByTime(String toml) {
        return toml.replace("| keep @timestamp", "| sort @timestamp\n| keep @timestamp");
    }

    @Test
    void maxSignalsStopsTheSuppressedRunAfterItsFirstFullPage() throws Exception {
        // 300 rows of WS-21, then one of WS-22; max_signals 100 (the default). Kibana's esql.ts asks for the first
        // 100 rows (| limit 100); bulkCreateSuppressedAlertsInMemory with maxNumberOfAlertsMultiplier 1 writes the
        // WS-21 alert and suppresses 99 into it, and executeBulkCreateAlerts reports alertsWereTruncated (99 + 1 >=
        // 1 × 100), so the executor breaks: 1 alert, 99 suppressed. The other 200 WS-21 rows are never read, and
        // WS-22, first appearing at row 301, gets no alert. (Grouping every row would give WS-21 +299 and WS-22.)
        String expect = "{\"alerts\": 1, \"suppressed\": 99, \"groups\": [{\"key\": {\"host.name\": \"WS-21\"}, \"suppressed\": 99}]}";
        StageReport report = test(CERTUTIL, EsqlSuppressionTest::sortedByTime, suppression("host.name", "suppress"), manyRunsCase(300, expect));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + CERTUTIL + ".toml"));
    }

    @Test
    void aSmallerMaxSignalsMakesASmallerPage() throws Exception {
        // max_signals 3: the first page is 3 rows, all WS-21 — 1 alert, 2 suppressed, truncated (2 + 1 >= 3); WS-22
        // at row 6 is on no page read
        String expect = "{\"alerts\": 1, \"suppressed\": 2, \"groups\": [{\"key\": {\"host.name\": \"WS-21\"}, \"suppressed\": 2}]}";
        StageReport report = test(CERTUTIL, t -> sortedByTime(t).replace("language = \"esql\"", "language = \"esql\"\nmax_signals = 3"),
                suppression("host.name", "suppress"), manyRunsCase(5, expect));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + CERTUTIL + ".toml"));
    }

    @Test
    void withoutSuppressionMaxSignalsCapsTheAlertsAsKibanasPagesDo() throws Exception {
        // no suppression, max_signals 3, six matching events (each its own alert: the query keeps _id). esql.ts asks
        // for 3 rows; bulkCreate writes the 3 (maxAlerts = 3 − 0); the page was full, so it asks for 6 and takes rows
        // 4–6, but maxAlerts is now 3 − 3 = 0 and the persistence wrapper writes none (truncated): 3 alerts, as the
        // replay of an unsuppressed ES|QL rule writes at most max_signals a run.
        StageReport report = test(CERTUTIL, t -> sortedByTime(t).replace("language = \"esql\"", "language = \"esql\"\nmax_signals = 3"),
                "", manyRunsCase(5, "{\"alerts\": 3}"));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + CERTUTIL + ".toml"));
    }

    @Test
    void aNumericRowsOfASuppressedCaseIsTheQuerysRowCount() throws Exception {
        // the query gives 3 rows (WS-21, ws-21, WS-22) which suppression by the lower-cased host.name makes 2 alerts:
        // "rows": 3 holds, "rows": 2 (the alerts) does not
        String alerts = "\"alerts\": 2, \"suppressed\": 1";
        StageReport right = test(CERTUTIL, EsqlSuppressionTest::lowerCaseHost, suppression("host.name", "suppress"),
                certutilCase("{" + alerts + ", \"rows\": 3}"));
        assertThat(right.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + CERTUTIL + ".toml"));
        StageReport wrong = test(CERTUTIL, EsqlSuppressionTest::lowerCaseHost, suppression("host.name", "suppress"),
                certutilCase("{" + alerts + ", \"rows\": 2}"));
        assertThat(wrong.summary()).anySatisfy(l -> assertThat(l).startsWith("FAIL rules/" + CERTUTIL + ".toml"));
        assertThat(wrong.summary()).anySatisfy(l -> assertThat(l).contains("expected 2 rows, found 3"));
    }

    @Test
    void anotherGroupByFieldFailsTheCaseNamingWhatWasFound() throws Exception {
        String expect = "{\"alerts\": 2, \"suppressed\": 1, \"groups\": [{\"key\": {\"host.name\": \"ws-21\"}, \"suppressed\": 1},"
                + " {\"key\": {\"host.name\": \"ws-22\"}, \"suppressed\": 0}]}";
        // by user.name: alice (10:00, 10:02) and bob — the same counts, other keys
        StageReport report = test(CERTUTIL, EsqlSuppressionTest::lowerCaseHost, suppression("user.name", "suppress"), certutilCase(expect));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("FAIL rules/" + CERTUTIL + ".toml"));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).contains("expected an alert for host.name=ws-21, found none"));
    }

    /** Ten failed logons from {@code ip} over three accounts on DC-01, a minute apart from {@code minute}. */
    private static List<String> spray(String ip, int minute) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            out.add("{\"@timestamp\": \"2026-11-26T09:%02d:%02d.000Z\", \"event\": {\"category\": [\"authentication\"], \"outcome\": \"failure\"}, "
                    .formatted(minute + i, ip.endsWith("23") ? 0 : 30)
                    + "\"source\": {\"ip\": \"" + ip + "\"}, \"user\": {\"name\": \"" + List.of("alice", "bob", "carol").get(i % 3) + "\"}, "
                    + "\"host\": {\"name\": \"DC-01\"}}");
        }
        return out;
    }

    private static String sprayCase(String expect) {
        List<String> events = new ArrayList<>(spray("198.51.100.23", 10));
        events.addAll(spray("198.51.100.24", 10));
        events.sort(null); // by their timestamps, which lead each line
        return "{\"now\": \"2026-11-26T09:21:00.000Z\", \"events\": [\n" + String.join(",\n", events) + "\n], \"expect\": " + expect + "}";
    }

    @Test
    void aggregatingRowsGroupByTheirOwnColumns() throws Exception {
        // two rows (one per source.ip), both with Esql.host_name_values ["DC-01"]: one alert, 1 suppressed
        String expect = "{\"alerts\": 1, \"suppressed\": 1, \"groups\": [{\"key\": {\"Esql.host_name_values\": \"DC-01\"}, \"suppressed\": 1}],"
                + " \"rows\": [{\"source.ip\": \"198.51.100.23\"}, {\"source.ip\": \"198.51.100.24\"}]}";
        StageReport report = test(SPRAYING, t -> t, suppression("Esql.host_name_values", "suppress"), sprayCase(expect));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + SPRAYING + ".toml"));
    }

    @Test
    void anAggregatingRowHasNoSourceEventToReadAFieldFrom() throws Exception {
        // host.name is no column of the STATS rows, and a STATS row has no source document: both rows miss it, and
        // under doNotSuppress each is an alert of its own
        String expect = "{\"alerts\": 2, \"suppressed\": 0}";
        StageReport report = test(SPRAYING, t -> t, suppression("host.name", "doNotSuppress"), sprayCase(expect));
        assertThat(report.summary()).anySatisfy(l -> assertThat(l).startsWith("PASS rules/" + SPRAYING + ".toml"));
        // the same with suppress: the two missing values are one group
        StageReport suppressed = test(SPRAYING, t -> t, suppression("host.name", "suppress"), sprayCase(expect));
        assertThat(suppressed.summary()).anySatisfy(l -> assertThat(l).contains("expected 2 alerts, found 1 alert",
                "expected 0 suppressed events in all, found 1"));
    }

    @Test
    void groupsOfAnEsqlRuleWithoutSuppressionAreAnErrorAtTheirPosition() throws Exception {
        StageReport report = test(SPRAYING, t -> t, "", sprayCase("{\"alerts\": 2, \"suppressed\": 0}"));
        assertThat(report.diagnostics()).anySatisfy(d -> {
            assertThat(d.code()).isEqualTo("RF6201");
            assertThat(d.message()).contains("\"suppressed\" is not checked for an ES|QL rule without alert_suppression");
        });
    }
}
