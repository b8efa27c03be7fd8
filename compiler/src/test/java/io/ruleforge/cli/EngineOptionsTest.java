package io.ruleforge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The connection options of the commands that talk to a cluster: bad combinations and values are usage errors. */
class EngineOptionsTest {

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private Run test(String... engineArgs) throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        Files.createDirectories(dir.resolve("fixtures"));
        String[] args = new String[engineArgs.length + 7];
        System.arraycopy(new String[]{"test", "--rules", dir.resolve("rules").toString(), "--fixtures",
                dir.resolve("fixtures").toString(), "--out", dir.resolve("out").toString()}, 0, args, 0, 7);
        System.arraycopy(engineArgs, 0, args, 7, engineArgs.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void aCaWithoutAClusterIsAUsageError() throws IOException {
        Run r = test("--ca-fingerprint", "ab".repeat(32));
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(r.err()).contains("ruleforge: --ca-cert and --ca-fingerprint need a cluster: give --engine URL or --cloud-id ID");
    }

    @Test
    void anEngineUrlAndACloudIdTogetherAreAUsageError() throws IOException {
        Run r = test("--engine", "https://es.example:9200", "--cloud-id", "x:" + encode("es.io$abc$def"));
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(r.err()).contains("give --engine URL or --cloud-id ID, not both");
    }

    @Test
    void aCaFileAndAFingerprintTogetherAreAUsageError() throws IOException {
        Run r = test("--engine", "https://es.example:9200", "--ca-cert", "ca.pem", "--ca-fingerprint", "ab".repeat(32));
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(r.err()).contains("give --ca-cert FILE or --ca-fingerprint SHA256HEX, not both");
    }

    @Test
    void aMissingCaFileIsNamed() throws IOException {
        Run r = test("--engine", "https://es.example:9200", "--ca-cert", dir.resolve("nope.pem").toString());
        assertThat(r.exit()).isEqualTo(RuleforgeCli.EXIT_USAGE);
        assertThat(r.err()).contains("ruleforge: --ca-cert " + dir.resolve("nope.pem") + ": cannot read the file");
    }

    @Test
    void aMalformedFingerprintOrTimeoutIsAUsageError() throws IOException {
        assertThat(test("--engine", "https://es.example:9200", "--ca-fingerprint", "12:34").err())
                .contains("--ca-fingerprint \"12:34\": expected a SHA-256 fingerprint, 64 hex digits");
        assertThat(test("--engine", "https://es.example:9200", "--request-timeout", "0").err())
                .contains("--request-timeout must be a positive number of seconds, found 0");
    }

    @Test
    void aCloudIdBecomesTheClustersHttpsUrl() {
        EngineOptions options = new EngineOptions();
        options.cloudId = "prod:" + encode("europe-west1.gcp.cloud.es.io$4fa88$kib");
        assertThat(options.url()).contains(URI.create("https://4fa88.europe-west1.gcp.cloud.es.io:443"));
        assertThat(options.client(Map.of()).orElseThrow().connection().displayUrl())
                .isEqualTo("https://4fa88.europe-west1.gcp.cloud.es.io:443");
    }

    private static String encode(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
