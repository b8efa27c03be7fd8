package io.ruleforge.bundle;

import io.ruleforge.files.OutputException;
import io.ruleforge.files.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bundle's zip, deflated on its own thread while the bundle's files are written. */
class BackgroundZipTest {

    @TempDir
    Path dir;

    @Test
    void writesEveryEntryInTheOrderHandedOverWithAFixedTimeAndReturnsTheZipsSha256() throws Exception {
        Path target = dir.resolve("b.zip.new");
        Path file = Files.writeString(dir.resolve("big.ndjson"), "{\"a\":1}\n".repeat(50_000));
        String hash;
        // more entries than wait at once: a producer faster than the deflater waits, none is lost
        try (BackgroundZip zip = BackgroundZip.start(target, dir.resolve("b.zip"))) {
            for (int i = 999; i >= 0; i--) {
                zip.add("rules/" + i + ".json", ("{\"n\":" + i + "}\n").getBytes(StandardCharsets.UTF_8));
            }
            zip.addFile("rules.ndjson", file);
            zip.add("manifest.json", "{}\n".getBytes(StandardCharsets.UTF_8));
            hash = zip.finish();
        }

        assertThat(hash).isEqualTo(Sha256.hex(Files.readAllBytes(target)));
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(target.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                names.add(entry.getName());
                assertThat(entry.getLastModifiedTime().toInstant()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
            }
            assertThat(zip.getInputStream(zip.getEntry("rules/7.json")).readAllBytes()).asString(StandardCharsets.UTF_8)
                    .isEqualTo("{\"n\":7}\n");
            assertThat(zip.getInputStream(zip.getEntry("rules.ndjson")).readAllBytes()).isEqualTo(Files.readAllBytes(file));
        }
        assertThat(names).hasSize(1002).startsWith("rules/999.json", "rules/998.json").endsWith("rules.ndjson", "manifest.json");
    }

    @Test
    void theSameEntriesGiveTheSameBytes() throws Exception {
        byte[][] zips = new byte[2][];
        for (int round = 0; round < 2; round++) {
            Path target = dir.resolve("z" + round + ".zip");
            try (BackgroundZip zip = BackgroundZip.start(target, target)) {
                zip.add("a.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
                zip.add("b.json", "{\"b\":2}".getBytes(StandardCharsets.UTF_8));
                zip.finish();
            }
            zips[round] = Files.readAllBytes(target);
            Thread.sleep(round == 0 ? 1100 : 0); // a zip holding the time it was written would now differ
        }
        assertThat(zips[1]).isEqualTo(zips[0]);
    }

    @Test
    void aZipThatCannotBeCreatedIsAnOutputErrorNamingTheZip() {
        Path named = dir.resolve("out/bundle.zip");
        BackgroundZip zip = BackgroundZip.start(dir.resolve("no-such-folder/.bundle.zip.new"), named);
        try (zip) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 10_000; i++) {
                    zip.add("e" + i, new byte[] {1});
                }
                zip.finish();
            }).isInstanceOfSatisfying(OutputException.class, e -> {
                assertThat(e.path()).isEqualTo(named);
                assertThat(e.reason()).isEqualTo("no such file");
            });
        }
    }

    @Test
    void anEntryFileThatCannotBeReadIsAnOutputErrorNamingTheZip() {
        Path named = dir.resolve("bundle.zip");
        try (BackgroundZip zip = BackgroundZip.start(dir.resolve(".bundle.zip.new"), named)) {
            zip.addFile("rules.ndjson", dir.resolve("gone.ndjson"));
            assertThatThrownBy(zip::finish).isInstanceOfSatisfying(OutputException.class, e -> {
                assertThat(e.path()).isEqualTo(named);
                assertThat(e.reason()).isEqualTo("cannot read its entry rules.ndjson: no such file");
            });
        }
    }

    private static final byte[] EMPTY_OBJECT = {'{', '}'};

    /** A zip with one entry queued, then finished or given up. */
    private BackgroundZip withOneEntry(String file, boolean finish) {
        Path target = dir.resolve(file);
        BackgroundZip zip = BackgroundZip.start(target, target);
        zip.add("a.json", EMPTY_OBJECT);
        if (finish) {
            zip.finish();
        } else {
            zip.close();
        }
        return zip;
    }

    @Test
    @Timeout(10)
    void closingWithoutFinishingStopsTheWriter() {
        BackgroundZip zip = withOneEntry("abandoned.zip", false);
        zip.close(); // twice is harmless
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("ruleforge-bundle-zip") && t.isAlive());
        assertThatThrownBy(() -> zip.add("b.json", EMPTY_OBJECT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already finished or given up");
    }

    @Test
    @Timeout(10)
    void anEntryAfterTheZipIsFinishedIsRefusedNotLost() {
        BackgroundZip zip = withOneEntry("done.zip", true);
        assertThatThrownBy(() -> zip.add("b.json", EMPTY_OBJECT)).isInstanceOf(IllegalStateException.class);
        zip.close();
    }
}
