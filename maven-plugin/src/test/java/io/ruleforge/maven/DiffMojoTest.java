package io.ruleforge.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The diff goal in a clone that never fetched its default base: a build failure that says what to do. */
class DiffMojoTest {

    @TempDir
    Path project;

    @Test
    void aBaseTheRepositoryDoesNotHaveFailsTheBuildSayingHowToNameAnother() throws Exception {
        Files.createDirectories(project.resolve("src/rules"));
        Files.copy(Path.of("../rules/command_prompt_network_connection.toml"), project.resolve("src/rules/command_prompt_network_connection.toml"));
        try (Git git = Git.init().setDirectory(project.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("rules").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").setSign(false).call();
        }
        DiffMojo mojo = new DiffMojo();
        ProjectMojos.inProject(mojo, project);
        mojo.base = "origin/main"; // the goal's default

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("ruleforge: unknown git revision \"origin/main\" in " + project.toFile())
                .hasMessageContaining("-Druleforge.base=<ref>")
                .hasNoCause();
        assertThat(new File(mojo.outputDirectory, "diff.md")).doesNotExist();
    }

    /** eventsIndex without events would be ignored without a word: the build fails saying so. */
    @Test
    void anEventsIndexWithoutEventsFailsTheBuild() throws Exception {
        Files.createDirectories(project.resolve("src/rules"));
        DiffMojo mojo = new DiffMojo();
        ProjectMojos.inProject(mojo, project);
        mojo.base = "HEAD";
        mojo.eventsIndex = "winlogbeat-1";
        // a configuration error, as every bad parameter is
        assertThatThrownBy(mojo::execute).isInstanceOf(org.apache.maven.plugin.MojoExecutionException.class)
                .hasMessageContaining("eventsIndex names the index of the recorded events: give them with events");
    }
}
