package io.ruleforge.files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A streamed output is switched in whole or not at all, as one written from memory. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    private Stream<Path> listing() throws IOException {
        return Files.list(dir);
    }

    @Test
    void aStreamedFileReplacesTheTargetOnceWholeAndLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("out.sarif");
        Files.writeString(target, "previous");

        AtomicFiles.write(target, out -> {
            out.write("first half, ".getBytes(StandardCharsets.UTF_8));
            out.write("second half".getBytes(StandardCharsets.UTF_8));
        });

        assertThat(Files.readString(target)).isEqualTo("first half, second half");
        try (Stream<Path> files = listing()) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aStreamThatFailsHalfWayLeavesThePreviousFileAndNamesTheTarget() throws Exception {
        Path target = dir.resolve("out.sarif");
        Files.writeString(target, "previous");

        assertThatThrownBy(() -> AtomicFiles.write(target, out -> {
            out.write("half of it".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).isInstanceOf(OutputException.class).hasMessageContaining("disk full")
                .satisfies(e -> assertThat(((OutputException) e).path()).isEqualTo(target));

        assertThat(Files.readString(target)).isEqualTo("previous");
        try (Stream<Path> files = listing()) {
            assertThat(files).containsExactly(target);
        }
    }
}
