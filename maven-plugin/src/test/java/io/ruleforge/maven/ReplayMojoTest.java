package io.ruleforge.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replay goal: reports written; a rule noisier than maxAlerts fails the build naming it. */
class ReplayMojoTest {

    @TempDir
    Path project;

    private ReplayMojo mojo(Long maxAlerts) throws Exception {
        Files.createDirectories(project.resolve("src/rules"));
        Files.copy(Path.of("../rules/encoded_powershell_command.toml"), project.resolve("src/rules/encoded_powershell_command.toml"));
        Files.createDirectories(project.resolve("events"));
        // fixture files may hold // comments; recorded events are plain NDJSON
        Files.write(project.resolve("events/recorded.ndjson"), Files.readAllLines(Path.of("../test-fixtures/encoded_powershell_command/positive.ndjson"))
                .stream().filter(l -> l.startsWith("{")).toList());
        ReplayMojo mojo = new ReplayMojo();
        ProjectMojos.inProject(mojo, project);
        mojo.events = List.of(project.resolve("events").toFile());
        mojo.maxAlerts = maxAlerts;
        mojo.project = new org.apache.maven.project.MavenProject();
        org.apache.maven.plugin.descriptor.MojoDescriptor descriptor = new org.apache.maven.plugin.descriptor.MojoDescriptor();
        descriptor.setGoal("replay");
        mojo.mojoExecution = new org.apache.maven.plugin.MojoExecution(descriptor);
        return mojo;
    }

    @Test
    void writesTheReplayReports() throws Exception {
        mojo(null).execute();
        assertThat(new File(project.toFile(), "target/ruleforge/replay.md")).content().contains("encoded_powershell_command.toml");
        assertThat(new File(project.toFile(), "target/ruleforge/replay.json")).exists();
    }

    @Test
    void aRuleOverTheBudgetFailsTheBuild() throws Exception {
        ReplayMojo mojo = mojo(1L);
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class);
        assertThat(new File(project.toFile(), "target/ruleforge/replay.md")).exists();
    }
}
