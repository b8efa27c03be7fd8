package io.ruleforge.maven;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the plugin brings into a user's build: its resolved runtime dependencies (maven-dependency-plugin:list,
 * run before the tests). The test oracles — Elasticsearch and its KQL module, the ANTLR runtime those need, Kibana's
 * npm code — and the test libraries are the project's own business and never on that class path.
 */
class RuntimeClasspathTest {

    private static final Path LIST = Path.of("target/runtime-dependencies.txt");

    @Test
    void onlyTheLibraryAndItsRuntimeDependenciesReachUsersBuilds() throws Exception {
        assertThat(LIST).as("written by maven-dependency-plugin:list (runtime-classpath)").isRegularFile();
        List<String> artifacts = Files.readAllLines(LIST).stream().map(String::strip)
                .filter(line -> line.matches("[\\w.-]+:[\\w.-]+:.*")).toList();
        assertThat(artifacts).as("resolved runtime dependencies").isNotEmpty()
                .anyMatch(a -> a.startsWith("io.ruleforge:ruleforge-compiler:jar:"))
                .anyMatch(a -> a.startsWith("info.picocli:picocli:jar:"));
        assertThat(artifacts)
                .noneMatch(a -> a.startsWith("org.elasticsearch"))
                .noneMatch(a -> a.contains("x-pack-kql"))
                .noneMatch(a -> a.contains("kbn"))
                .noneMatch(a -> a.startsWith("org.junit") || a.startsWith("org.assertj") || a.startsWith("org.openjdk.jmh"))
                // the one ANTLR runtime is the library's own, not the one Elasticsearch's KQL module needs
                .noneMatch(a -> a.startsWith("org.antlr:antlr4-runtime:jar:4.13.1"));
        // runtime only: Maven's own API is provided by Maven, never shipped by the plugin
        assertThat(artifacts).allSatisfy(a -> assertThat(a).matches(".*:(compile|runtime)( .*)?"));
    }
}
