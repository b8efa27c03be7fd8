package io.ruleforge.version;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of ruleforge that is running, as Maven built it: the one value the CLI's {@code -V}, the plugin,
 * SARIF's {@code tool.driver.version} and the bundle manifest report, so they can never disagree.
 *
 * <p>Read from a resource Maven filters at build time, so it is right in the CLI jar, the library jar the plugin
 * loads, and {@code target/classes} when tests or an IDE run the code.
 */
public record RuleforgeVersion(String version) {

    private static final String RESOURCE = "ruleforge-version.properties";

    /** The running ruleforge's version. */
    public static RuleforgeVersion current() {
        try (InputStream in = RuleforgeVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("ruleforge was built without " + RESOURCE);
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isBlank() || version.startsWith("${")) {
                throw new IllegalStateException(RESOURCE + " was not filtered by the build: " + version);
            }
            return new RuleforgeVersion(version);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return version;
    }
}
