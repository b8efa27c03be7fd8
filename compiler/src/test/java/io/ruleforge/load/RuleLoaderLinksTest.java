package io.ruleforge.load;

import io.ruleforge.diag.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule files behind links, and files that cannot be read, are reported, never skipped. */
class RuleLoaderLinksTest {

    @TempDir
    Path dir;

    @Test
    void brokenAndLoopingLinksToRuleFilesAreReported() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/good.toml"), RuleLoaderTest.TOML);
        Files.createSymbolicLink(dir.resolve("rules/gone.toml"), dir.resolve("elsewhere/gone.toml"));
        Files.createSymbolicLink(dir.resolve("rules/self.toml"), dir.resolve("rules/self.toml"));
        Files.createSymbolicLink(dir.resolve("rules/notes.txt"), dir.resolve("nowhere.txt")); // not a rule file: not ours

        LoadResult result = new RuleLoader(dir).loadDirectory(dir.resolve("rules"), List.of());

        assertThat(result.documents()).extracting(RuleDocument::displayPath).containsExactly("rules/good.toml");
        assertThat(result.diagnostics()).extracting(Diagnostic::format).containsExactlyInAnyOrder(
                "rules/gone.toml: error: cannot read rule file: broken symbolic link: its target "
                        + dir.resolve("elsewhere/gone.toml") + " does not exist [RF1001]",
                "rules/self.toml: error: cannot read rule file: symbolic link loop [RF1001]");
    }

    @Test
    void linkedFoldersAreSearchedAndALinkBackToAnAncestorIsReported() throws Exception {
        Files.createDirectories(dir.resolve("shared"));
        Files.writeString(dir.resolve("shared/linked.toml"), RuleLoaderTest.TOML);
        Files.createDirectories(dir.resolve("rules"));
        Files.createSymbolicLink(dir.resolve("rules/shared"), dir.resolve("shared"));
        Files.createSymbolicLink(dir.resolve("rules/again"), dir.resolve("rules"));

        LoadResult result = new RuleLoader(dir).loadDirectory(dir.resolve("rules"), List.of());

        assertThat(result.documents()).extracting(RuleDocument::displayPath).containsExactly("rules/shared/linked.toml");
        assertThat(result.diagnostics()).extracting(Diagnostic::format)
                .containsExactly("rules/again: error: cannot search folder for rules: symbolic link loop [RF1001]");
    }

    @Test
    void anUnreadableRuleFileSaysPermissionDenied() throws Exception {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/locked.toml"), RuleLoaderTest.TOML);
        RuleLoader loader = new RuleLoader(dir, file -> {
            throw new AccessDeniedException(file.toString());
        });
        assertThat(loader.loadDirectory(dir.resolve("rules"), List.of()).diagnostics()).extracting(Diagnostic::format)
                .containsExactly("rules/locked.toml: error: cannot read file: permission denied [RF1001]");
    }
}
