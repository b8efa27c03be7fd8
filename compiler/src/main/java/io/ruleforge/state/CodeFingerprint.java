package io.ruleforge.state;

import io.ruleforge.files.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Properties;
import java.util.UUID;

/**
 * Which ruleforge is running, so that results recorded by one build of ruleforge are never replayed by another.
 *
 * <p>{@code sha256} covers the bytes of wherever ruleforge's classes were loaded from: the jar (the CLI's shaded
 * jar, or the library jar the Maven plugin runs), which holds the classes, the shipped ECS and ATT&CK data and
 * the pom that pins every dependency's version; or, when running from a build's {@code target/classes} (unit
 * tests, an IDE), every file below that directory. A version number alone would not do: a snapshot changes
 * without changing its version. When the location cannot be read, the hash is random, so nothing is ever up to
 * date — slow, never wrong.
 *
 * @param version ruleforge's Maven version, or {@code development build} outside a built jar
 */
public record CodeFingerprint(String version, String sha256) {

    private static final String POM_PROPERTIES = "/META-INF/maven/io.ruleforge/ruleforge-compiler/pom.properties";

    /** The fingerprint of the code {@code type} was loaded with. */
    public static CodeFingerprint of(Class<?> type) {
        return new CodeFingerprint(version(type), locationHash(type));
    }

    private static String version(Class<?> type) {
        try (InputStream in = type.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "development build");
            }
        } catch (IOException e) {
            // the hash of the location still tells builds apart
        }
        return "development build";
    }

    private static String locationHash(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        try {
            Path path = location == null ? null : Path.of(location.toURI());
            if (path != null && Files.isRegularFile(path)) {
                return Sha256.ofFile(path);
            }
            if (path != null && Files.isDirectory(path)) {
                return new Fingerprint().addTree("classes", path).hex();
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // fall through: unknown code is never up to date
        }
        return "unknown " + UUID.randomUUID();
    }
}
