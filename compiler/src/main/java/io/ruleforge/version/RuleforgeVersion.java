package io.ruleforge.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.Properties;

/**
 * The version of ruleforge that is running, as Maven built it: the one value the CLI's {@code -V}, the plugin,
 * SARIF's {@code tool.driver.version} and the bundle manifest report, so they can never disagree.
 *
 * <p>Read from a resource Maven filters at build time, so it is right in the CLI jar, the library jar the plugin
 * loads, and {@code target/classes} when tests or an IDE run the code. A build from a git checkout also records
 * its commit (a snapshot version alone does not say which code it is); a build without {@code .git} has none.
 *
 * @param version the project version, e.g. {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}
 * @param commit the abbreviated git commit the build was made from, or empty when it was not built from a checkout
 */
public record RuleforgeVersion(String version, Optional<String> commit) {

    private static final String RESOURCE = "ruleforge-version.properties";

    public RuleforgeVersion {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a version is required");
        }
        commit = commit == null ? Optional.empty() : commit.filter(c -> !c.isBlank());
    }

    public RuleforgeVersion(String version) {
        this(version, Optional.empty());
    }

    /** The running ruleforge's version. */
    public static RuleforgeVersion current() {
        try (InputStream in = RuleforgeVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("ruleforge was built without " + RESOURCE);
            }
            Properties properties = new Properties();
            properties.load(in);
            return of(properties);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version recorded in the filtered properties; a commit the build could not fill in is no commit. */
    static RuleforgeVersion of(Properties properties) {
        String version = properties.getProperty("version", "");
        if (version.isBlank() || unfiltered(version)) {
            throw new IllegalStateException(RESOURCE + " was not filtered by the build: " + version);
        }
        String commit = properties.getProperty("commit", "");
        return new RuleforgeVersion(version, unfiltered(commit) ? Optional.empty() : Optional.of(commit));
    }

    private static boolean unfiltered(String value) {
        return value.contains("${");
    }

    /** The version and, when known, the commit: {@code 0.1.0-SNAPSHOT (commit 18a000550e)}. */
    public String describe() {
        return version + commit.map(c -> " (commit " + c + ")").orElse("");
    }

    @Override
    public String toString() {
        return version;
    }
}
