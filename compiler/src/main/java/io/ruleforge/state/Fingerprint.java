package io.ruleforge.state;

import io.ruleforge.files.Sha256;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A SHA-256 over labelled inputs. Every label and value goes in with its length first, so that two different
 * lists of inputs never hash alike ({@code "ab","c"} against {@code "a","bc"}). Used once: add the inputs, take
 * {@link #hex()}.
 *
 * <p>A file that exists but cannot be read makes the fingerprint unique to this run (a random part): whatever
 * depends on it is never taken as up to date, and the stage that reads the file reports the problem.
 */
public final class Fingerprint {

    private final MessageDigest digest = Sha256.newDigest();

    public Fingerprint add(String label, String value) {
        return add(label, value.getBytes(StandardCharsets.UTF_8));
    }

    public Fingerprint add(String label, byte[] value) {
        part(label.getBytes(StandardCharsets.UTF_8));
        part(value);
        return this;
    }

    /** A file's bytes, or that it does not exist. */
    public Fingerprint addFile(String label, Path file) {
        if (!Files.exists(file)) {
            return add(label, "absent");
        }
        try {
            return add(label, Files.readAllBytes(file));
        } catch (IOException e) {
            return unreadable(label);
        }
    }

    /** Several files, in the order given. */
    public Fingerprint addFiles(String label, List<Path> files) {
        add(label, String.valueOf(files.size()));
        files.forEach(file -> addFile(label, file));
        return this;
    }

    /**
     * Every regular file below a directory — its path relative to the directory and its bytes, in path order — or
     * that the directory does not exist.
     */
    public Fingerprint addTree(String label, Path directory) {
        if (!Files.isDirectory(directory)) {
            return add(label, "absent");
        }
        List<Path> files;
        // through symbolic links, as the fixtures are read: a fixture folder (or its cases/) linked from elsewhere
        // must change the fingerprint when a file behind the link changes; a link loop makes the tree unreadable
        try (Stream<Path> walk = Files.walk(directory, FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException | RuntimeException e) {
            return unreadable(label);
        }
        add(label, String.valueOf(files.size()));
        for (Path file : files) {
            add(label + " name", directory.relativize(file).toString().replace('\\', '/'));
            addFile(label + " bytes", file);
        }
        return this;
    }

    public String hex() {
        return HexFormat.of().formatHex(digest.digest());
    }

    private Fingerprint unreadable(String label) {
        return add(label, "unreadable " + UUID.randomUUID());
    }

    private void part(byte[] bytes) {
        digest.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        digest.update(bytes);
    }
}
