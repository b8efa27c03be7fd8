package io.ruleforge.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/** Files a stage writes from all rules together (the bundle), and the fingerprint of everything they depend on. */
public record StageOutputs(String fingerprint, List<OutputFile> files) {

    public StageOutputs {
        Objects.requireNonNull(fingerprint, "fingerprint");
        files = List.copyOf(files);
    }

    /**
     * Whether these files stand for inputs with {@code current} fingerprint, are still as written, and {@code folder}
     * holds nothing but them and the folders they are in: a file added there by hand (a stray rule JSON in the bundle
     * folder) would otherwise outlive the build, where a full one replaces the folder, and the folder would no longer
     * be what the zip holds.
     */
    public boolean isUpToDate(String current, Path outputDirectory, Path folder) {
        return fingerprint.equals(current) && OutputFile.allIntact(files, outputDirectory) && holdsOnlyThese(outputDirectory, folder);
    }

    private boolean holdsOnlyThese(Path outputDirectory, Path folder) {
        Path base = outputDirectory.toAbsolutePath().normalize();
        Path root = folder.toAbsolutePath().normalize();
        Set<Path> expected = new HashSet<>();
        for (OutputFile file : files) {
            for (Path p = base.resolve(file.path()).normalize(); p != null && p.startsWith(root) && !p.equals(root); p = p.getParent()) {
                expected.add(p);
            }
        }
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).allMatch(expected::contains);
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
