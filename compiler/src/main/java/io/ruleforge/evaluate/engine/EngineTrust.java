package io.ruleforge.evaluate.engine;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which TLS certificates an engine connection trusts. Host names are always verified (the JDK's HTTP client checks
 * the certificate names the host it connects to, whatever the trust); there is no way to trust everything.
 */
public sealed interface EngineTrust {

    /** The JDK's trusted CAs: public clusters such as Elastic Cloud. */
    static EngineTrust system() {
        return SystemCas.INSTANCE;
    }

    /**
     * The CA certificates of a PEM file (one or more {@code -----BEGIN CERTIFICATE-----} blocks), e.g. the
     * {@code http_ca.crt} Elasticsearch 8 writes at first start. An unreadable file or one without a certificate is
     * an {@link IllegalArgumentException} naming the file.
     */
    static EngineTrust caCertificates(Path pemFile) {
        List<X509Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("--ca-cert " + pemFile + ": cannot read the file (" + e.getMessage() + ")");
        } catch (CertificateException e) {
            throw new IllegalArgumentException("--ca-cert " + pemFile + ": expected PEM certificates (-----BEGIN CERTIFICATE-----), "
                    + "found something else (" + e.getMessage() + ")");
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("--ca-cert " + pemFile + ": expected PEM certificates (-----BEGIN CERTIFICATE-----), found none");
        }
        return new CaCertificates(pemFile.toString(), certificates);
    }

    /**
     * The certificate chains holding a certificate with this SHA-256 fingerprint (hex, colons and case ignored), as
     * Elasticsearch 8 prints its HTTP CA's at first start and as Elastic's clients take it ({@code ca_fingerprint}).
     */
    static EngineTrust fingerprint(String sha256Hex) {
        String hex = sha256Hex.replace(":", "").trim().toLowerCase(Locale.ROOT);
        if (!hex.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("--ca-fingerprint \"" + sha256Hex + "\": expected a SHA-256 fingerprint, 64 hex "
                    + "digits (colons allowed), as Elasticsearch prints it at first start");
        }
        return new Fingerprint(hex);
    }

    /** The TLS context of this trust; empty for the JDK's own. */
    Optional<SSLContext> sslContext();

    /** What is trusted, for messages. */
    String description();

    /** The JDK's default trust store. */
    enum SystemCas implements EngineTrust {
        INSTANCE;

        @Override
        public Optional<SSLContext> sslContext() {
            return Optional.empty();
        }

        @Override
        public String description() {
            return "the JDK's trusted CAs";
        }
    }

    /**
     * The CAs of one PEM file.
     *
     * @param source       the file, for messages
     * @param certificates the CA certificates
     */
    record CaCertificates(String source, List<X509Certificate> certificates) implements EngineTrust {
        public CaCertificates {
            certificates = List.copyOf(certificates);
        }

        @Override
        public Optional<SSLContext> sslContext() {
            try {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                for (int i = 0; i < certificates.size(); i++) {
                    store.setCertificateEntry("ca-" + i, certificates.get(i));
                }
                TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                factory.init(store);
                return Optional.of(context(factory.getTrustManagers()));
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("cannot build a trust store of " + source, e);
            }
        }

        @Override
        public String description() {
            return "the CA certificates of " + source;
        }
    }

    /**
     * The chains holding a certificate with this fingerprint.
     *
     * @param sha256Hex lower-case hex, 64 digits
     */
    record Fingerprint(String sha256Hex) implements EngineTrust {
        @Override
        public Optional<SSLContext> sslContext() {
            // a plain X509TrustManager: the JDK wraps it and still verifies the host name against the certificate
            return Optional.of(context(new TrustManager[]{new FingerprintTrustManager(sha256Hex)}));
        }

        @Override
        public String description() {
            return "the certificate with SHA-256 fingerprint " + sha256Hex;
        }
    }

    private static SSLContext context(TrustManager[] trustManagers) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create a TLS context", e);
        }
    }

    /** The SHA-256 fingerprint of a certificate's DER encoding, lower-case hex. */
    static String sha256(Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
