package io.ruleforge.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes output files so that a reader (or a failed build) never sees half of one: the content goes to a
 * temporary file in the same directory, which is then moved over the target.
 *
 * <p>Files and directories are created with the process umask, as any other tool's output ({@code 0644} under the
 * usual umask): {@link Files#createTempFile} would make them {@code 0600}, unreadable to the CI user or web server
 * that publishes them.
 */
public final class AtomicFiles {

    private AtomicFiles() {
    }

    /** @throws OutputException naming the path and why, when the file cannot be written */
    public static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws OutputException naming the path and why, when the file cannot be written */
    public static void write(Path target, byte[] content) {
        write(target, out -> out.write(content), false);
    }

    /** What a file is written with, streamed: a large output need not be held in memory whole before it is written. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * As {@link #write(Path, byte[])}, the content streamed into the temporary file.
     *
     * @throws OutputException naming the path and why, when the file cannot be written
     */
    public static void write(Path target, Content content) {
        write(target, content, false);
    }

    /**
     * As {@link #write(Path, Content)}, but a target that already has exactly these bytes is left as it is (its
     * modification time too).
     *
     * @return whether the target was written
     * @throws OutputException naming the path and why, when the file cannot be written
     */
    public static boolean writeIfChanged(Path target, Content content) {
        return write(target, content, true);
    }

    private static boolean write(Path target, Content content, boolean onlyIfChanged) {
        Path directory = target.toAbsolutePath().getParent();
        Path temp = null;
        try {
            if (Files.isDirectory(target)) {
                throw new OutputException(target, "is a directory, expected a file", null);
            }
            StagedOutputs.ensureDirectory(directory);
            temp = siblingName(target, "tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE))) {
                content.writeTo(out);
            }
            if (onlyIfChanged && Files.isRegularFile(target) && Files.mismatch(temp, target) == -1) {
                Files.delete(temp);
                return false;
            }
            move(temp, target);
            return true;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw OutputException.of(target, e);
        } catch (RuntimeException e) {
            // the content's own failure (not the file's): no temporary file outlives it either
            deleteQuietly(temp);
            throw e;
        }
    }

    /**
     * A name beside {@code target} for a file or folder on its way in or out, hidden ({@code .}) and unique; short
     * enough for the file-system limit however long the target's name is.
     */
    static Path siblingName(Path target, String role) {
        // the process id lets a later run tell a copy a killed run left from one a run still working writes
        String random = ProcessHandle.current().pid() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return target.toAbsolutePath().resolveSibling(
                FileNames.fit(".", target.getFileName().toString(), "." + role + "-" + random));
    }

    /** Writes a file that must not exist yet, with the permissions the umask gives. */
    static Path createNew(Path file, byte[] content) throws IOException {
        Files.write(file, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return file;
    }

    /** Moves a file or folder within one directory, atomically where the file system can. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the original failure is what the user needs to see
            }
        }
    }
}
