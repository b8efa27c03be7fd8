package io.ruleforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultFoldersTest {

    @TempDir
    Path dir;

    @Test
    void thisRepositorysLayoutIsUsedWhenItIsThereWithoutANote() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("test-fixtures"));
        // the plugin's layout beside it does not win
        Files.createDirectories(dir.resolve("src/rules"));
        Files.createDirectories(dir.resolve("src/test/fixtures"));

        DefaultFolders folders = DefaultFolders.resolve(dir, Optional.empty(), Optional.empty());

        assertThat(folders.rules()).isEqualTo(Path.of("rules"));
        assertThat(folders.fixtures()).isEqualTo(Path.of("test-fixtures"));
        assertThat(folders.notes()).isEmpty();
    }

    @Test
    void theMavenPluginsLayoutIsFoundWhenThereIsNoRulesFolderAndTheRunSaysSo() throws Exception {
        Files.createDirectories(dir.resolve("src/rules"));
        Files.createDirectories(dir.resolve("src/test/fixtures"));

        DefaultFolders folders = DefaultFolders.resolve(dir, Optional.empty(), Optional.empty());

        assertThat(folders.rules()).isEqualTo(Path.of("src/rules"));
        assertThat(folders.fixtures()).isEqualTo(Path.of("src/test/fixtures"));
        assertThat(folders.notes()).containsExactly(
                "rules from src/rules/ (the Maven plugin's layout; there is no rules/ here)",
                "fixtures from src/test/fixtures/ (the Maven plugin's layout; there is no test-fixtures/ here)");
    }

    @Test
    void foldersGivenOnTheCommandLineAreUsedAsGiven() throws Exception {
        Files.createDirectories(dir.resolve("src/rules"));
        Files.createDirectories(dir.resolve("src/test/fixtures"));

        DefaultFolders folders = DefaultFolders.resolve(dir, Optional.of(Path.of("detections")), Optional.of(Path.of("events")));

        assertThat(folders.rules()).isEqualTo(Path.of("detections"));
        assertThat(folders.fixtures()).isEqualTo(Path.of("events"));
        assertThat(folders.notes()).isEmpty();
    }

    @Test
    void withNoRulesFolderTheFirstDefaultIsKeptAndTheNoteSaysWhereItLookedAndWhatToPass() {
        DefaultFolders folders = DefaultFolders.resolve(dir, Optional.empty(), Optional.empty());

        assertThat(folders.rules()).isEqualTo(Path.of("rules"));
        assertThat(folders.fixtures()).isEqualTo(Path.of("test-fixtures"));
        assertThat(folders.notes()).containsExactly("no rules folder here: looked for rules/ and src/rules/; give one with --rules DIR");
    }

    @Test
    void aFileNamedLikeTheFolderIsNotTheFolder() throws Exception {
        Files.writeString(dir.resolve("rules"), "not a folder");
        Files.createDirectories(dir.resolve("src/rules"));

        assertThat(DefaultFolders.resolve(dir, Optional.empty(), Optional.empty()).rules()).isEqualTo(Path.of("src/rules"));
    }
}
