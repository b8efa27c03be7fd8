package io.ruleforge.version;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.cli.RuleforgeCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every surface that names ruleforge's version — the CLI's {@code --version}, SARIF's {@code tool.driver.version}
 * and the bundle manifest — reports the version and git commit the build filtered in. The expected values come
 * from the pom (surefire's system properties), not from the code under test.
 */
class VersionSurfacesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    static String expectedVersion() {
        String version = System.getProperty("ruleforge.expectedVersion");
        assertThat(version).as("the pom passes its version to the tests").isNotBlank().doesNotContain("${");
        return version;
    }

    /** The commit git-commit-id-maven-plugin found; none when the build ran without .git (left unfiltered). */
    static Optional<String> expectedCommit() {
        String commit = System.getProperty("ruleforge.expectedCommit", "");
        return commit.isBlank() || commit.contains("${") ? Optional.empty() : Optional.of(commit);
    }

    private String cli(String... args) {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int exit = RuleforgeCli.run(args, new PrintWriter(stdout, true), new PrintWriter(stderr, true));
        assertThat(exit).as(stdout + "" + stderr).isZero();
        return stdout.toString();
    }

    @Test
    void theCliPrintsTheBuiltVersionAndCommit() {
        String expected = "ruleforge " + expectedVersion() + expectedCommit().map(c -> " (commit " + c + ")").orElse("");
        assertThat(cli("--version").strip()).isEqualTo(expected);
        assertThat(cli("-V").strip()).isEqualTo(expected);
    }

    @Test
    void sarifAndTheBundleManifestNameTheBuiltVersion() throws Exception {
        cli("bundle", "--rules", "../rules", "--fixtures", "../test-fixtures", "--out", out.toString());

        JsonNode sarif = JSON.readTree(Files.readString(out.resolve("ruleforge.sarif")));
        assertThat(sarif.at("/runs/0/tool/driver/name").asText()).isEqualTo("ruleforge");
        assertThat(sarif.at("/runs/0/tool/driver/version").asText()).isEqualTo(expectedVersion());

        JsonNode manifest = JSON.readTree(Files.readString(out.resolve("bundle/manifest.json")));
        assertThat(manifest.at("/ruleforge/version").asText()).isEqualTo(expectedVersion());
        if (expectedCommit().isPresent()) {
            assertThat(manifest.at("/ruleforge/commit").asText()).isEqualTo(expectedCommit().get());
        } else {
            assertThat(manifest.at("/ruleforge").has("commit")).as("no commit without .git").isFalse();
        }
    }
}
