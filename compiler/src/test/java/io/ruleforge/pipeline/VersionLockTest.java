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
            assertThat(d.hint()).isEqualTo("run `mvn ruleforge:lock` or `ruleforge lock` to bump it to 3");
        });

        StageReport lock = forge.lock();
        assertThat(lock.summary()).contains("bumped rules/cmd.toml (00000000-0000-4000-8000-000000000001) from version 2 to 3");
        assertThat(lockedVersion()).isEqualTo(3);
        assertThat(lockDiagnostics()).isEmpty();
        forge.bundle();
        assertThat(Files.readString(dir.resolve("out/bundle/rules.ndjson"))).contains("\"version\":3");
    }

    @Test
    void bumpingTheVersionInTheRuleFileIsAlsoABump() throws Exception {
        edit("severity = \"low\"", "severity = \"high\"");
        edit("version = 2", "version = 5");
        assertThat(lockDiagnostics()).isEmpty();
        forge.lock();
        assertThat(lockedVersion()).isEqualTo(5);
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
