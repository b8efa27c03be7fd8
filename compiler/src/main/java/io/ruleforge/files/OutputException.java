package io.ruleforge.files;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * An output that could not be written: which path, and why in words a user acts on ("is a directory",
 * "permission denied"), without the exception's class name. Callers turn it into a diagnostic.
 */
public final class OutputException extends RuntimeException {

    private final Path path;
    private final String reason;

    /** @param cause the I/O failure, or {@code null} when ruleforge found the problem before trying */
    public OutputException(Path path, String reason, IOException cause) {
        super(path + ": " + reason, cause);
        this.path = Objects.requireNonNull(path, "path");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /**
     * The failure of an I/O operation for the output {@code path}: named by the output, not by the hidden file it
     * was staged in.
     */
    public static OutputException of(Path path, IOException e) {
        return new OutputException(path, FileProblems.describe(e), e);
    }

    public Path path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
