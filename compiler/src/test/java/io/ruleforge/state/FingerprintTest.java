package io.ruleforge.state;

import io.ruleforge.pipeline.Ruleforge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    @TempDir
    Path dir;

    @Test
    void partsAreDelimitedSoThatMovingABoundaryChangesTheFingerprint() {
        String ab = new Fingerprint().add("x", "ab").add("y", "c").hex();
        assertThat(new Fingerprint().add("x", "a").add("y", "bc").hex()).isNotEqualTo(ab);
        assertThat(new Fingerprint().add("xa", "b").add("y", "c").hex()).isNotEqualTo(ab);
        assertThat(new Fingerprint().add("x", "ab").add("y", "c").hex()).isEqualTo(ab).hasSize(64);
    }

    @Test
    void aTreeIsItsFilesNamesAndBytes() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("fixtures/cmd"));
        String absent = tree(folder.resolveSibling("missing"));
        Files.writeString(folder.resolve("positive.ndjson"), "{}\n");
        String one = tree(folder);
        assertThat(one).isNotEqualTo(absent).isEqualTo(tree(folder));

        Files.writeString(folder.resolve("negative.ndjson"), "");
        String two = tree(folder);
        assertThat(two).isNotEqualTo(one);

        Files.move(folder.resolve("negative.ndjson"), folder.resolve("negatives.ndjson"));
        assertThat(tree(folder)).isNotEqualTo(two);

        Files.delete(folder.resolve("negatives.ndjson"));
        assertThat(tree(folder)).isEqualTo(one);
        Files.writeString(folder.resolve("positive.ndjson"), "{ }\n");
        assertThat(tree(folder)).isNotEqualTo(one);
    }

    /**
     * A fixture folder linked from elsewhere, a linked folder inside one and a link moved to another folder each
     * change the fingerprint when what is behind the link changes (the fixtures are read through links); a loop of
     * links is a tree that cannot be read, never up to date.
     */
    @Test
    void aTreeIsReadThroughSymbolicLinks() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared/cmd"));
        Files.writeString(shared.resolve("positive.ndjson"), "{}\n");
        Path cases = Files.createDirectories(dir.resolve("shared/cases"));
        Files.writeString(cases.resolve("burst.yaml"), "a: 1\n");
        Path fixtures = Files.createDirectories(dir.resolve("fixtures"));
        Path linked;
        try {
            linked = Files.createSymbolicLink(fixtures.resolve("cmd"), shared);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
            return;
        }
        Files.createSymbolicLink(shared.resolve("cases"), cases);
        String before = tree(linked);
        assertThat(tree(linked)).isEqualTo(before);

        Files.writeString(shared.resolve("positive.ndjson"), "{ }\n");
        String fileChanged = tree(linked);
        assertThat(fileChanged).isNotEqualTo(before);

        Files.writeString(cases.resolve("burst.yaml"), "a: 2\n");
        String caseChanged = tree(linked);
        assertThat(caseChanged).isNotEqualTo(fileChanged);

        Path other = Files.createDirectories(dir.resolve("other"));
        Files.writeString(other.resolve("positive.ndjson"), "{\"x\":1}\n");
        Files.delete(linked);
        Files.createSymbolicLink(linked, other);
        assertThat(tree(linked)).isNotEqualTo(caseChanged);

        Files.createSymbolicLink(other.resolve("loop"), other);
        assertThat(tree(linked)).as("a loop: unreadable, a new fingerprint each time").isNotEqualTo(tree(linked));
    }

    private static String tree(Path folder) {
        return new Fingerprint().addTree("fixtures", folder).hex();
    }

    @Test
    void theCodeFingerprintIsStableForTheSameCodeAndNeverMatchesUnknownCode() {
        // in this test run ruleforge's classes come from a directory (target/classes): every file is hashed
        CodeFingerprint ruleforge = CodeFingerprint.of(Ruleforge.class);
        assertThat(ruleforge).isEqualTo(CodeFingerprint.of(Ruleforge.class));
        assertThat(ruleforge.sha256()).matches("[0-9a-f]{64}");
        // the JDK's classes have no code location to hash: each run is a different, unmatchable code
        assertThat(CodeFingerprint.of(String.class)).isNotEqualTo(CodeFingerprint.of(String.class));
    }

    @Test
    void aJarIsTheSameCodeWhileEveryEntryIsAndDifferentCodeWhenOneChanges() throws Exception {
        // the CLI runs from a jar, whose table of contents is hashed rather than its 15 MB
        Path jar = dir.resolve("ruleforge.jar");
        writeJar(jar, "io/ruleforge/A.class", "one");
        String one = CodeFingerprint.contentHash(jar);
        writeJar(jar, "io/ruleforge/A.class", "one");
        assertThat(CodeFingerprint.contentHash(jar)).isEqualTo(one);
        writeJar(jar, "io/ruleforge/A.class", "two");
        assertThat(CodeFingerprint.contentHash(jar)).isNotEqualTo(one);
        writeJar(jar, "io/ruleforge/B.class", "one");
        assertThat(CodeFingerprint.contentHash(jar)).isNotEqualTo(one);
        // a file named .jar that is no zip is unknown code, never up to date
        Files.writeString(jar, "not a zip");
        assertThat(CodeFingerprint.contentHash(jar)).isNotEqualTo(CodeFingerprint.contentHash(jar));
    }

    private static void writeJar(Path jar, String entry, String content) throws Exception {
        try (java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.zip.ZipEntry(entry));
            out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }

    @Test
    void aDifferentDependencyIsDifferentCode() throws Exception {
        // as in the Maven plugin: ruleforge's classes in a class loader with its dependencies' jars
        URL classes = Ruleforge.class.getProtectionDomain().getCodeSource().getLocation();
        Path jackson218 = Files.write(dir.resolve("jackson-databind-2.18.2.jar"), new byte[] {1, 2, 3});
        Path jackson219 = Files.write(dir.resolve("jackson-databind-2.19.0.jar"), new byte[] {1, 2, 3});

        CodeFingerprint with218 = fingerprintWith(classes, jackson218);
        assertThat(fingerprintWith(classes, jackson218)).isEqualTo(with218);
        assertThat(fingerprintWith(classes, jackson219)).isNotEqualTo(with218);
    }

    private static CodeFingerprint fingerprintWith(URL classes, Path dependency) throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes, dependency.toUri().toURL()}, null)) {
            return CodeFingerprint.of(Class.forName(Ruleforge.class.getName(), false, loader));
        }
    }
}
