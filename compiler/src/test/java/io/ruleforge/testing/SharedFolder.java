package io.ruleforge.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared reference material (corpus, conformance files, specs) beside the repository. Tests that need it
 * skip on a developer machine without it, but fail on CI, where a silently skipped conformance test would hide
 * a regression.
 */
public final class SharedFolder {

    private SharedFolder() {
    }

    /** The folder {@code relative} inside the shared material; skips (or fails on CI) when it is missing. */
    public static Path require(String relative) {
        String shared = System.getProperty("ruleforge.shared");
        Path folder = shared == null ? null : Path.of(shared).resolve(relative).normalize();
        boolean present = folder != null && Files.exists(folder);
        String message = "shared reference material not found: " + (folder == null ? "ruleforge.shared is not set" : folder);
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + " (required on CI)");
        }
        Assumptions.assumeTrue(present, message);
        return folder;
    }
}
