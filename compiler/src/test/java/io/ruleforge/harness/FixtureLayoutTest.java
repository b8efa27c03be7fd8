package io.ruleforge.harness;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FixtureLayoutTest {

    @TempDir
    Path dir;

    private void touch(String relative) throws Exception {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{}\n");
    }

    @Test
    void aFolderOfNoRuleIsAWarningNamingTheNearestRule() throws Exception {
        touch("fixtures/command_prompt_network_conection/positive.ndjson");
        touch("fixtures/something_else_entirely/positive.ndjson");
        var found = new FixtureLayout(dir.resolve("fixtures"), dir).check(Set.of("command_prompt_network_connection", "regsvr"));
        assertThat(found).extracting(Diagnostic::severity).containsOnly(Severity.WARNING);
        assertThat(found).extracting(d -> d.position().file(), Diagnostic::hint).containsExactly(
                org.assertj.core.groups.Tuple.tuple("fixtures/command_prompt_network_conection/",
                        "did you mean command_prompt_network_connection/ (the rule file command_prompt_network_connection.toml or .yaml)?"),
                org.assertj.core.groups.Tuple.tuple("fixtures/something_else_entirely/",
                        "name it after its rule file without the extension, or delete it"));
    }

    @Test
    void aFileInARulesFolderThatIsNotAFixtureFileIsAWarning() throws Exception {
        touch("fixtures/cmd/positive.ndjson");
        touch("fixtures/cmd/negatives.ndjson");
        touch("fixtures/cmd/notes.md");
        var found = new FixtureLayout(dir.resolve("fixtures"), dir).check(Set.of("cmd"));
        assertThat(found).extracting(Diagnostic::format).containsExactly(
                "fixtures/cmd/negatives.ndjson: warning: file in a fixture folder is never read: only positive.ndjson and negative.ndjson are [RF6009]",
                "fixtures/cmd/notes.md: warning: file in a fixture folder is never read: only positive.ndjson and negative.ndjson are [RF6009]");
        assertThat(found).extracting(Diagnostic::hint).containsExactly(
                "did you mean negative.ndjson?", "rename it positive.ndjson or negative.ndjson, or delete it");
    }

    @Test
    void aTidyDirectoryHasNothingToSay() throws Exception {
        touch("fixtures/cmd/positive.ndjson");
        touch("fixtures/cmd/negative.ndjson");
        touch("fixtures/README.md");
        assertThat(new FixtureLayout(dir.resolve("fixtures"), dir).check(Set.of("cmd", "without_fixtures"))).isEmpty();
    }

    @Test
    void aMissingDirectoryIsAnError() throws Exception {
        FixtureLayout layout = new FixtureLayout(dir.resolve("fixturez"), dir);
        assertThat(layout.missingDirectory()).hasValueSatisfying(d ->
                assertThat(d.format()).isEqualTo("fixturez: error: fixtures directory does not exist [RF6010]"));
        Files.createDirectories(dir.resolve("fixtures"));
        assertThat(new FixtureLayout(dir.resolve("fixtures"), dir).missingDirectory()).isEmpty();
    }

    @Test
    void aBrokenLinkInTheFixturesDirectoryIsAnError() throws Exception {
        Files.createDirectories(dir.resolve("fixtures"));
        Files.createSymbolicLink(dir.resolve("fixtures/cmd"), dir.resolve("gone"));
        assertThat(new FixtureLayout(dir.resolve("fixtures"), dir).check(Set.of("cmd"))).singleElement().satisfies(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.message()).startsWith("cannot read fixture folder: broken symbolic link");
        });
    }

    @Test
    void aFolderThatCannotBeListedIsAnErrorSayingWhy() throws Exception {
        touch("fixtures/cmd/positive.ndjson");
        FixtureLayout layout = new FixtureLayout(dir.resolve("fixtures"), dir, folder -> {
            if (folder.endsWith("cmd")) {
                throw new java.nio.file.AccessDeniedException(folder.toString());
            }
            return List.of(folder.resolve("cmd"));
        });
        assertThat(layout.check(Set.of("cmd"))).extracting(Diagnostic::format)
                .containsExactly("fixtures/cmd: error: cannot list fixture folder: permission denied [RF6010]");
    }
}
