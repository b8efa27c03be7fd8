package io.ruleforge.harness.cases;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CaseFileLoaderTest {

    @TempDir
    Path dir;

    private Path rule() {
        return dir.resolve("fixtures/brute");
    }

    private void write(String name, String text) throws Exception {
        Path file = rule().resolve("cases").resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private CaseFileLoader.Result load() {
        return new CaseFileLoader(dir).load(rule());
    }

    private List<String> errors() {
        return load().diagnostics().stream().map(Diagnostic::format).toList();
    }

    @Test
    void readsACaseWithItsStreamMomentAndExpectedAlerts() throws Exception {
        write("burst.json", """
                {"description": "two failures from one address",
                 "now": "2024-05-01T12:00:00Z",
                 "events": [
                   {"@timestamp": "2024-05-01T11:58:00Z", "source": {"ip": "10.0.0.5"}},
                   {"@timestamp": 1714564740000, "source": {"ip": "10.0.0.5"}}
                 ],
                 "expect": {"alerts": 1, "suppressed": 0,
                            "groups": [{"key": {"source.ip": "10.0.0.5"}, "count": 2, "cardinality": 1}]}}
                """);
        CaseFileLoader.Result result = load();
        assertThat(result.diagnostics()).isEmpty();
        AlertCase c = result.cases().get(0);
        assertThat(c.name()).isEqualTo("burst");
        assertThat(c.file()).isEqualTo("fixtures/brute/cases/burst.json");
        assertThat(c.description()).isEqualTo("two failures from one address");
        assertThat(c.now()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(c.events()).extracting(CaseEvent::timestamp)
                .containsExactly(Instant.parse("2024-05-01T11:58:00Z"), Instant.parse("2024-05-01T11:59:00Z"));
        assertThat(c.events().get(1).position().line()).isEqualTo(5);
        assertThat(c.events().get(1).position().column()).isEqualTo(4);
        assertThat(c.expect().alerts()).isEqualTo(1);
        assertThat(c.expect().suppressed()).hasValue(0);
        ExpectedAlert group = c.expect().groups().get(0);
        assertThat(group.key().path("source.ip").asText()).isEqualTo("10.0.0.5");
        assertThat(group.count()).hasValue(2);
        assertThat(group.cardinality()).hasValue(1);
        assertThat(group.suppressed()).isEmpty();
    }

    private CaseFileLoader.Result loadEsql() {
        return new CaseFileLoader(dir).load(rule(), true);
    }

    @Test
    void anEsqlCaseStatesItsRowsAndRunsAtItsLatestEventWithoutNow() throws Exception {
        write("spray.json", """
                {"events": [
                   {"@timestamp": "2024-05-01T11:58:00Z", "source": {"ip": "10.0.0.5"}},
                   {"@timestamp": "2024-05-01T11:59:30Z", "source": {"ip": "10.0.0.5"}}
                 ],
                 "expect": {"rows": [{"source.ip": "10.0.0.5", "Esql.count": 2, "Esql.users": ["a", "b"]}]}}
                """);
        write("quiet.json", """
                {"now": "2024-05-01T13:00:00Z", "events": [{"@timestamp": "2024-05-01T11:58:00Z"}], "expect": {"rows": 0}}
                """);
        write("counted.json", """
                {"events": [{"@timestamp": "2024-05-01T11:58:00Z"}], "expect": {"alerts": 3}}
                """);
        CaseFileLoader.Result result = loadEsql();
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.cases()).extracting(AlertCase::name).containsExactly("counted", "quiet", "spray");
        AlertCase counted = result.cases().get(0);
        assertThat(counted.expect().alerts()).isEqualTo(3);
        assertThat(counted.expect().rows()).isEmpty();
        AlertCase quiet = result.cases().get(1);
        assertThat(quiet.now()).isEqualTo(Instant.parse("2024-05-01T13:00:00Z"));
        assertThat(quiet.expect().alerts()).isZero();
        AlertCase spray = result.cases().get(2);
        assertThat(spray.now()).isEqualTo(Instant.parse("2024-05-01T11:59:30Z"));
        assertThat(spray.expect().alerts()).isEqualTo(1);
        assertThat(spray.expect().rows()).singleElement().satisfies(row -> {
            assertThat(row.path("source.ip").asText()).isEqualTo("10.0.0.5");
            assertThat(row.path("Esql.count").asInt()).isEqualTo(2);
            assertThat(row.path("Esql.users").size()).isEqualTo(2);
        });
    }

    @Test
    void badEsqlExpectationsAreErrorsAtTheirPosition() throws Exception {
        write("a.json", """
                {"events": [{"@timestamp": "2024-05-01T11:58:00Z"}],
                 "expect": {"rows": [{"source.ip": "10.0.0.5"}, 3, {}], "alerts": 2, "suppressed": 0}}
                """);
        write("b.json", """
                {"events": [{"@timestamp": "2024-05-01T11:58:00Z"}],
                 "expect": {"rows": "two"}}
                """);
        write("c.json", "{\"events\": [{\"@timestamp\": \"2024-05-01T11:58:00Z\"}],\n \"expect\": {}}");
        assertThat(loadEsql().diagnostics()).extracting(Diagnostic::format).containsExactly(
                "fixtures/brute/cases/a.json:2:84: error: expected \"alerts\" or \"rows\": \"suppressed\" is not checked for an ES|QL rule without alert_suppression, found the number 0; state the alerts by their columns in \"rows\" [RF6201]",
                "fixtures/brute/cases/a.json:2:49: error: expected row 2 to be an object of column names to values, e.g. {\"source.ip\": \"10.0.0.5\"}, found the number 3 [RF6201]",
                "fixtures/brute/cases/a.json:2:52: error: expected row 3 to be an object of column names to values, e.g. {\"source.ip\": \"10.0.0.5\"}, found an empty object [RF6201]",
                "fixtures/brute/cases/b.json:2:21: error: expected \"rows\" to be a whole number ≥ 0 or an array of rows ({column: value}), found the string \"two\" [RF6201]",
                "fixtures/brute/cases/c.json:2:12: error: expected \"alerts\" (the number of alerts the run writes, or \"rows\": the result rows), found no such key [RF6201]");
        assertThat(loadEsql().cases()).isEmpty();
    }

    @Test
    void rowsAndAlertsMustAgreeAndRowsAreForEsqlRulesOnly() throws Exception {
        write("a.json", """
                {"now": "2024-05-01T12:00:00Z", "events": [{"@timestamp": "2024-05-01T11:58:00Z"}],
                 "expect": {"alerts": 2, "rows": [{"source.ip": "10.0.0.5"}]}}
                """);
        assertThat(loadEsql().diagnostics()).extracting(Diagnostic::format).containsExactly(
                "fixtures/brute/cases/a.json:2:23: error: expected \"alerts\" to equal the number of \"rows\" (1), found 2: give one of the two [RF6201]");
        assertThat(errors()).containsExactly(
                "fixtures/brute/cases/a.json:2:34: error: expected \"alerts\": \"rows\" states the result rows of an ES|QL rule, and this rule's query is not ES|QL [RF6201]");
    }

    @Test
    void malformedJsonIsAnErrorAtItsCharacter() throws Exception {
        write("a.json", "{\"now\": \"2024-05-01T12:00:00Z\",\n \"events\": [tru]}\n");
        assertThat(errors()).singleElement().asString()
                .startsWith("fixtures/brute/cases/a.json:2:13: error: malformed JSON: Unrecognized token 'tru'");
    }

    @Test
    void aKeyGivenTwiceIsAnError() throws Exception {
        write("a.json", "{\"now\": \"2024-05-01T12:00:00Z\",\n \"now\": \"2024-05-01T13:00:00Z\"}");
        assertThat(errors()).containsExactly("fixtures/brute/cases/a.json:2:2: error: duplicate key \"now\" (first at line 1, "
                + "column 2): the second value would silently replace the first [RF6201]");
    }

    @Test
    void everyProblemOfTheFormatIsNamedWithItsPosition() throws Exception {
        write("a.json", """
                {"now": "yesterday",
                 "events": [
                   {"@timestamp": "2024-05-01T11:59:00Z"},
                   {"@timestamp": "2024-05-01T11:58:00Z"},
                   {"host": "x"},
                   7
                 ],
                 "expect": {"alerts": -1, "supressed": 2, "groups": [{"key": {"user": {"name": "x"}}}]}}
                """);
        assertThat(errors()).containsExactlyInAnyOrder(
                "fixtures/brute/cases/a.json:1:9: error: expected \"now\" to be a date as Elasticsearch reads it (\"2024-05-01T12:00:00Z\" or epoch milliseconds), found the string \"yesterday\" [RF6201]",
                "fixtures/brute/cases/a.json:4:19: error: expected events in time order, found 2024-05-01T11:58:00Z after 2024-05-01T11:59:00Z: put the events in the order they happen [RF6201]",
                "fixtures/brute/cases/a.json:5:4: error: expected the event to have \"@timestamp\": a case is a time-ordered stream [RF6201]",
                "fixtures/brute/cases/a.json:6:4: error: expected an event (a JSON object), found the number 7 [RF6201]",
                "fixtures/brute/cases/a.json:8:23: error: expected \"alerts\" to be a whole number ≥ 0, found the number -1 [RF6201]",
                "fixtures/brute/cases/a.json:8:27: error: unknown key \"supressed\" is never checked [RF6201]",
                "fixtures/brute/cases/a.json:8:71: error: expected the value of \"user\" to be a string, number, boolean or null, found an object (name nested fields with dots: \"source.ip\") [RF6201]");
        assertThat(load().diagnostics()).filteredOn(d -> d.message().startsWith("unknown key"))
                .extracting(Diagnostic::hint).containsExactly("did you mean \"suppressed\"?");
        assertThat(load().cases()).isEmpty();
    }

    @Test
    void missingKeysAreNamedAtTheObjectThatLacksThem() throws Exception {
        write("a.json", "{\"events\": [{\"@timestamp\": \"2024-05-01T11:59:00Z\"}],\n \"expect\": {}}");
        assertThat(errors()).containsExactly(
                "fixtures/brute/cases/a.json:1:1: error: expected \"now\" (the moment the rule runs, e.g. \"2024-05-01T12:00:00Z\", or \"runs\": its moments), found no such key [RF6201]",
                "fixtures/brute/cases/a.json:2:12: error: expected \"alerts\" (the number of alerts the run writes), found no such key [RF6201]");
    }

    @Test
    void aCaseOfSeveralRunsStatesEachRunsAlertsAndTheEarlierAlertsItUpdates() throws Exception {
        write("runs.json", """
                {"runs": ["2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z"],
                 "events": [
                   {"@timestamp": "2024-05-01T11:58:00Z", "user": {"name": "alice"}},
                   {"@timestamp": "2024-05-01T12:03:00Z", "user": {"name": "alice"}}
                 ],
                 "expect": [{"alerts": 1},
                            {"alerts": 0, "suppressed": 1, "updated": [{"key": {"user.name": "alice"}, "suppressed": 1}]}]}
                """);
        CaseFileLoader.Result result = load();
        assertThat(result.diagnostics()).isEmpty();
        AlertCase c = result.cases().get(0);
        assertThat(c.multiRun()).isTrue();
        assertThat(c.runs()).extracting(CaseRun::now)
                .containsExactly(Instant.parse("2024-05-01T12:00:00Z"), Instant.parse("2024-05-01T12:05:00Z"));
        assertThat(c.now()).isEqualTo(Instant.parse("2024-05-01T12:05:00Z"));
        assertThat(c.runs().get(1).expect().suppressed()).hasValue(1);
        assertThat(c.runs().get(1).updated()).singleElement().satisfies(u -> {
            assertThat(u.key().path("user.name").asText()).isEqualTo("alice");
            assertThat(u.suppressed()).hasValue(1);
        });
        assertThat(c.runs().get(0).position().line()).isEqualTo(1);
    }

    @Test
    void badRunsAreErrorsAtTheirPosition() throws Exception {
        write("a.json", """
                {"now": "2024-05-01T12:00:00Z",
                 "runs": ["2024-05-01T12:05:00Z", "2024-05-01T12:00:00Z", "soon"],
                 "events": [{"@timestamp": "2024-05-01T11:58:00Z"}],
                 "expect": [{"alerts": 1}, {"alerts": 0, "updated": [{"suppressed": 1}]}, {"alerts": 0, "rows": 1}]}
                """);
        assertThat(errors()).containsExactlyInAnyOrder(
                "fixtures/brute/cases/a.json:1:9: error: expected either \"now\" (one run) or \"runs\" (several), found both: drop \"now\" [RF6201]",
                "fixtures/brute/cases/a.json:2:35: error: expected the runs in time order, found 2024-05-01T12:00:00Z after 2024-05-01T12:05:00Z: each run starts after the one before [RF6201]",
                "fixtures/brute/cases/a.json:2:59: error: expected run 3 to be a date as Elasticsearch reads it (\"2024-05-01T12:00:00Z\" or epoch milliseconds), found the string \"soon\" [RF6201]",
                "fixtures/brute/cases/a.json:4:54: error: expected \"key\" (the alert's field values, e.g. {\"source.ip\": \"10.0.0.5\"}), found no such key [RF6201]",
                "fixtures/brute/cases/a.json:4:89: error: unknown key \"rows\" is never checked [RF6201]",
                "fixtures/brute/cases/a.json:4:97: error: expected \"alerts\": \"rows\" states the result rows of an ES|QL rule, and this rule's query is not ES|QL [RF6201]");
        write("a.json", """
                {"runs": ["2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z"],
                 "events": [{"@timestamp": "2024-05-01T12:06:00Z"}],
                 "expect": {"alerts": 1}}
                """);
        assertThat(errors()).containsExactlyInAnyOrder(
                "fixtures/brute/cases/a.json:3:12: error: expected \"expect\" to be an array of 2 objects, one per run in \"runs\", found an object [RF6201]",
                "fixtures/brute/cases/a.json:2:28: error: expected every event at or before the last run (2024-05-01T12:05:00Z), found 2024-05-01T12:06:00Z: no run ever sees a later event; add a run or drop the event [RF6201]");
        write("a.json", "{\"runs\": [], \"events\": [{\"@timestamp\": \"2024-05-01T11:00:00Z\"}], \"expect\": []}");
        assertThat(errors()).containsExactly("fixtures/brute/cases/a.json:1:10: error: expected \"runs\" to be a non-empty array of the moments "
                + "the rule runs, e.g. [\"2024-05-01T12:00:00Z\", \"2024-05-01T12:05:00Z\"], found an empty array [RF6201]");
    }

    @Test
    void anEsqlCaseIsOneRun() throws Exception {
        write("a.json", "{\"runs\": [\"2024-05-01T12:00:00Z\"], \"events\": [{\"@timestamp\": \"2024-05-01T11:00:00Z\"}], \"expect\": {\"rows\": 0}}");
        assertThat(loadEsql().diagnostics()).extracting(Diagnostic::format).containsExactly("fixtures/brute/cases/a.json:1:10: error: expected "
                + "\"now\": an ES|QL rule's case is one run (its window is not applied), found \"runs\" [RF6201]");
    }

    @Test
    void anEventAfterTheRunIsAnErrorNotSilentlyUnseen() throws Exception {
        write("a.json", "{\"now\": \"2024-05-01T12:00:00Z\", \"events\": [{\"@timestamp\": \"2024-05-01T12:00:01Z\"}], \"expect\": {\"alerts\": 0}}");
        assertThat(errors()).singleElement().asString().startsWith("fixtures/brute/cases/a.json:1:59: error: expected every event at or before \"now\"");
    }

    @Test
    void groupsMustListEveryAlert() throws Exception {
        write("a.json", "{\"now\": \"2024-05-01T12:00:00Z\", \"events\": [{\"@timestamp\": \"2024-05-01T11:00:00Z\"}],"
                + " \"expect\": {\"alerts\": 2, \"groups\": [{\"key\": {}}]}}");
        assertThat(errors()).singleElement().asString()
                .contains("expected \"groups\" to list every alert (2 as \"alerts\" says), found 1");
    }

    @Test
    void badBytesAreAnErrorAtTheirLineAndColumn() throws Exception {
        Path file = rule().resolve("cases/a.json");
        Files.createDirectories(file.getParent());
        Files.write(file, new byte[]{'{', '\n', ' ', 'x', (byte) 0xC3, '}'});
        assertThat(errors()).containsExactly("fixtures/brute/cases/a.json:2:3: error: expected UTF-8 text, found the byte 0xC3 [RF6201]");
    }

    @Test
    void otherFilesInTheCasesFolderAreWarnedAboutAndGoodCasesStillLoad() throws Exception {
        write("good.json", "{\"now\": \"2024-05-01T12:00:00Z\", \"events\": [{\"@timestamp\": \"2024-05-01T11:00:00Z\"}], \"expect\": {\"alerts\": 1}}");
        write("bad.json", "[]");
        write("notes.txt", "x");
        CaseFileLoader.Result result = load();
        assertThat(result.cases()).extracting(AlertCase::name).containsExactly("good");
        assertThat(result.diagnostics()).extracting(Diagnostic::severity, Diagnostic::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Severity.ERROR, CaseCodes.BAD_CASE),
                org.assertj.core.groups.Tuple.tuple(Severity.WARNING, CaseCodes.STRAY_CASE_FILE));
        assertThat(result.diagnostics().get(0).format())
                .isEqualTo("fixtures/brute/cases/bad.json:1:1: error: expected a JSON object (a case) at the top of the file, found an array [RF6201]");
    }

    @Test
    void noCasesFolderMeansNoCases() {
        assertThat(load().cases()).isEmpty();
        assertThat(load().diagnostics()).isEmpty();
        assertThat(load().hasCaseFiles()).isFalse();
    }
}
