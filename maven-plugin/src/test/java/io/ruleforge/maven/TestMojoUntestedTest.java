package io.ruleforge.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.SystemStreamLog;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.descriptor.MojoDescriptor;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The test goal does not go green silently on a rule without fixture events: beside a tested rule it is a warning,
 * and a run that tests no rule at all is an error.
 */
class TestMojoUntestedTest {

    /** A valid rule of the plugin's integration tests, here without its fixtures. */
    private static final Path RULE = Path.of("src/it/passing/src/rules/certutil_network_connection.toml");
    /** A rule with its fixtures, so that the run tests one rule. */
    private static final Path TESTED_RULE = Path.of("src/it/passing/src/rules/mshta_network_connection.toml");
    private static final Path TESTED_FIXTURES = Path.of("src/it/passing/src/test/fixtures/mshta_network_connection");

    @TempDir
    Path dir;

    /** Keeps what the goal logs, by level. */
    private static final class RecordingLog extends SystemStreamLog {
        final List<String> warnings = new ArrayList<>();
        final List<String> errors = new ArrayList<>();

        @Override
        public void warn(CharSequence content) {
            warnings.add(content.toString());
        }

        @Override
        public void error(CharSequence content) {
            errors.add(content.toString());
        }

        @Override
        public void info(CharSequence content) {
        }
    }

    private TestMojo goal(boolean failOnWarning, RecordingLog log) throws Exception {
        Files.createDirectories(dir.resolve("src/rules"));
        Files.createDirectories(dir.resolve("src/test/fixtures"));
        Files.copy(RULE, dir.resolve("src/rules/certutil_network_connection.toml"), StandardCopyOption.REPLACE_EXISTING);
        // beside a tested rule: a run that tests no rule at all is an error of its own (RF6017)
        Files.copy(TESTED_RULE, dir.resolve("src/rules/mshta_network_connection.toml"), StandardCopyOption.REPLACE_EXISTING);
        Path fixtures = Files.createDirectories(dir.resolve("src/test/fixtures/mshta_network_connection"));
        for (String file : List.of("positive.ndjson", "negative.ndjson")) {
            Files.copy(TESTED_FIXTURES.resolve(file), fixtures.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        TestMojo goal = new TestMojo();
        ProjectMojos.inProject(goal, dir);
        goal.buildDirectory = dir.resolve("target").toFile();
        goal.failOnWarning = failOnWarning;
        goal.incremental = true;
        goal.project = new MavenProject(); // where goals of one build note the warnings already shown
        MojoDescriptor descriptor = new MojoDescriptor();
        descriptor.setGoal("test");
        goal.mojoExecution = new MojoExecution(descriptor);
        goal.setLog(log);
        return goal;
    }

    @Test
    void anUntestedRuleIsLoggedAsAWarningAndFailsTheBuildWithFailOnWarning() throws Exception {
        RecordingLog log = new RecordingLog();
        assertThatThrownBy(() -> goal(true, log).execute()).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("rule has no fixtures");
        assertThat(log.warnings).contains("UNTESTED src/rules/certutil_network_connection.toml — Certutil Network Connection");
        assertThat(log.errors).isEmpty();
    }

    /** A goal refused for its configuration says why in its SARIF and reports/, never leaving the last run's. */
    @Test
    void aRefusedGoalReplacesTheLastRunsReportsWithTheReason() throws Exception {
        TestMojo goal = goal(false, new RecordingLog());
        goal.execute();
        Path reports = dir.resolve("target/ruleforge/reports");
        assertThat(reports.resolve("TEST-ruleforge.certutil_network_connection.xml")).exists();
        goal.kibanaVersion = "banana";
        assertThatThrownBy(goal::execute).isInstanceOf(org.apache.maven.plugin.MojoExecutionException.class)
                .hasMessageContaining("unsupported kibanaVersion");
        assertThat(Files.readString(dir.resolve("target/ruleforge/ruleforge.sarif"))).contains("RF1008", "unsupported kibanaVersion");
        try (java.util.stream.Stream<Path> files = Files.list(reports)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("TEST-ruleforge.build.xml");
        }
    }

    @Test
    void quietLeavesWarningsOutUnlessTheyFailTheBuild() throws Exception {
        RecordingLog quiet = new RecordingLog();
        TestMojo lenient = goal(false, quiet);
        lenient.quiet = true;
        lenient.execute();
        assertThat(quiet.warnings).noneSatisfy(w -> assertThat(w).contains("warning: rule has no fixtures"))
                .anySatisfy(w -> assertThat(w).contains("not shown (quiet)"));

        RecordingLog failing = new RecordingLog();
        Files.delete(dir.resolve("src/rules/certutil_network_connection.toml"));
        TestMojo strict = goal(true, failing);
        strict.quiet = true;
        strict.outputDirectory = dir.resolve("target/ruleforge-strict").toFile();
        assertThatThrownBy(strict::execute).isInstanceOf(MojoFailureException.class);
        assertThat(failing.warnings).anySatisfy(w -> assertThat(w).contains("warning: rule has no fixtures", "[RF6002]"));
    }

    @Test
    void aRunThatTestsNoRuleFailsTheBuild() throws Exception {
        TestMojo goal = goal(false, new RecordingLog());
        Files.delete(dir.resolve("src/test/fixtures/mshta_network_connection/positive.ndjson"));
        Files.delete(dir.resolve("src/test/fixtures/mshta_network_connection/negative.ndjson"));
        assertThatThrownBy(goal::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("no rule was tested (2 untested)").hasMessageContaining("RF6017");
    }

    @Test
    void withoutFailOnWarningTheUntestedRuleIsStillAWarning() throws Exception {
        RecordingLog log = new RecordingLog();
        goal(false, log).execute();
        assertThat(log.warnings).contains("UNTESTED src/rules/certutil_network_connection.toml — Certutil Network Connection")
                .anySatisfy(w -> assertThat(w).contains("warning: rule has no fixtures", "[RF6002]"));
    }

    @Test
    void aFailingCaseIsLoggedAsErrorsFromTheRecordsAndNamedInTheBuildFailure() throws Exception {
        RecordingLog log = new RecordingLog();
        TestMojo goal = goal(false, log);
        Path fixtures = Files.createDirectories(dir.resolve("src/test/fixtures/certutil_network_connection"));
        // another process's connection, given as a positive: the rule stays quiet on it
        Files.writeString(fixtures.resolve("positive.ndjson"), Files.readAllLines(
                Path.of("src/it/passing/src/test/fixtures/certutil_network_connection/negative.ndjson")).get(1) + "\n");
        assertThatThrownBy(goal::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageStartingWith("ruleforge test failed: ✗ expected the rule to fire on "
                        + "src/test/fixtures/certutil_network_connection/positive.ndjson:1");
        assertThat(log.errors).startsWith("FAIL src/rules/certutil_network_connection.toml — Certutil Network Connection");
        assertThat(log.errors).anySatisfy(e -> assertThat(e).startsWith("     ✗ expected the rule to fire on "
                + "src/test/fixtures/certutil_network_connection/positive.ndjson:1"));
    }
}
