package io.ruleforge.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Certificate authorities and server certificates made with the JDK's own {@code keytool}, for TLS tests: a CA
 * ({@code -genkeypair -ext bc:c}), a server key signed by it ({@code -certreq} / {@code -gencert -ext san=…}), and the
 * CA's PEM and SHA-256 fingerprint as keytool prints them ({@code -printcert}).
 */
public final class TestCertificates {

    private static final String PASSWORD = "changeit";

    private final Path dir;

    public TestCertificates(Path dir) {
        this.dir = dir;
    }

    /**
     * A CA.
     *
     * @param keystore its PKCS#12 key store
     * @param pem      its certificate, PEM
     * @param sha256   its certificate's SHA-256 fingerprint as keytool prints it (upper-case hex with colons)
     */
    public record Authority(String name, Path keystore, Path pem, String sha256) {
    }

    public Authority authority(String name) {
        Path keystore = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "3", "-keystore", keystore.toString());
        keytool("-exportcert", "-alias", "ca", "-rfc", "-file", pem.toString(), "-keystore", keystore.toString());
        String printed = keytool("-printcert", "-file", pem.toString());
        Matcher sha = Pattern.compile("SHA256: ([0-9A-F:]{95})").matcher(printed);
        if (!sha.find()) {
            throw new IllegalStateException("keytool -printcert printed no SHA256 fingerprint:\n" + printed);
        }
        return new Authority(name, keystore, pem, sha.group(1));
    }

    /**
     * A TLS server context whose certificate {@code ca} signed for {@code san} (keytool's form: {@code ip:127.0.0.1},
     * {@code dns:es.example}), its chain holding the CA.
     */
    public SSLContext server(Authority ca, String san) {
        String stem = "server-" + ca.name() + "-" + san.replaceAll("[^A-Za-z0-9]", "_");
        Path keystore = dir.resolve(stem + ".p12");
        Path request = dir.resolve(stem + ".csr");
        Path signed = dir.resolve(stem + ".crt");
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=ruleforge test node",
                "-validity", "3", "-keystore", keystore.toString());
        keytool("-certreq", "-alias", "server", "-file", request.toString(), "-keystore", keystore.toString());
        keytool("-gencert", "-alias", "ca", "-infile", request.toString(), "-outfile", signed.toString(), "-rfc",
                "-ext", "san=" + san, "-ext", "eku=serverAuth", "-validity", "2", "-keystore", ca.keystore().toString());
        keytool("-importcert", "-alias", "ca", "-noprompt", "-file", ca.pem().toString(), "-keystore", keystore.toString());
        keytool("-importcert", "-alias", "server", "-file", signed.toString(), "-keystore", keystore.toString());
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, PASSWORD.toCharArray());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String keytool(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        if (!List.of(args).contains("-printcert")) {
            command.addAll(List.of("-storepass", PASSWORD, "-keypass", PASSWORD, "-storetype", "PKCS12"));
        }
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
