package io.ruleforge.evaluate;

import io.ruleforge.cli.RuleforgeCli;
import io.ruleforge.testing.LocalElasticsearch;
import io.ruleforge.testing.TcpProxy;
import io.ruleforge.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ruleforge test --engine https://…} through a TLS-terminating proxy (made in the test, certificates made by
 * keytool) in front of the test Elasticsearch: the cluster's CA or its fingerprint lets live mode pass; no CA, another
 * CA, or a certificate for another host name is refused with one clear error and no rule's report.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineTlsIT {

    @TempDir
    static Path certs;

    @TempDir
    Path dir;

    private static final List<String> SEED_RULES = List.of("command_prompt_network_connection.toml",
            "network_connection_via_regsvr.yaml");

    private LocalElasticsearch node;
    private TcpProxy tls;
    private TcpProxy misnamed;
    private TestCertificates.Authority ca;
    private TestCertificates.Authority otherCa;

    @BeforeAll
    void start() {
        node = LocalElasticsearch.start();
        TestCertificates certificates = new TestCertificates(certs);
        ca = certificates.authority("cluster-ca");
        otherCa = certificates.authority("other-ca");
        tls = TcpProxy.start(node.url(), Optional.of(certificates.server(ca, "ip:127.0.0.1")), line -> { });
        misnamed = TcpProxy.start(node.url(), Optional.of(certificates.server(ca, "dns:es.elsewhere.example")), line -> { });
    }

    @AfterAll
    void stop() {
        if (tls != null) {
            tls.close();
            misnamed.close();
        }
        if (node != null) {
            node.close();
        }
    }

    private record Run(int exit, String out, String err) {
        String all() {
            return out + err;
        }
    }

    /**
     * Live mode over the two seed rules and their fixtures: what is under test is the connection (trust, host name),
     * which every rule's index and search goes through alike; the whole project in live mode is EngineLiveModeIT's.
     */
    private Run liveMode(TcpProxy proxy, String... tlsOptions) {
        Path rules = dir.resolve("rules");
        Path fixtures = dir.resolve("fixtures");
        try {
            Files.createDirectories(rules);
            for (String rule : SEED_RULES) {
                Files.copy(Path.of(System.getProperty("ruleforge.rules"), rule), rules.resolve(rule));
                String stem = rule.substring(0, rule.lastIndexOf('.'));
                Path from = Path.of(System.getProperty("ruleforge.fixtures"), stem);
                try (var files = Files.list(from)) {
                    Files.createDirectories(fixtures.resolve(stem));
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        Files.copy(file, fixtures.resolve(stem).resolve(file.getFileName()));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> args = new ArrayList<>(List.of("test", "--rules", rules.toString(),
                "--fixtures", fixtures.toString(), "--out", dir.resolve("out").toString(),
                "--engine", "https://127.0.0.1:" + proxy.port()));
        args.addAll(List.of(tlsOptions));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = RuleforgeCli.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    private void assertRefusedCleanly(Run r, String why) {
        assertThat(r.exit()).as(r.all()).isEqualTo(RuleforgeCli.EXIT_FAILED);
        assertThat(r.out()).as(r.all()).contains("RF6007").contains(why);
        assertThat(r.all()).as("one clean error, no stack trace").doesNotContain("\tat ").doesNotContain("Exception:");
        assertThat(r.out().split("RF6007", -1)).as("one engine error").hasSize(2);
        // no rule's report: the one report there says why (the finding, RF6007)
        try (var reports = Files.list(dir.resolve("out/reports"))) {
            assertThat(reports.map(p -> p.getFileName().toString())).as("no rule's report written").containsExactly("TEST-ruleforge.build.xml");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        assertThat(dir.resolve("out/reports/TEST-ruleforge.build.xml")).content().contains("type=\"RF6007\"");
    }

    @Test
    void theClustersCaCertificateLetsLiveModePass() {
        Run r = liveMode(tls, "--ca-cert", ca.pem().toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(r.out()).contains("2 rules tested: 2 passed, 0 failed")
                .contains("verdicts decided by Elasticsearch 8.19.21 at https://127.0.0.1:" + tls.port());
    }

    @Test
    void theCasFingerprintLetsLiveModePass() {
        Run r = liveMode(tls, "--ca-fingerprint", ca.sha256());
        assertThat(r.exit()).as(r.all()).isEqualTo(RuleforgeCli.EXIT_OK);
        assertThat(r.out()).contains("2 rules tested: 2 passed, 0 failed");
    }

    @Test
    void withoutACaTheClusterIsRefused() {
        assertRefusedCleanly(liveMode(tls), "the TLS certificate of https://127.0.0.1:" + tls.port()
                + " is not trusted by the JDK's trusted CAs");
    }

    @Test
    void anotherCaIsRefusedNamingTheOptionToUse() {
        Run r = liveMode(tls, "--ca-cert", otherCa.pem().toString());
        assertRefusedCleanly(r, "is not trusted by the CA certificates of " + otherCa.pem());
        assertThat(r.out()).contains("--ca-cert FILE").contains("--ca-fingerprint HEX");
    }

    @Test
    void aCertificateForAnotherHostNameIsRefused() {
        assertRefusedCleanly(liveMode(misnamed, "--ca-cert", ca.pem().toString()),
                "the TLS certificate of https://127.0.0.1:" + misnamed.port() + " is not issued for 127.0.0.1");
    }
}
