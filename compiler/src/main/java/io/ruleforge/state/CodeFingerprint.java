package io.ruleforge.state;

import io.ruleforge.files.Sha256;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Which ruleforge is running, so that results recorded by one build of ruleforge are never replayed by another.
 *
 * <p>{@code sha256} covers:
 * <ul>
 *   <li>the bytes of wherever ruleforge's classes were loaded from: the jar (the CLI's shaded jar, which holds every
 *       dependency too, or the library jar the Maven plugin runs), with the shipped ECS and ATT&CK data; or, when
 *       running from a build's {@code target/classes} (unit tests, an IDE), every file below it. A version number
 *       alone would not do: a snapshot changes without changing its version;</li>
 *   <li>the name and size of every other entry on the class path it was loaded with (the plugin's dependencies):
 *       a released artifact never changes, and its file name carries its version.</li>
 * </ul>
 * When ruleforge's own location cannot be read, the hash is random, so nothing is ever up to date — slow, never
 * wrong.
 *
 * @param version ruleforge's Maven version, or {@code development build} outside a built jar
 */
public record CodeFingerprint(String version, String sha256) {

    private static final String POM_PROPERTIES = "/META-INF/maven/io.ruleforge/ruleforge-compiler/pom.properties";

    /** The fingerprint of the code {@code type} was loaded with. */
    public static CodeFingerprint of(Class<?> type) {
        Optional<Path> location = location(type);
        Fingerprint code = new Fingerprint().add("ruleforge", location.map(CodeFingerprint::contentHash)
                .orElseGet(() -> "unknown " + UUID.randomUUID()));
        for (Path entry : classPath(type)) {
            if (location.isEmpty() || !entry.equals(location.get())) {
                code.add("class path entry", entry.getFileName() + " " + sizeOf(entry));
            }
        }
        return new CodeFingerprint(version(type), code.hex());
    }

    private static String version(Class<?> type) {
        try (InputStream in = type.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version", "development build");
            }
        } catch (IOException e) {
            // the hash still tells builds apart
        }
        return "development build";
    }

    private static Optional<Path> location(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        return url == null ? Optional.empty() : toPath(url);
    }

    static String contentHash(Path location) {
        try {
            if (Files.isRegularFile(location)) {
                return location.getFileName().toString().endsWith(".jar") ? jarEntries(location) : Sha256.ofFile(location);
            }
            if (Files.isDirectory(location)) {
                return new Fingerprint().addTree("classes", location).hex();
            }
        } catch (IOException | RuntimeException e) {
            // fall through: unknown code is never up to date
        }
        return "unreadable " + UUID.randomUUID();
    }

    /**
     * The hash of a jar's table of contents: the name, CRC-32 and size of every entry, which the zip format keeps at
     * the end of the file. Reading that instead of hashing the whole jar (15 MB for the CLI) took a tenth of a cold
     * corpus run off; a changed class or data file changes its entry's CRC-32 (a change keeping both its CRC-32 and
     * its size is a 1 in 4 billion chance per changed entry, which only makes the next build replay).
     */
    private static String jarEntries(Path jar) throws IOException {
        Fingerprint entries = new Fingerprint();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                entries.add(entry.getName(), entry.getCrc() + " " + entry.getSize());
            }
        }
        return entries.hex();
    }

    /** The Maven plugin's class realm lists its jars; a plain JVM has them in {@code java.class.path}. */
    private static List<Path> classPath(Class<?> type) {
        List<Path> entries = new ArrayList<>();
        if (type.getClassLoader() instanceof URLClassLoader loader) {
            for (URL url : loader.getURLs()) {
                toPath(url).ifPresent(entries::add);
            }
        } else {
            for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
                if (!entry.isEmpty()) {
                    entries.add(Path.of(entry).toAbsolutePath().normalize());
                }
            }
        }
        return entries;
    }

    private static Optional<Path> toPath(URL url) {
        try {
            return Optional.of(Path.of(url.toURI()).toAbsolutePath().normalize());
        } catch (URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String sizeOf(Path entry) {
        try {
            return Files.isRegularFile(entry) ? String.valueOf(Files.size(entry)) : "directory";
        } catch (IOException e) {
            return "unreadable";
        }
    }
}
