package io.ruleforge.state;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** Files a stage writes from all rules together (the bundle), and the fingerprint of everything they depend on. */
public record StageOutputs(String fingerprint, List<OutputFile> files) {

    public StageOutputs {
        Objects.requireNonNull(fingerprint, "fingerprint");
        files = List.copyOf(files);
    }

    /** Whether these files stand for inputs with {@code current} fingerprint and are still as written. */
    public boolean isUpToDate(String current, Path outputDirectory) {
        return fingerprint.equals(current) && OutputFile.allIntact(files, outputDirectory);
    }
}
