package io.ruleforge.diff;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.pipeline.Ruleforge;
import io.ruleforge.pipeline.RuleforgeOptions;
import io.ruleforge.pipeline.StageReport;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each test commits a base rule set to a fresh git repository, changes the working tree, and diffs against HEAD. */
class RuleSetDiffTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String CMD = """
            [metadata]
            creation_date = "2020/02/18"
            maturity = "production"
            updated_date = "2020/03/18"

            [rule]
            author = ["ruleforge"]
            description = "cmd.exe making a network connection."
            name = "Cmd Network"
            risk_score = 21
            rule_id = "00000000-0000-4000-8000-000000000001"
            severity = "low"
            type = "query"
            language = "kuery"
            index = ["winlogbeat-*"]
            version = 2
            query = '''
            process.name:cmd.exe and event.action:"Network connection detected (rule: NetworkConnect)" and
              not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)
            '''
            """;

    private static final String OTHER = CMD.replace("00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000002")
            .replace("Cmd Network", "Other Rule").replace("cmd.exe and", "powershell.exe and");

    @TempDir
    Path repo;
    Git git;

    @BeforeEach
    void baseCommit() throws Exception {
        write("rules/cmd.toml", CMD);
        write("rules/other.toml", OTHER);
        write("fixtures/cmd/positive.ndjson", """
                // cmd.exe to a public address
                {"process":{"name":"cmd.exe"},"event":{"action":"Network connection detected (rule: NetworkConnect)"},"destination":{"ip":"203.0.113.5"},"user":{"name":"alice"}}
                // the backup service account to a public address
                {"process":{"name":"cmd.exe"},"event":{"action":"Network connection detected (rule: NetworkConnect)"},"destination":{"ip":"198.51.100.7"},"user":{"name":"svc_backup"}}
                """);
        write("fixtures/cmd/negative.ndjson", """
                {"process":{"name":"cmd.exe"},"event":{"action":"Network connection detected (rule: NetworkConnect)"},"destination":{"ip":"10.1.2.3"}}
                """);
        git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
        git.add().addFilepattern(".").call();
        git.commit().setMessage("base").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
    }

    private void write(String relative, String content) throws Exception {
        Path file = repo.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private void edit(String relative, String from, String to) throws Exception {
        String text = Files.readString(repo.resolve(relative));
        assertThat(text).contains(from);
        Files.writeString(repo.resolve(relative), text.replace(from, to));
    }

    private record Result(StageReport report, String markdown, JsonNode json) {
    }

    private Ruleforge forge() {
        return new Ruleforge(new RuleforgeOptions(repo.resolve("rules"), repo.resolve("fixtures"), repo.resolve("out"),
                repo, List.of(), KibanaVersion.DEFAULT, "ecs", false));
    }

    private Result diff() throws Exception {
        return diff("HEAD", Optional.empty());
    }

    private Result diff(String base, Optional<String> head) throws Exception {
        StageReport report = forge().diff(base, head);
        return new Result(report, Files.readString(repo.resolve("out/diff.md")), JSON.readTree(repo.resolve("out/diff.json").toFile()));
    }

    /** Runs {@code ruleforge lock}, as a user does before committing a change. */
    private void lock() {
        StageReport locked = forge().lock();
        assertThat(locked.failed(false)).as(String.join("\n", locked.lines())).isFalse();
    }

    private String commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        return git.commit().setMessage(message).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                .setSign(false).call().getName();
    }

    @Test
    void nothingChanged() throws Exception {
        Result r = diff();
        assertThat(r.markdown()).contains("| added | 0 |", "| removed | 0 |", "| changed | 0 |", "| unchanged | 2 |");
        assertThat(r.json().path("changed")).isEmpty();
        assertThat(r.json().path("base").asText()).startsWith("HEAD (");
    }

    @Test
    void anAddedRule() throws Exception {
        write("rules/new.toml", CMD.replace("00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000003")
                .replace("Cmd Network", "New Rule"));
        Result r = diff();
        assertThat(r.markdown()).contains("| added | 1 |", "| unchanged | 2 |", "### Added",
                "- **New Rule** (`00000000-0000-4000-8000-000000000003`) — `rules/new.toml`");
        assertThat(r.json().at("/added/0/rule_id").asText()).isEqualTo("00000000-0000-4000-8000-000000000003");
    }

    @Test
    void aRemovedRule() throws Exception {
        Files.delete(repo.resolve("rules/other.toml"));
        Result r = diff();
        assertThat(r.markdown()).contains("| removed | 1 |", "### Removed", "- **Other Rule** (`00000000-0000-4000-8000-000000000002`)");
        assertThat(r.json().at("/removed/0/file").asText()).isEqualTo("HEAD:rules/other.toml");
    }

    /** A moved rule file is named, changed or not: its fixtures folder is named after the file and must move too. */
    @Test
    void aMovedRuleFileIsNamedEvenUnchanged() throws Exception {
        write("rules/net/other.toml", Files.readString(repo.resolve("rules/other.toml")));
        Files.delete(repo.resolve("rules/other.toml"));
        Result r = diff();
        assertThat(r.markdown()).contains("| unchanged | 2 |", "### Moved",
                "- **Other Rule** (`00000000-0000-4000-8000-000000000002`) — `other.toml` → `net/other.toml`");
        assertThat(r.json().at("/moved/0/from").asText()).isEqualTo("other.toml");
        assertThat(r.json().at("/moved/0/to").asText()).isEqualTo("net/other.toml");
        assertThat(r.json().path("moved")).hasSize(1);
    }

    /**
     * A rules folder below the repository's root, run from beside it (a Maven module): nothing moved is no move, and
     * a file moved to a folder whose name ends as the old one's ({@code net} → {@code subnet}) is one.
     */
    @Test
    void movesAreFoundWhereverTheRulesFolderSits() throws Exception {
        Path nested = repo.resolve("detections");
        Files.createDirectories(nested.resolve("rules/net"));
        Files.writeString(nested.resolve("rules/net/cmd.toml"), CMD);
        commit("rules in a module");
        Ruleforge module = new Ruleforge(new RuleforgeOptions(nested.resolve("rules"), nested.resolve("fixtures"),
                nested.resolve("out"), nested, List.of(), KibanaVersion.DEFAULT, "ecs", false));
        module.diff("HEAD", Optional.empty());
        assertThat(JSON.readTree(nested.resolve("out/diff.json").toFile()).path("moved")).isEmpty();

        Files.createDirectories(nested.resolve("rules/subnet"));
        Files.move(nested.resolve("rules/net/cmd.toml"), nested.resolve("rules/subnet/cmd.toml"));
        module.diff("HEAD", Optional.empty());
        JsonNode moved = JSON.readTree(nested.resolve("out/diff.json").toFile()).path("moved");
        assertThat(moved).hasSize(1);
        assertThat(moved.at("/0/from").asText()).isEqualTo("net/cmd.toml");
        assertThat(moved.at("/0/to").asText()).isEqualTo("subnet/cmd.toml");
        // the fixtures folder is named after the file's name alone: a move between folders needs no fixture change
        assertThat(Files.readString(nested.resolve("out/diff.md"))).doesNotContain("move it from");
        Files.move(nested.resolve("rules/subnet/cmd.toml"), nested.resolve("rules/subnet/cmd_net.toml"));
        module.diff("HEAD", Optional.empty());
        assertThat(Files.readString(nested.resolve("out/diff.md"))).contains("move it from `cmd` to `cmd_net`");
    }

    /** An EQL rule's own query change is shown as a text diff: "meaning changed" alone tells a reviewer nothing. */
    @Test
    void anEqlQueryChangeShowsItsDiff() throws Exception {
        write("rules/seq.toml", CMD.replace("00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000004")
                .replace("Cmd Network", "Cmd Sequence").replace("language = \"kuery\"", "language = \"eql\"")
                .replace("type = \"query\"", "type = \"eql\"")
                .replaceAll("(?s)query = '''.*'''", "query = '''\nsequence by host.id with maxspan=2m\n"
                        + "  [process where process.name == \"cmd.exe\"]\n  [network where process.name == \"cmd.exe\"]\n'''"));
        commit("an EQL rule");
        edit("rules/seq.toml", "maxspan=2m", "maxspan=5m");
        Result r = diff();
        JsonNode change = r.json().path("changed").get(0);
        assertThat(change.path("file").asText()).isEqualTo("rules/seq.toml");
        assertThat(change.path("eql_diff")).extracting(JsonNode::asText)
                .contains("-sequence by host.id with maxspan=2m", "+sequence by host.id with maxspan=5m");
        assertThat(r.markdown()).contains("EQL diff").contains("+sequence by host.id with maxspan=5m");
    }

    @Test
    void aSeverityChangeIsAFieldChangeThatNeedsAVersionBump() throws Exception {
        edit("rules/cmd.toml", "severity = \"low\"", "severity = \"high\"");
        Result r = diff();
        assertThat(r.markdown()).contains("| changed | 1 |", "### Changed: Cmd Network",
                "| `severity` | `\"low\"` | `\"high\"` |",
                "**Detection:** no fixture or generated event changes verdict",
                "**Version:** 2 → 2 — ✗ the deployable content changed but the version did not go up");
        JsonNode change = r.json().at("/changed/0");
        assertThat(change.at("/fields/0/field").asText()).isEqualTo("severity");
        assertThat(change.at("/version/bump_required").asBoolean()).isTrue();
        assertThat(change.path("flips")).isEmpty();

        edit("rules/cmd.toml", "version = 2", "version = 3");
        assertThat(diff().markdown()).contains("**Version:** 2 → 3 ✓");
    }

    @Test
    void aReorderedQueryIsNoSemanticChange() throws Exception {
        edit("rules/cmd.toml", """
                process.name:cmd.exe and event.action:"Network connection detected (rule: NetworkConnect)" and
                  not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)""", """
                not destination.ip:(192.168.0.0/16 or 10.0.0.0/8) AND
                    (event.action:"Network connection detected (rule: NetworkConnect)" and process.name:cmd.exe)""");
        Result r = diff();
        assertThat(r.markdown()).contains("**Query:** reformatted or reordered only — same meaning.",
                "**Detection:** no fixture or generated event changes verdict");
        JsonNode query = r.json().at("/changed/0/query");
        assertThat(query.path("text_changed").asBoolean()).isTrue();
        assertThat(query.path("meaning_changed").asBoolean()).isFalse();
        assertThat(query.path("added")).isEmpty();
    }

    @Test
    void anAddedExclusionThatSilencesAPositiveIsShownFirst() throws Exception {
        edit("rules/cmd.toml", "not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)",
                "not destination.ip:(10.0.0.0/8 or 192.168.0.0/16) and not user.name:svc_backup");
        Result r = diff();
        String md = r.markdown();
        // the fixture itself, and the four near-miss events generated from it (just outside each excluded block),
        // which fired before and are now silenced too; 23 = 2 positives + 1 negative + 2 x 2 blocks x 5 generated
        assertThat(md).contains("1 changed rule now decides some event differently",
                "**Detection:** 5 of 23 events change verdict.",
                "| fixtures/cmd/positive.ndjson:4 (the backup service account to a public address) | fires | **newly quiet** |",
                "- added: `not user.name:svc_backup`");
        // the behaviour comes before the query, field and DSL details
        assertThat(md.indexOf("**Detection:**")).isLessThan(md.indexOf("**Query:**"));
        assertThat(md).contains("<details><summary>DSL diff</summary>", "+        \"must_not\" : {", "+                  \"value\" : \"svc_backup\"");
        assertThat(md).contains("<details><summary>EQL diff</summary>", "+any where process.name == \"cmd.exe\"");
        JsonNode flip = r.json().at("/changed/0/flips/0");
        assertThat(flip.path("event").asText()).startsWith("fixtures/cmd/positive.ndjson:4");
        assertThat(flip.path("fired_before").asBoolean()).isTrue();
        assertThat(flip.path("fires_now").asBoolean()).isFalse();
    }

    /** The exception list service-accounts, without items. */
    private static final String SERVICE_ACCOUNTS_LIST = """
            [[exceptions]]
            [exceptions.container]
            list_id = "service-accounts"
            name = "Service accounts"
            description = "d"
            type = "detection"
            """;

    /** The rule's reference to the exception list service-accounts. */
    private static final String USES_SERVICE_ACCOUNTS = """

            [[rule.exceptions_list]]
            id = "service-accounts"
            list_id = "service-accounts"
            namespace_type = "single"
            type = "detection"
            """;

    /**
     * A pull request that only adds an exception item changes no rule file, yet the rules naming the list stop
     * alerting on what the item describes: the diff shows the rule as changed, with its newly quiet events, and
     * asks for no version bump (the list is a saved object of its own).
     */
    @Test
    void anExceptionItemAddedToAListTheRuleNamesChangesItsVerdicts() throws Exception {
        write("rules/cmd.toml", CMD + USES_SERVICE_ACCOUNTS);
        String list = SERVICE_ACCOUNTS_LIST;
        write("exceptions/service_accounts.toml", list);
        lock();
        String base = commit("the rule names the list, which has no item yet");
        write("exceptions/service_accounts.toml", list + """

                [[exceptions.items]]
                item_id = "backup"
                name = "Backup service"
                description = "d"
                [[exceptions.items.entries]]
                field = "user.name"
                operator = "included"
                type = "match"
                value = "svc_backup"
                """);

        Result r = diff(base, Optional.empty());

        assertThat(r.json().path("changed")).hasSize(1);
        JsonNode change = r.json().at("/changed/0");
        assertThat(change.path("rule_id").asText()).isEqualTo("00000000-0000-4000-8000-000000000001");
        assertThat(change.path("fields")).singleElement().satisfies(field -> {
            assertThat(field.path("field").asText()).isEqualTo("exception items");
            assertThat(field.path("before").isNull()).isTrue();
            assertThat(field.path("after").asText()).startsWith("\"Backup service\" {\"item_id\":\"backup\"").contains("svc_backup");
        });
        assertThat(change.path("version").path("bump_required").asBoolean()).isFalse();
        assertThat(r.markdown()).contains(
                "| fixtures/cmd/positive.ndjson:4 (the backup service account to a public address) | fires | **newly quiet** |");

        // committed, the head revision is read with its own lists: nothing changed between the two commits' rules
        String head = commit("the backup service is trusted");
        assertThat(diff(head, Optional.empty()).json().path("changed")).isEmpty();
        assertThat(diff(base, Optional.of(head)).json().path("changed")).hasSize(1);
    }

    /** A value list is read at each revision too: a pull request that only adds a value to it changes the verdicts. */
    @Test
    void aValueAddedToAValueListTheRuleTestsChangesItsVerdicts() throws Exception {
        write("rules/cmd.toml", CMD + USES_SERVICE_ACCOUNTS);
        write("exceptions/service_accounts.toml", SERVICE_ACCOUNTS_LIST + """

                [[exceptions.items]]
                item_id = "services"
                name = "Service accounts"
                description = "d"
                [[exceptions.items.entries]]
                field = "user.name"
                operator = "included"
                type = "list"
                list = { id = "service-accounts.txt", type = "keyword" }
                """);
        write("exceptions/value_lists/keyword/service-accounts.txt", "svc_web\n");
        lock();
        String base = commit("the rule's exceptions test a value list");
        write("exceptions/value_lists/keyword/service-accounts.txt", "svc_web\nsvc_backup\n");

        Result r = diff(base, Optional.empty());

        JsonNode change = r.json().at("/changed/0");
        assertThat(change.path("fields")).singleElement().satisfies(field -> {
            assertThat(field.path("field").asText()).isEqualTo("exception items");
            assertThat(field.path("before").asText()).endsWith("value list \"service-accounts.txt\" (keyword): svc_web");
            assertThat(field.path("after").asText()).endsWith("value list \"service-accounts.txt\" (keyword): svc_web, svc_backup");
        });
        assertThat(r.markdown()).contains(
                "| fixtures/cmd/positive.ndjson:4 (the backup service account to a public address) | fires | **newly quiet** |");
        String head = commit("the backup service is trusted");
        assertThat(diff(head, Optional.empty()).json().path("changed")).isEmpty();
    }

    @Test
    void aBundleCanBeTheBase() throws Exception {
        Ruleforge forge = new Ruleforge(new RuleforgeOptions(repo.resolve("rules"), repo.resolve("fixtures"), repo.resolve("out"),
                repo, List.of(), KibanaVersion.DEFAULT, "ecs", false));
        forge.bundle();
        Files.copy(repo.resolve("out/bundle/rules.ndjson"), repo.resolve("released.ndjson"));
        edit("rules/cmd.toml", "risk_score = 21", "risk_score = 47");
        StageReport report = forge.diff("released.ndjson");
        assertThat(Files.readString(repo.resolve("out/diff.md"))).contains("against `released.ndjson`".replace("released.ndjson", repo.resolve("released.ndjson").toString()),
                "| `risk_score` | `21` | `47` |");
        assertThat(report.failed(false)).isFalse();
    }

    @Test
    void anUnknownBaseIsAUsageError() {
        assertThatThrownBy(() -> forge().diff("no-such-branch")).isInstanceOf(UnknownRevisionException.class)
                .hasMessage("unknown git revision \"no-such-branch\" in " + repo.toFile() + "; name another with --base <ref> (Maven: -Druleforge.base=<ref>)");
        assertThat(repo.resolve("out/diff.md")).doesNotExist();
    }

    @Test
    void anUnknownHeadSaysHowToNameAnotherHead() {
        assertThatThrownBy(() -> forge().diff("HEAD", Optional.of("no-such-branch"))).isInstanceOf(UnknownRevisionException.class)
                .hasMessage("unknown git revision \"no-such-branch\" in " + repo.toFile() + "; name another with --head <ref> (Maven: -Druleforge.head=<ref>)");
    }

    @Test
    void theDefaultBaseNotFetchedSaysHowToFetchIt() {
        assertThatThrownBy(() -> forge().diff("origin/main")).isInstanceOf(UnknownRevisionException.class)
                .hasMessageContaining("unknown git revision \"origin/main\"")
                .hasMessageContaining("`git fetch origin main`")
                .hasMessageContaining("name another with --base <ref>");
    }

    /** Issue #12: both sides' versions come from their own lock, so a bump that was committed is no change. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aRuleBumpedByLockAndCommittedIsNoChange(boolean versionKeyInTheRuleFile) throws Exception {
        if (!versionKeyInTheRuleFile) {
            edit("rules/cmd.toml", "version = 2\n", "");
            edit("rules/other.toml", "version = 2\n", "");
        }
        lock();
        commit("lock");
        edit("rules/cmd.toml", "severity = \"low\"", "severity = \"high\"");
        lock();
        assertThat(Files.readString(repo.resolve("rules/version.lock.json"))).contains("\"version\" : " + (versionKeyInTheRuleFile ? 3 : 2));
        commit("raise the severity");

        Result r = diff();
        assertThat(r.markdown()).contains("| changed | 0 |", "| unchanged | 2 |");
        assertThat(r.json().path("changed")).isEmpty();
    }

    @Test
    void aQueryEditWithoutABumpIsShownUnbumpedAsValidationReportsIt() throws Exception {
        lock();
        commit("lock");
        edit("rules/cmd.toml", "not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)",
                "not destination.ip:(10.0.0.0/8 or 192.168.0.0/16 or 172.16.0.0/12)");
        Result r = diff();
        assertThat(r.markdown()).contains("**Version:** 2 → 2 — ✗", "**1 changed without the version bump Kibana needs to update it**");
        assertThat(r.report().diagnostics()).anySatisfy(d -> assertThat(d.code()).isEqualTo("RF7001"));

        lock();
        assertThat(diff().markdown()).contains("**Version:** 2 → 3 ✓");
    }

    @Test
    void aHeadRevisionIsComparedAsCommittedNotAsInTheWorkingTree() throws Exception {
        lock();
        String base = commit("lock");
        edit("rules/cmd.toml", "severity = \"low\"", "severity = \"high\"");
        lock();
        commit("raise the severity");
        edit("rules/cmd.toml", "risk_score = 21", "risk_score = 47"); // not committed: not part of HEAD

        Result r = diff(base, Optional.of("HEAD"));
        assertThat(r.markdown()).startsWith("## ruleforge: rule changes in `HEAD (")
                .contains("against `" + base + " (" + base.substring(0, 7) + ")`", "| changed | 1 |", "| `severity` | `\"low\"` | `\"high\"` |",
                        "**Version:** 2 → 3 ✓")
                .doesNotContain("risk_score");
        assertThat(r.json().path("head").asText()).startsWith("HEAD (");
    }

    @Test
    void bundleLinesThatAreNoRuleObjectsAreReportedEachAtItsLine() throws Exception {
        forge().bundle();
        List<String> released = Files.readAllLines(repo.resolve("out/bundle/rules.ndjson"));
        assertThat(released.get(released.size() - 1)).contains("exported_count"); // Kibana's export details: no finding
        List<String> lines = new java.util.ArrayList<>(released);
        lines.add(1, "[1, 2]");
        lines.add(2, "{\"name\": \"no id\"}");
        lines.add(3, "{not json");
        Files.write(repo.resolve("released.ndjson"), lines);

        StageReport report = forge().diff("released.ndjson");
        String bundle = repo.resolve("released.ndjson").toString();
        assertThat(report.diagnostics()).filteredOn(d -> d.code().startsWith("RF8")).extracting(d -> d.format()).containsExactly(
                bundle + ":2:1: warning: in the base: bundle line is not a rule object: expected a JSON object with a rule_id, found a JSON array [RF8002]",
                bundle + ":3:1: warning: in the base: bundle line is not a rule object: expected a JSON object with a rule_id, found an object without a textual rule_id [RF8002]",
                bundle + ":4:1: warning: in the base: malformed bundle line: Unexpected character ('n' (code 110)): was expecting double-quote to start field name [RF8001]");
        assertThat(Files.readString(repo.resolve("out/diff.md"))).contains("| unchanged | 2 |");

        // a base with no rule at all (an events file, an empty file given by mistake) would show every rule as added
        Files.write(repo.resolve("events.ndjson"), List.of("{\"@timestamp\":\"2026-11-23T12:00:00Z\",\"host\":{\"name\":\"a\"}}"));
        Files.write(repo.resolve("empty.ndjson"), new byte[0]);
        for (String base : List.of("events.ndjson", "empty.ndjson")) {
            StageReport noRules = forge().diff(base);
            assertThat(noRules.diagnostics()).as(base).extracting(d -> d.format()).contains(repo.resolve(base) + ": warning: in the"
                    + " base: the base bundle holds no rule, so every rule shows as added: expected the rules.ndjson of a"
                    + " ruleforge bundle or a Kibana rule export, one rule object (with a rule_id) a line [RF8003]");
        }
    }

    @Test
    void fixtureCommentsReachTheCommentAsWritten() throws Exception {
        edit("fixtures/cmd/positive.ndjson", "// the backup service account to a public address",
                "// the backup account decodes <base64> | *twice*");
        edit("rules/cmd.toml", "not destination.ip:(10.0.0.0/8 or 192.168.0.0/16)",
                "not destination.ip:(10.0.0.0/8 or 192.168.0.0/16) and not user.name:svc_backup");
        String md = diff().markdown();
        assertThat(md).contains("| fixtures/cmd/positive.ndjson:4 (the backup account decodes &lt;base64&gt; \\| \\*twice\\*) | fires | **newly quiet** |")
                .doesNotContain("<base64>");
    }
}
