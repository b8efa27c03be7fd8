package io.ruleforge.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VersionLockTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path rule;
    Ruleforge forge;

    @BeforeEach
    void oneLockedRule() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        rule = dir.resolve("rules/cmd.toml");
        Files.writeString(rule, RuleforgeTest.RULE.replace("NAME", "Cmd").replace("RULE_ID", "00000000-0000-4000-8000-000000000001")
                .replace("type = \"query\"", "type = \"query\"\nversion = 2"));
        forge = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false));
        StageReport locked = forge.lock();
        assertThat(locked.failed(false)).as(String.join("\n", locked.lines())).isFalse();
    }

    private List<String> lockDiagnostics() {
        return forge.validate().diagnostics().stream().filter(d -> d.code().startsWith("RF7")).map(Diagnostic::format).toList();
    }

    private void edit(String from, String to) throws Exception {
        String text = Files.readString(rule);
        assertThat(text).contains(from);
        Files.writeString(rule, text.replace(from, to));
    }

    private int lockedVersion() throws Exception {
        return JSON.readTree(dir.resolve("rules/version.lock.json").toFile()).path("00000000-0000-4000-8000-000000000001").path("version").asInt();
    }

    @Test
    void theLockRecordsEachRuleAndIsRewrittenToTheSameBytes() throws Exception {
        byte[] once = Files.readAllBytes(dir.resolve("rules/version.lock.json"));
        assertThat(lockedVersion()).isEqualTo(2);
        forge.lock();
        assertThat(Files.readAllBytes(dir.resolve("rules/version.lock.json"))).isEqualTo(once);
        assertThat(lockDiagnostics()).isEmpty();
    }

    @Test
    void aContentChangeWithoutABumpFailsValidationWithTheCommandThatFixesIt() throws Exception {
        edit("or 192.168.0.0/16", "or 192.168.0.0/16 or 172.16.0.0/12");
        StageReport report = forge.validate();
        assertThat(report.failed(false)).isTrue();
        assertThat(report.diagnostics()).filteredOn(d -> d.code().equals("RF7001")).singleElement().satisfies(d -> {
            assertThat(d.format()).isEqualTo("rules/cmd.toml:14:11: error: rule content changed since version 2 was locked, but its version was not bumped [RF7001]");
            assertThat(d.hint()).isEqualTo("run `mvn ruleforge:lock` or `ruleforge lock` to bump it to 3, and remove `version` from"
                    + " the rule file (the lock keeps it) or set it to 3");
        });

        StageReport lock = forge.lock();
        assertThat(lock.summary()).contains("bumped rules/cmd.toml (00000000-0000-4000-8000-000000000001) from version 2 to 3");
        assertThat(lock.diagnostics()).extracting(Diagnostic::code).containsExactly("RF7006");
        assertThat(lockedVersion()).isEqualTo(3);
        // the lock is the one source of truth: the rule file's own version = 2 is now stale, and said to be
        assertThat(lockDiagnostics()).containsExactly("rules/cmd.toml:14:11: warning: the rule file says version 2, but "
                + "version.lock.json has 3, and the lock's is the one deployed [RF7006]");
        forge.bundle();
        assertThat(Files.readString(dir.resolve("out/bundle/rules.ndjson"))).contains("\"version\":3");
    }

    @Test
    void aHigherVersionInTheRuleFileIsDeployedOnceTheLockTakesIt() throws Exception {
        edit("severity = \"low\"", "severity = \"high\"");
        edit("version = 2", "version = 5");
        // until the lock records it, the bundle would deploy the changed rule as version 2: Kibana would not update
        assertThat(lockDiagnostics()).containsExactly("rules/cmd.toml:14:11: error: rule content changed since version 2 "
                + "was locked, but the lock does not have version 5 yet [RF7001]");
        forge.lock();
        assertThat(lockedVersion()).isEqualTo(5);
        assertThat(lockDiagnostics()).isEmpty();
    }

    @Test
    void aVersionInTheRuleFileThatIsNotTheLockedOneIsAWarningAndNotDeployed() throws Exception {
        edit("version = 2", "version = 7");
        StageReport report = forge.validate();
        assertThat(report.diagnostics()).filteredOn(d -> d.code().startsWith("RF7")).singleElement().satisfies(d -> {
            assertThat(d.format()).isEqualTo("rules/cmd.toml:14:11: warning: the rule file says version 7, but "
                    + "version.lock.json has 2, and the lock's is the one deployed [RF7006]");
            assertThat(d.hint()).isEqualTo("run `mvn ruleforge:lock` or `ruleforge lock` to take version 7, or remove `version` from the rule file");
        });
        forge.bundle();
        assertThat(Files.readString(dir.resolve("out/bundle/rules.ndjson"))).contains("\"version\":2").doesNotContain("\"version\":7");

        StageReport lock = forge.lock();
        assertThat(lockedVersion()).isEqualTo(7);
        assertThat(lock.diagnostics()).noneMatch(d -> d.code().startsWith("RF7"));
    }

    @Test
    void rulesWithoutALockFileAreOneWarning() throws Exception {
        Files.delete(dir.resolve("rules/version.lock.json"));
        assertThat(lockDiagnostics()).containsExactly("rules/version.lock.json: warning: no version.lock.json beside the rules: "
                + "no version is checked, and a content change without a version bump would never reach Kibana [RF7007]");
        StageReport lock = forge.lock();
        assertThat(lock.diagnostics()).isEmpty();
        assertThat(lockDiagnostics()).isEmpty();
    }

    private List<String> withLock(String json) throws Exception {
        Files.writeString(dir.resolve("rules/version.lock.json"), json);
        return lockDiagnostics();
    }

    private static final String HASH = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @Test
    void aKeyThatIsInTheLockTwiceIsAnErrorAtTheSecond() throws Exception {
        assertThat(withLock("""
                {
                  "00000000-0000-4000-8000-000000000009": {"name": "a", "sha256": "%s", "version": 1},
                  "00000000-0000-4000-8000-000000000009": {"name": "b", "sha256": "%s", "version": 4}
                }
                """.formatted(HASH, HASH))).contains("rules/version.lock.json:3:3: error: rule_id 00000000-0000-4000-8000-000000000009 "
                + "is in the lock twice (first at line 2) [RF7004]");
    }

    @Test
    void versionsBelowOneAndHashesThatAreNotHexAreErrorsAtTheirValue() throws Exception {
        String negative = "  \"00000000-0000-4000-8000-000000000008\": {\"name\": \"a\", \"sha256\": \"%s\", \"version\": -1},".formatted(HASH);
        String notHex = "  \"00000000-0000-4000-8000-000000000009\": {\"name\": \"b\", \"sha256\": \"not-a-hash\", \"version\": 1}";
        assertThat(withLock("{\n" + negative + "\n" + notHex + "\n}\n")).contains(
                "rules/version.lock.json:2:" + (negative.indexOf("-1}") + 1)
                        + ": error: lock entry 00000000-0000-4000-8000-000000000008: version must be a positive integer, found -1 [RF7003]",
                "rules/version.lock.json:3:" + (notHex.indexOf("\"not-a-hash") + 1)
                        + ": error: lock entry 00000000-0000-4000-8000-000000000009: sha256 must be 64 lowercase hex digits, found \"not-a-hash\" [RF7003]");
    }

    /** Blocked by another file's error, lock does not tell the user to run lock: it says what it will bump once fixed. */
    @Test
    void aMissingBumpIsNoErrorOfABlockedLockButWhatItWillBump() throws Exception {
        edit("or 192.168.0.0/16", "or 192.168.0.0/16 or 172.16.0.0/12");
        Files.writeString(dir.resolve("rules/broken.toml"), "[metadata]\ncreation_date = \"2020/01/01\n");
        StageReport lock = forge.lock();
        assertThat(lock.diagnostics()).extracting(Diagnostic::code).contains("RF1010").doesNotContain("RF7001");
        assertThat(lock.summary()).singleElement().asString().isEqualTo("version lock not written: 1 error, 0 warnings;"
                + " once fixed, lock bumps the 1 changed rule whose version was not bumped");
        assertThat(lockedVersion()).isEqualTo(2);
    }

    @Test
    void aLockWithErrorsIsNotRewrittenByLock() throws Exception {
        byte[] bad = ("{\"00000000-0000-4000-8000-000000000001\": {\"name\": \"Cmd\", \"sha256\": \"%s\", \"version\": 0}}\n")
                .formatted(HASH).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(dir.resolve("rules/version.lock.json"), bad);
        StageReport lock = forge.lock();
        assertThat(lock.summary()).singleElement().asString().startsWith("version lock not written: 1 error");
        assertThat(Files.readAllBytes(dir.resolve("rules/version.lock.json"))).isEqualTo(bad);
    }

    @Test
    void aLockKeyThatIsNoUuidIsAWarningWhenARuleHasItAndAnErrorOtherwise() throws Exception {
        // as in Elastic's corpus: a deprecated rule, whose id validation accepts with a warning (RF2009)
        edit("00000000-0000-4000-8000-000000000001", "rule-without-uuid");
        edit("maturity = \"production\"", "maturity = \"deprecated\"");
        String entry = "{\"name\": \"Cmd\", \"sha256\": \"%s\", \"version\": 2}".formatted(HASH);
        assertThat(withLock("{\n  \"rule-without-uuid\": " + entry + ",\n  \"typo-id\": " + entry + "\n}\n")).contains(
                "rules/version.lock.json:2:3: warning: lock key rule-without-uuid is not a UUID [RF7005]",
                "rules/version.lock.json:3:3: error: lock key typo-id is not a UUID, and no rule has it as rule_id [RF7005]");
    }

    @Test
    void reformattingAndMetadataAreNotContentChanges() throws Exception {
        edit("process.name:cmd.exe and\n  not destination.ip", "process.name:cmd.exe\n        and not destination.ip");
        edit("description = \"cmd.exe making a network connection.\"", "description = \"\"\"\ncmd.exe making a\nnetwork connection.\n\"\"\"");
        edit("updated_date = \"2020/03/18\"", "updated_date = \"2024/01/01\"");
        assertThat(lockDiagnostics()).isEmpty();
    }

    @Test
    void aNewRuleIsAWarningUntilLocked() throws Exception {
        Files.writeString(dir.resolve("rules/new.toml"), RuleforgeTest.RULE.replace("NAME", "New").replace("RULE_ID", "00000000-0000-4000-8000-000000000002"));
        assertThat(lockDiagnostics()).singleElement().asString().contains("warning: rule 00000000-0000-4000-8000-000000000002 is not in version.lock.json");
        forge.lock();
        assertThat(lockDiagnostics()).isEmpty();
    }

    @Test
    void aMalformedLockFileIsAPositionedError() throws Exception {
        Files.writeString(dir.resolve("rules/version.lock.json"), "{\n  \"x\": {\"version\": 1,\n");
        assertThat(lockDiagnostics()).singleElement().asString().startsWith("rules/version.lock.json:3:").contains("malformed lock file");
    }
}
