package io.ruleforge.evaluate.engine;

import javax.net.ssl.SSLException;
import java.security.cert.CertificateException;
import java.util.Optional;

/** A failed TLS handshake, said the way the user can act on it: which URL, what was not trusted, which option helps. */
final class TlsFailures {

    private TlsFailures() {
    }

    /** The TLS failure behind an I/O error, if that is what it was. */
    static Optional<SSLException> find(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException ssl) {
                return Optional.of(ssl);
            }
        }
        return Optional.empty();
    }

    static String describe(EngineConnection connection, EngineTrust trust, SSLException e) {
        String url = connection.displayUrl();
        String why = rootMessage(e);
        if (why.contains("No subject alternative") || why.contains("No name matching")) {
            return "the TLS certificate of " + url + " is not issued for " + connection.url().getHost() + " (" + why
                    + "); connect with a host name the certificate names — host names are always verified";
        }
        if (certificateProblem(e) || why.contains("PKIX") || why.contains("certification path")) {
            return "the TLS certificate of " + url + " is not trusted by " + trust.description() + " (" + why
                    + "); give the cluster's CA certificate with --ca-cert FILE (Maven: caCert), e.g. the http_ca.crt "
                    + "Elasticsearch 8 writes to config/certs, or its SHA-256 fingerprint with --ca-fingerprint HEX "
                    + "(Maven: caFingerprint)";
        }
        return "no TLS connection to " + url + " (" + why + "); is it an https URL of an Elasticsearch node?";
    }

    private static boolean certificateProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return message == null ? root.getClass().getSimpleName() : message;
    }
}
