package io.ruleforge.evaluate.engine;

import com.sun.net.httpserver.HttpServer;
import io.ruleforge.testing.TcpProxy;
import io.ruleforge.testing.TestCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The trust of an https engine URL, through a TLS-terminating proxy in front of a plain local HTTP server, with
 * certificates keytool made: the cluster's CA or its fingerprint is trusted, anything else is refused with a message
 * naming the URL and the option to use, and the host name is verified whatever is trusted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineTlsTest {

    @TempDir
    static Path dir;

    private HttpServer plain;
    private TestCertificates.Authority ca;
    private TestCertificates.Authority otherCa;
    private TcpProxy node;
    private TcpProxy misnamedNode;

    @BeforeAll
    void start() throws IOException {
        plain = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        plain.createContext("/", exchange -> {
            byte[] body = "{\"tagline\":\"You Know, for Search\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        plain.start();
        URI target = URI.create("http://127.0.0.1:" + plain.getAddress().getPort());
        TestCertificates certificates = new TestCertificates(dir);
        ca = certificates.authority("cluster-ca");
        otherCa = certificates.authority("other-ca");
        node = TcpProxy.start(target, Optional.of(certificates.server(ca, "ip:127.0.0.1")), line -> { });
        SSLContext elsewhere = certificates.server(ca, "dns:elsewhere.example");
        misnamedNode = TcpProxy.start(target, Optional.of(elsewhere), line -> { });
    }

    @AfterAll
    void stop() {
        node.close();
        misnamedNode.close();
        plain.stop(0);
    }

    private static EngineClient client(TcpProxy proxy, EngineTrust trust) {
        URI url = URI.create("https://127.0.0.1:" + proxy.port());
        return new EngineClient(EngineConnection.anonymous(url), EngineSettings.DEFAULT.withTrust(trust));
    }

    @Test
    void theClustersCaCertificateIsTrusted() {
        EngineClient.Response response = client(node, EngineTrust.caCertificates(ca.pem())).get("/");
        assertThat(response.body().path("tagline").asText()).isEqualTo("You Know, for Search");
    }

    @Test
    void aPemFileWithSeveralCertificatesTrustsEachOfThem() throws IOException {
        Path both = dir.resolve("both.pem");
        Files.writeString(both, Files.readString(otherCa.pem()) + Files.readString(ca.pem()));
        assertThat(client(node, EngineTrust.caCertificates(both)).get("/").ok()).isTrue();
    }

    @Test
    void theCasFingerprintAsKeytoolPrintsItIsTrusted() {
        assertThat(client(node, EngineTrust.fingerprint(ca.sha256())).get("/").ok()).isTrue();
        assertThat(client(node, EngineTrust.fingerprint(ca.sha256().replace(":", "").toLowerCase())).get("/").ok()).isTrue();
    }

    @Test
    void anotherCaIsRefusedNamingTheUrlAndTheOptions() {
        assertThatThrownBy(() -> client(node, EngineTrust.caCertificates(otherCa.pem())).get("/"))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("the TLS certificate of https://127.0.0.1:" + node.port() + " is not trusted by the CA "
                        + "certificates of " + otherCa.pem())
                .hasMessageContaining("--ca-cert FILE (Maven: caCert)")
                .hasMessageContaining("--ca-fingerprint HEX (Maven: caFingerprint)");
    }

    @Test
    void withoutACaTheJdksCasDoNotTrustAPrivateCa() {
        assertThatThrownBy(() -> client(node, EngineTrust.system()).get("/"))
                .isInstanceOf(EngineException.class)
                .hasMessageStartingWith("the TLS certificate of https://127.0.0.1:" + node.port() + " is not trusted by the JDK's trusted CAs");
    }

    @Test
    void anotherFingerprintIsRefused() {
        assertThatThrownBy(() -> client(node, EngineTrust.fingerprint(otherCa.sha256())).get("/"))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("is not trusted by the certificate with SHA-256 fingerprint")
                .hasMessageContaining("no certificate in the server's chain has the SHA-256 fingerprint");
    }

    @Test
    void aCertificateForAnotherHostIsRefusedWhateverIsTrusted() {
        for (EngineTrust trust : new EngineTrust[]{EngineTrust.caCertificates(ca.pem()), EngineTrust.fingerprint(ca.sha256())}) {
            assertThatThrownBy(() -> client(misnamedNode, trust).get("/"))
                    .as(trust.description())
                    .isInstanceOf(EngineException.class)
                    .hasMessageStartingWith("the TLS certificate of https://127.0.0.1:" + misnamedNode.port()
                            + " is not issued for 127.0.0.1")
                    .hasMessageContaining("host names are always verified");
        }
    }

    @Test
    void aCaFileThatIsNoPemSaysSo() throws IOException {
        Path notPem = dir.resolve("not.pem");
        Files.writeString(notPem, "hello\n");
        assertThatThrownBy(() -> EngineTrust.caCertificates(notPem))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--ca-cert " + notPem + ": expected PEM certificates (-----BEGIN CERTIFICATE-----), found");
        assertThatThrownBy(() -> EngineTrust.caCertificates(dir.resolve("missing.pem")))
                .hasMessageStartingWith("--ca-cert " + dir.resolve("missing.pem") + ": cannot read the file");
        assertThatThrownBy(() -> EngineTrust.fingerprint("abc"))
                .hasMessageContaining("expected a SHA-256 fingerprint, 64 hex digits");
    }
}
