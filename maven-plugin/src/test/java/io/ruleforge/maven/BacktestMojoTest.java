package io.ruleforge.maven;

import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The backtest goal: a bad range is a configuration error, a cluster that is not there fails the build, nothing written. */
class BacktestMojoTest {

    @TempDir
    Path project;

    private BacktestMojo mojo(String engine, String from) throws Exception {
        Files.createDirectories(project.resolve("src/rules"));
        Files.copy(Path.of("../rules/command_prompt_network_connection.toml"), project.resolve("src/rules/command_prompt_network_connection.toml"));
        BacktestMojo mojo = new BacktestMojo();
        ProjectMojos.inProject(mojo, project);
        mojo.engineUrl = engine;
        mojo.connectTimeout = 10;
        mojo.requestTimeout = 120;
        mojo.retries = 0;
        mojo.retryTime = 60;
        mojo.from = from;
        mojo.to = "now";
        mojo.project = new org.apache.maven.project.MavenProject();
        org.apache.maven.plugin.descriptor.MojoDescriptor descriptor = new org.apache.maven.plugin.descriptor.MojoDescriptor();
        descriptor.setGoal("backtest");
        mojo.mojoExecution = new org.apache.maven.plugin.MojoExecution(descriptor);
        return mojo;
    }

    @Test
    void aRangeThatIsNotDateMathIsAConfigurationError() throws Exception {
        BacktestMojo mojo = mojo("http://127.0.0.1:9", "a week ago");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class).hasMessageContaining("from \"a week ago\"");
    }

    @Test
    void noClusterIsAConfigurationError() throws Exception {
        BacktestMojo mojo = mojo(null, "now-7d");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("set engineUrl or cloudId");
    }

    @Test
    void aFingerprintAndACaFileTogetherAreAConfigurationError() throws Exception {
        BacktestMojo mojo = mojo("https://127.0.0.1:9", "now-7d");
        mojo.caCert = project.resolve("ca.pem").toFile();
        mojo.caFingerprint = "ab";
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoExecutionException.class)
                .hasMessageContaining("caCert or caFingerprint, not both");
    }

    @Test
    void aClusterThatIsNotThereFailsTheBuildAndWritesNoReport() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        BacktestMojo mojo = mojo("http://127.0.0.1:" + port, "now-7d");
        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class);
        assertThat(new File(project.toFile(), "target/ruleforge/backtest.md")).doesNotExist();
    }
}
