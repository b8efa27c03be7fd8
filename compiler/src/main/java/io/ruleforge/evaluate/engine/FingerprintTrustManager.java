package io.ruleforge.evaluate.engine;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Trusts a server's chain when one of its certificates has the expected SHA-256 fingerprint, as Elastic's clients do
 * with {@code ca_fingerprint}; that certificate then anchors an ordinary PKIX validation of the chain below it
 * (signatures, validity), so a chain that merely carries a copy of the CA certificate next to a forged leaf fails.
 */
final class FingerprintTrustManager implements X509TrustManager {

    private final String sha256Hex;

    FingerprintTrustManager(String sha256Hex) {
        this.sha256Hex = sha256Hex;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        for (X509Certificate certificate : chain) {
            if (EngineTrust.sha256(certificate).equals(sha256Hex)) {
                anchoredAt(certificate).checkServerTrusted(chain, authType);
                return;
            }
        }
        throw new CertificateException("no certificate in the server's chain has the SHA-256 fingerprint " + sha256Hex);
    }

    private static X509TrustManager anchoredAt(X509Certificate anchor) throws CertificateException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            store.setCertificateEntry("anchor", anchor);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            for (var manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new CertificateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new CertificateException("cannot validate the chain below the fingerprinted certificate", e);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("ruleforge is no TLS server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
