package io.ruleforge.distribution;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI distribution as a user gets it: unpacked from the tar.gz, {@code bin/ruleforge} runs, reports the built
 * version and validates the project's own rules; the zip holds the same files; licences and completion are there.
 */
class DistributionIT {

    private static final String VERSION = Processes.property("ruleforge.expectedVersion");
    private static final Path ARCHIVES = Path.of(Processes.property("ruleforge.distribution"));
    private static final Path PROJECT = Path.of(Processes.property("ruleforge.projectRoot")).toAbsolutePath().normalize();
    private static final Path WORK = Path.of(Processes.property("ruleforge.work")).resolveSibling("distribution-check");
    private static final Path CACHE = WORK.resolve("cache");

    private static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        Path tarGz = Path.of(ARCHIVES + ".tar.gz");
        assertThat(tarGz).isRegularFile();
        // tar, not a Java unpacker: the file modes must survive as a user's tar keeps them
        Processes.Result untar = Processes.run(WORK, WORK.resolve("untar.log"),
                List.of("tar", "-xzf", tarGz.toString()), 60);
        assertThat(untar.exit()).as(untar.output()).isZero();
        home = WORK.resolve("ruleforge-" + VERSION);
        assertThat(home).isDirectory();
    }

    private static Processes.Result ruleforge(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/ruleforge").toString());
        Collections.addAll(command, args);
        // the launcher's class-data archive goes to a cache of the test's own, not the user's
        return Processes.run(PROJECT, WORK.resolve(name + ".log"), command, Map.of("XDG_CACHE_HOME", CACHE.toString()), 120);
    }

    @Test
    void theLauncherKeepsAClassArchiveMadeByItsFirstRunAndUsesIt() throws Exception {
        Path cache = WORK.resolve("cds-cache");
        deleteTree(cache);
        List<String> validate = List.of(home.resolve("bin/ruleforge").toString(), "validate", "--no-incremental", "--rules", "rules",
                "--fixtures", "test-fixtures", "--out", WORK.resolve("cds-out").toString());
        Processes.Result first = Processes.run(PROJECT, WORK.resolve("cds-first.log"), validate,
                Map.of("XDG_CACHE_HOME", cache.toString()), 120);
        assertThat(first.exit()).as(first.output()).isZero();
        List<String> made = archives(cache.resolve("ruleforge"));
        assertThat(made).as("the first run leaves one archive and no temporary file").singleElement().asString()
                .matches("classes-[0-9]+\\.jsa");
        Processes.Result second = Processes.run(PROJECT, WORK.resolve("cds-second.log"), validate,
                Map.of("XDG_CACHE_HOME", cache.toString()), 120);
        assertThat(second.exit()).as(second.output()).isZero();
        assertThat(second.output()).as("a run with the archive says what a run without it says").isEqualTo(first.output());
        assertThat(archives(cache.resolve("ruleforge"))).isEqualTo(made);

        Path off = WORK.resolve("cds-off");
        deleteTree(off);
        Processes.Result without = Processes.run(PROJECT, WORK.resolve("cds-off.log"), validate,
                Map.of("XDG_CACHE_HOME", off.toString(), "RULEFORGE_CDS", "off"), 120);
        assertThat(without.exit()).as(without.output()).isZero();
        assertThat(without.output()).isEqualTo(first.output());
        assertThat(off.resolve("ruleforge")).doesNotExist();
    }

    private static List<String> archives(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theLauncherReportsTheBuiltVersion() throws Exception {
        Processes.Result version = ruleforge("version", "--version");
        assertThat(version.exit()).as(version.output()).isZero();
        // "ruleforge 0.1.0-SNAPSHOT" and, built from a checkout, " (commit 0123456789)"
        assertThat(version.output().strip()).matches("ruleforge " + VERSION.replace(".", "\\.") + "( \\(commit [0-9a-f]{7,40}\\))?");
    }

    @Test
    void theLauncherValidatesTheProjectsRules() throws Exception {
        Path out = WORK.resolve("validate-out");
        Processes.Result validate = ruleforge("validate", "validate", "--rules", "rules", "--fixtures", "test-fixtures",
                "--out", out.toString());
        assertThat(validate.exit()).as(validate.output()).isZero();
        // as many rules as the project's rules folder holds, whatever their number today
        long ruleFiles;
        try (Stream<Path> files = Files.list(PROJECT.resolve("rules"))) { // the rules lie flat in the folder
            ruleFiles = files.filter(f -> f.toString().matches(".*\\.(toml|yaml|yml)$")).count();
        }
        assertThat(ruleFiles).isPositive();
        assertThat(validate.output()).contains(ruleFiles + " rules validated: 0 errors").doesNotContain("Exception");
        assertThat(out.resolve("ruleforge.sarif")).isRegularFile();
    }

    @Test
    void theLauncherFindsItsHomeThroughASymbolicLink() throws Exception {
        // as when bin/ruleforge is linked into /usr/local/bin
        Path link = WORK.resolve("on-path/ruleforge");
        Files.createDirectories(link.getParent());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, home.resolve("bin/ruleforge"));
        Processes.Result version = Processes.run(PROJECT, WORK.resolve("link.log"), List.of(link.toString(), "--version"), 120);
        assertThat(version.exit()).as(version.output()).isZero();
        assertThat(version.output()).startsWith("ruleforge " + VERSION);
    }

    @Test
    void theLayoutHasLaunchersLibrariesLicencesAndCompletion() throws IOException {
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/ruleforge"))).contains(PosixFilePermission.OWNER_EXECUTE,
                PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(home.resolve("bin/ruleforge"))).startsWith("#!/bin/sh\n").doesNotContain("\r");
        assertThat(Files.readString(home.resolve("bin/ruleforge.cmd"))).contains("\r\n", "io.ruleforge.cli.RuleforgeCli");
        assertThat(home.resolve("lib/ruleforge-compiler-" + VERSION + ".jar")).isRegularFile();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            List<String> jars = lib.map(p -> p.getFileName().toString()).toList();
            assertThat(jars).anyMatch(j -> j.startsWith("picocli-")).anyMatch(j -> j.startsWith("slf4j-nop-"))
                    // test oracles and Maven's API are never shipped
                    .noneMatch(j -> j.contains("elasticsearch") || j.contains("junit") || j.contains("maven-"));
        }
        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0");
        String notice = Files.readString(home.resolve("NOTICE"));
        assertThat(notice).contains("Elastic License 2.0", "ATT&CK", "Apache License, Version 2.0");
        for (String licence : List.of("fields/ECS-LICENSE.txt", "fields/ECS-NOTICE.txt", "fields/LICENSE-ELASTIC-2.0.txt",
                "attack/LICENSE-ATTACK.txt")) {
            assertThat(home.resolve("licenses").resolve(licence)).isRegularFile();
        }
        // picocli's generated bash/zsh completion knows the subcommands
        assertThat(Files.readString(home.resolve("completion/ruleforge_completion")))
                .contains("complete -F", "validate", "bundle", "baseline");
    }

    @Test
    void theZipHoldsTheSameFiles() throws IOException {
        List<String> unpacked;
        try (Stream<Path> files = Files.walk(WORK.resolve("ruleforge-" + VERSION))) {
            unpacked = files.filter(Files::isRegularFile).map(p -> WORK.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
        try (ZipFile zip = new ZipFile(Path.of(ARCHIVES + ".zip").toFile())) {
            List<String> zipped = zip.stream().filter(e -> !e.isDirectory()).map(e -> e.getName()).sorted().toList();
            assertThat(zipped).isEqualTo(unpacked);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> paths = Files.walk(root)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
