package io.ruleforge.state;

import io.ruleforge.files.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A file a stage wrote: its path relative to the output directory and the SHA-256 of the bytes written. A result
 * is only replayed while its files are still there with these bytes; a deleted or edited output is written again.
 */
public record OutputFile(String path, String sha256) {

    public OutputFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** The file as it is now, which must be below {@code outputDirectory}. */
    public static OutputFile of(Path outputDirectory, Path file) {
        return new OutputFile(relative(outputDirectory, file), Sha256.ofFileOrThrow(file.toAbsolutePath().normalize()));
    }

    /** The file as it will be once {@code bytes} are switched in (outputs are staged, then committed together). */
    public static OutputFile of(Path outputDirectory, Path file, byte[] bytes) {
        return new OutputFile(relative(outputDirectory, file), Sha256.hex(bytes));
    }

    /** A file just written, whose SHA-256 was taken from the bytes on their way out. */
    public static OutputFile hashed(Path outputDirectory, Path file, String sha256) {
        return new OutputFile(relative(outputDirectory, file), sha256);
    }

    private static String relative(Path outputDirectory, Path file) {
        Path base = outputDirectory.toAbsolutePath().normalize();
        Path absolute = file.toAbsolutePath().normalize();
        if (!absolute.startsWith(base)) {
            throw new IllegalArgumentException(file + " is not below the output directory " + outputDirectory);
        }
        return base.relativize(absolute).toString().replace('\\', '/');
    }

    /** Whether the file still exists below {@code outputDirectory} with the bytes it was written with. */
    public boolean isIntact(Path outputDirectory) {
        Path base = outputDirectory.toAbsolutePath().normalize();
        Path file = base.resolve(path).normalize();
        if (!file.startsWith(base) || !Files.isRegularFile(file)) {
            return false;
        }
        try {
            return Sha256.ofFile(file).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean allIntact(List<OutputFile> files, Path outputDirectory) {
        return files.stream().allMatch(f -> f.isIntact(outputDirectory));
    }
}
