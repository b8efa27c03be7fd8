package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.files.OutputCodes;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.load.LoadCodes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the stages write, and what they do not (README, "Outputs"): a failing run leaves the previous outputs
 * byte-identical, a write that fails part-way changes nothing, outputs of deleted rules go, and an output that cannot
 * be written is one diagnostic naming it, never an exception.
 */
class RunOutputsTest {

    private static final String POSITIVE = TwoRuleProject.POSITIVE;
    private static final String NEGATIVE = TwoRuleProject.NEGATIVE;
    /** A query on a misspelt field: valid, with a warning (RF4001). */
    private static final String WITH_WARNING = "process.name:cmd.exe and not process.nmae:x and\n";

    @TempDir
    Path dir;
    Path out;

    @BeforeEach
    void twoRulesWithFixtures() throws Exception {
        out = dir.resolve("out");
        TwoRuleProject.writeInto(dir);
    }

    private static String rule(String name, String id) {
        return TwoRuleProject.rule(name, id);
    }

    private Path write(String relative, String content) throws Exception {
        return TwoRuleProject.write(dir, relative, content);
    }

    private void addWarningTo(String ruleFile) throws Exception {
        Path file = dir.resolve(ruleFile);
        Files.writeString(file, Files.readString(file).replace("process.name:cmd.exe and\n", WITH_WARNING));
    }

    private Ruleforge forge(boolean failOnWarning) {
        return forge(out, failOnWarning);
    }

    private Ruleforge forge(Path output, boolean failOnWarning) {
        return new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), output, dir, List.of(),
                KibanaVersion.DEFAULT, "ecs", failOnWarning));
    }

    /** Every file below {@code folder} (the build state aside) and its bytes. */
    private Map<String, byte[]> files(Path folder) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        if (!Files.exists(folder)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = folder.relativize(file).toString().replace('\\', '/');
                if (!name.startsWith("state/") && !name.equals("ruleforge.sarif")) {
                    files.put(name, Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    private void assertNoStagedCopyLeft() throws IOException {
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("no staged copy is left behind")
                    .noneMatch(name -> name.startsWith("."));
        }
    }

    private static Map<String, byte[]> withoutReports(Map<String, byte[]> files) {
        Map<String, byte[]> kept = new java.util.TreeMap<>(files);
        kept.keySet().removeIf(name -> name.startsWith("reports/"));
        return kept;
    }

    private static void assertSameFiles(Map<String, byte[]> actual, Map<String, byte[]> expected) {
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
    }

    private static List<Diagnostic> withCode(StageReport report, String code) {
        return report.diagnostics().stream().filter(d -> d.code().equals(code)).toList();
    }

    @Test
    void aRunFailingForAWarningMadeAnErrorRewritesNoOutputButTheReportOfWhyAndSaysWhy() throws Exception {
        forge(false).lock(); // a released rule set: without its lock, RF7007 alone would fail a failOnWarning build
        Ruleforge first = forge(true);
        assertThat(first.compile().failed(true)).isFalse();
        assertThat(first.test().failed(true)).isFalse();
        assertThat(first.bundle().failed(true)).isFalse();
        Map<String, byte[]> before = files(out);
        assertThat(before).containsKeys("compiled/a.json", "reports/TEST-ruleforge.a.xml", "bundle/rules.ndjson", "bundle.zip");

        addWarningTo("rules/a.toml");
        forge(false).lock(); // the version bump the content change needs, so the warning is the run's only finding
        Ruleforge failing = forge(true);
        StageReport compile = failing.compile();
        StageReport test = failing.test();
        StageReport bundle = failing.bundle();

        assertThat(List.of(compile, test, bundle)).allSatisfy(r -> assertThat(r.failed(true)).isTrue());
        assertThat(compile.summary().get(0)).startsWith("compiled queries not written (1 warning and warnings fail this build)");
        assertThat(test.summary()).anySatisfy(l -> assertThat(l).endsWith("reports not written (1 warning and warnings fail this build); "
                + out.resolve("reports/TEST-ruleforge.build.xml") + " says why"));
        assertThat(bundle.summary().get(0)).startsWith("bundle not written (1 warning and warnings fail this build)");
        assertThat(List.of(compile, bundle)).allSatisfy(r -> assertThat(r.written()).containsExactly(out.resolve("ruleforge.sarif")));
        assertThat(test.written()).containsExactly(out.resolve("reports/TEST-ruleforge.build.xml"), out.resolve("ruleforge.sarif"));
        // the compiled queries and the bundle stay as they were; the last run's green reports give way to why none are
        Map<String, byte[]> after = files(out);
        assertSameFiles(withoutReports(after), withoutReports(before));
        assertThat(files(out.resolve("reports"))).containsOnlyKeys("TEST-ruleforge.build.xml");
        assertThat(Files.readString(out.resolve("reports/TEST-ruleforge.build.xml"))).contains("errors=\"1\"")
                .contains("<testcase name=\"rules/a.toml:").contains("type=\"" + test.diagnostics().stream()
                        .filter(d -> d.severity() == io.ruleforge.diag.Severity.WARNING).findFirst().orElseThrow().code() + "\"");

        // the same run without failOnWarning succeeds and writes
        StageReport passing = forge(false).bundle();
        assertThat(passing.summary().get(0)).startsWith("bundle: 2 rules written to ");
        assertThat(files(out).get("bundle/rules.ndjson")).isNotEqualTo(before.get("bundle/rules.ndjson"));
    }

    @Test
    void aRunFailingForAnErrorReportsOnlyWhyButFailingCasesAreReported() throws Exception {
        forge(false).test();
        Map<String, byte[]> passed = files(out.resolve("reports"));

        // a negative that fires: the report of a failing case is the evidence CI shows, so it is written
        write("fixtures/a/negative.ndjson", POSITIVE);
        StageReport failingCase = forge(false).test();
        assertThat(failingCase.testsFailed()).isTrue();
        assertThat(failingCase.written()).contains(out.resolve("reports/TEST-ruleforge.a.xml"));
        String report = Files.readString(out.resolve("reports/TEST-ruleforge.a.xml"));
        assertThat(report).contains("<failure");
        Map<String, byte[]> withFailure = files(out.resolve("reports"));
        assertThat(withFailure.get("TEST-ruleforge.a.xml")).isNotEqualTo(passed.get("TEST-ruleforge.a.xml"));

        // a rule with an error: no rule's report is written, not even b's, which passes; the last run's reports give
        // way to one report of the errors, so that a CI system shows why the build failed, not an old run's results
        write("fixtures/a/negative.ndjson", NEGATIVE);
        write("rules/c.toml", "[metadata]\n[rule]\nrisk_score = 500\n");
        StageReport withError = forge(false).test();
        assertThat(withError.failed(false)).isTrue();
        assertThat(withError.summary()).anySatisfy(l -> assertThat(l).contains("reports not written (").contains(" error"));
        assertThat(files(out.resolve("reports"))).containsOnlyKeys("TEST-ruleforge.build.xml");
        long errors = withError.diagnostics().stream().filter(Diagnostic::isError).count();
        String why = Files.readString(out.resolve("reports/TEST-ruleforge.build.xml"));
        assertThat(why).contains("tests=\"" + errors + "\"").contains("errors=\"" + errors + "\"").contains("rules/c.toml:")
                .doesNotContain("ruleforge.a.").doesNotContain("ruleforge.b.")
                .contains("the rules without such findings were tested; no rule's report is written: the build stops at its findings");
        assertThat(withFailure).containsKey("TEST-ruleforge.a.xml");

        // fixed again: the rules' reports replace the report of why
        Files.delete(dir.resolve("rules/c.toml"));
        forge(false).test();
        assertThat(files(out.resolve("reports"))).containsOnlyKeys("TEST-ruleforge.a.xml", "TEST-ruleforge.b.xml");
    }

    @Test
    void outputsOfARuleThatNoLongerExistsAreRemoved() throws Exception {
        Ruleforge forge = forge(false);
        forge.compile();
        forge.test();
        forge.bundle();
        assertThat(out.resolve("compiled/b.json")).exists();
        assertThat(out.resolve("reports/TEST-ruleforge.b.xml")).exists();
        assertThat(out.resolve("bundle/rules/00000000-0000-4000-8000-00000000000b.json")).exists();

        Files.delete(dir.resolve("rules/b.toml"));
        Ruleforge after = forge(false);
        after.compile();
        after.test();
        after.bundle();

        assertThat(files(out.resolve("compiled")).keySet()).containsExactly("a.json");
        assertThat(files(out.resolve("reports")).keySet()).containsExactly("TEST-ruleforge.a.xml");
        assertThat(files(out.resolve("bundle/rules")).keySet()).containsExactly("00000000-0000-4000-8000-00000000000a.json");
    }

    @Test
    void aBundleThatCannotBeWrittenWholeLeavesThePreviousOneByteIdentical() throws Exception {
        forge(false).bundle();
        Map<String, byte[]> before = files(out.resolve("bundle"));
        // the zip's place is taken by a folder: the bundle folder would be written, the zip not
        Files.delete(out.resolve("bundle.zip"));
        Files.createDirectories(out.resolve("bundle.zip/in-the-way"));
        write("rules/b.toml", rule("B renamed", "00000000-0000-4000-8000-00000000000b"));

        StageReport report = forge(false).bundle();

        assertThat(report.failed(false)).isTrue();
        assertThat(withCode(report, OutputCodes.UNWRITABLE)).singleElement().satisfies(d -> {
            assertThat(d.position().file()).isEqualTo("out/bundle.zip");
            assertThat(d.message()).isEqualTo("cannot write the bundle: is a directory, expected a file");
        });
        assertThat(report.summary().get(0)).startsWith("bundle not written (it could not be written; the previous bundle is unchanged)");
        assertSameFiles(files(out.resolve("bundle")), before);
        assertNoStagedCopyLeft();
    }

    @Test
    void aBundleFailingPartWayThroughItsRuleFilesLeavesThePreviousOneByteIdentical() throws Exception {
        forge(false).bundle();
        Map<String, byte[]> before = files(out.resolve("bundle"));
        byte[] zipBefore = Files.readAllBytes(out.resolve("bundle.zip"));
        // a rule_id that is not a UUID is only a warning, but its rule file's name is longer than a file name may be:
        // the bundle is streamed into its staged folder, and this rule's file fails after the first one was written
        String longId = "b".repeat(300);
        write("rules/b.toml", rule("B", longId));

        StageReport report = forge(false).bundle();

        assertThat(report.failed(false)).isTrue();
        assertThat(withCode(report, OutputCodes.UNWRITABLE)).singleElement().satisfies(d -> {
            assertThat(d.position().file()).isEqualTo("out/bundle/rules/" + longId + ".json");
            assertThat(d.message()).startsWith("cannot write the bundle: ");
        });
        assertSameFiles(files(out.resolve("bundle")), before);
        assertThat(Files.readAllBytes(out.resolve("bundle.zip"))).isEqualTo(zipBefore);
        assertNoStagedCopyLeft();
    }

    @Test
    void compileSpoolsEachCompiledFileAndLeavesNoSpoolWhetherItWritesOrNot() throws Exception {
        StageReport written = forge(false).compile();

        assertThat(written.failed(false)).isFalse();
        assertThat(files(out)).containsOnlyKeys("compiled/a.json", "compiled/b.json");
        assertThat(new String(files(out).get("compiled/a.json"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"file\" : ").contains("a.toml");
        assertNoStagedCopyLeft();

        // an error elsewhere: each rule was still compiled (and spooled) as it was loaded, but nothing is switched in
        Map<String, byte[]> before = files(out);
        write("rules/c.toml", rule("A", "00000000-0000-4000-8000-00000000000c"));
        StageReport failed = forge(false).compile();

        assertThat(failed.failed(false)).isTrue();
        assertSameFiles(files(out), before);
        assertNoStagedCopyLeft();
    }

    @Test
    void theSpoolOfACompileLeftByAKilledRunIsRemovedByTheNextRun() throws Exception {
        forge(false).compile();
        Files.createDirectories(out.resolve(".compiled.new-9f8e"));
        Files.writeString(out.resolve(".compiled.new-9f8e/1.spooled"), "{");
        write("rules/b.toml", rule("B renamed", "00000000-0000-4000-8000-00000000000b"));

        StageReport report = forge(false).compile();

        assertThat(report.failed(false)).isFalse();
        assertNoStagedCopyLeft();
    }

    @Test
    void theStagedCopyOfABundleLeftByAKilledRunIsRemovedByTheNextRun() throws Exception {
        forge(false).bundle();
        // what a run killed while streaming its bundle leaves: a hidden staged folder and file beside the outputs
        Files.createDirectories(out.resolve(".bundle.new-1a2b3c/rules"));
        Files.writeString(out.resolve(".bundle.new-1a2b3c/rules/x.json"), "{");
        Files.writeString(out.resolve(".bundle.zip.new-4d5e"), "PK");
        // an .old- copy may be the only one of an output after a failed switch back: it stays
        Files.createDirectories(out.resolve(".bundle.old-77"));
        write("rules/b.toml", rule("B renamed", "00000000-0000-4000-8000-00000000000b"));

        StageReport report = forge(false).bundle();

        assertThat(report.failed(false)).isFalse();
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(name -> name.startsWith(".")))
                    .containsExactly(".bundle.old-77");
        }
    }

    @Test
    void aStagedCopyOrSpoolOfARunStillWorkingIsLeftAloneAndOneOfAFinishedProcessRemoved() throws Exception {
        forge(false).compile();
        // another run writing into the same folder now (a live process: this JVM's parent), and copies of a process
        // that has ended, as a killed run leaves them
        long live = ProcessHandle.current().parent().orElseThrow().pid();
        Process ended = new ProcessBuilder("java", "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        ended.waitFor();
        long dead = ended.pid();
        Files.createDirectories(out.resolve(".compiled.new-" + live + "-ab12"));
        Files.createDirectories(out.resolve(".compiled.spool-" + live + "-ab13"));
        Files.createDirectories(out.resolve(".compiled.new-" + dead + "-cd34"));
        Files.createDirectories(out.resolve(".compiled.spool-" + dead + "-cd35"));

        // every rule up to date: the compile writes nothing, and still removes what the ended process left
        StageReport report = forge(false).compile();

        assertThat(report.failed(false)).isFalse();
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left.map(p -> p.getFileName().toString()).filter(name -> name.startsWith(".")))
                    .containsExactlyInAnyOrder(".compiled.new-" + live + "-ab12", ".compiled.spool-" + live + "-ab13");
        }
    }

    @Test
    void anOutputDirectoryThatIsAFileIsOneDiagnosticAndTheFindingsAreStillReported() throws Exception {
        addWarningTo("rules/a.toml");
        Path file = write("not-a-folder", "x");
        for (Path output : List.of(file, file.resolve("below"))) {
            for (StageReport report : List.of(forge(output, false).validate(), forge(output, false).compile(),
                    forge(output, false).test(), forge(output, false).bundle())) {
                assertThat(withCode(report, OutputCodes.UNWRITABLE)).as(report.stage()).singleElement().satisfies(d -> {
                    assertThat(d.position().file()).isEqualTo("not-a-folder");
                    assertThat(d.message()).isEqualTo("cannot write the output directory: is a file, expected a directory");
                });
                assertThat(report.diagnostics()).as("the rule's warning").anySatisfy(d -> assertThat(d.code()).isEqualTo("RF4001"));
                assertThat(report.failed(false)).isTrue();
                assertThat(report.written()).isEmpty();
                assertThat(report.summary()).as("no state to ignore").noneSatisfy(l -> assertThat(l).contains("ignored"));
                // the summary counts the error it printed, and names no state folder that cannot exist
                assertThat(report.summary()).as(report.stage()).anySatisfy(l -> assertThat(l).contains(": 1 error, "));
                assertThat(report.summary()).as(report.stage())
                        .contains("2 rules: 2 recomputed (no build state kept: the output directory cannot be written)");
            }
        }
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aCompiledFolderThatCannotBeWrittenIsCountedInTheSummary() throws Exception {
        write("out/compiled", "in the way");

        StageReport report = forge(false).compile();

        assertThat(withCode(report, OutputCodes.UNWRITABLE)).singleElement();
        assertThat(report.summary().get(0)).startsWith("compiled queries not written").contains(": 1 error, ");
    }

    @Test
    void rulesThatDoNotLoadOrFailTheSchemaAreCountedAsRefusedFiles() throws Exception {
        write("rules/broken.toml", "x = \n");
        Files.createSymbolicLink(dir.resolve("rules/gone.toml"), dir.resolve("nowhere.toml"));
        Files.writeString(dir.resolve("rules/b.toml"), Files.readString(dir.resolve("rules/b.toml"))
                .replaceFirst("risk_score = \\d+", "risk_score = 101"));

        StageReport report = forge(false).validate();

        assertThat(report.summary().get(0)).startsWith("1 rule validated, 3 rule files refused: 3 errors, ");
    }

    @Test
    void aStateFileThatIsAFolderIsADiagnosticAndTheOutputsAreStillWritten() throws Exception {
        Files.createDirectories(out.resolve("state/compile.json/in-the-way"));

        StageReport report = forge(false).compile();

        assertThat(withCode(report, OutputCodes.UNWRITABLE)).singleElement().satisfies(d -> {
            assertThat(d.position().file()).isEqualTo("out/state/compile.json");
            assertThat(d.message()).isEqualTo("cannot write the build state: is a directory, expected a file");
        });
        assertThat(report.failed(false)).isTrue();
        assertThat(out.resolve("compiled/a.json")).isRegularFile();
        // the state is written after the summary line counted the findings: the error is counted after it
        assertThat(report.summary()).endsWith("and 1 error writing an output after that (RF9001 above)");
    }

    @Test
    void outputFilesAreCreatedWithTheUmaskLikeAnyOtherFile() throws Exception {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Ruleforge forge = forge(false);
        forge.compile();
        forge.test();
        forge.bundle();
        forge.lock();
        // what this process's umask gives a new file; 0600 (createTempFile's) is what it must not be
        Set<PosixFilePermission> umask = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain")));
        for (Path output : List.of(out.resolve("compiled/a.json"), out.resolve("reports/TEST-ruleforge.a.xml"),
                out.resolve("bundle/rules.ndjson"), out.resolve("bundle.zip"), out.resolve("ruleforge.sarif"),
                out.resolve("state/compile.json"), dir.resolve("rules/version.lock.json"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(output))).as(output.toString())
                    .isEqualTo(PosixFilePermissions.toString(umask));
        }
        Set<PosixFilePermission> folderUmask = Files.getPosixFilePermissions(Files.createDirectory(dir.resolve("plain-folder")));
        assertThat(Files.getPosixFilePermissions(out.resolve("bundle"))).isEqualTo(folderUmask);
    }

    @Test
    void aRuleFileNameNearTheFileSystemLimitGetsShortenedOutputNames() throws Exception {
        String stem = "r".repeat(250);
        Files.move(dir.resolve("rules/a.toml"), dir.resolve("rules/" + stem + ".toml")); // 255 bytes: the longest name there is
        Files.move(dir.resolve("fixtures/a"), dir.resolve("fixtures/" + stem));

        Ruleforge forge = forge(false);
        StageReport compile = forge.compile();
        StageReport test = forge.test();

        assertThat(compile.failed(false)).as(compile.lines().toString()).isFalse();
        assertThat(test.failed(false)).as(test.lines().toString()).isFalse();
        List<String> names = Stream.concat(files(out.resolve("compiled")).keySet().stream(), files(out.resolve("reports")).keySet().stream())
                .toList();
        assertThat(names).hasSize(4).allSatisfy(name ->
                assertThat(name.getBytes(StandardCharsets.UTF_8).length).as(name).isLessThanOrEqualTo(255));
        assertThat(names).anySatisfy(name -> assertThat(name).startsWith("TEST-ruleforge.rrrr").endsWith(".xml").contains("~"));
        // the report still names the whole file
        Path report = out.resolve("reports").resolve(names.stream().filter(n -> n.startsWith("TEST-ruleforge.rrr")).findFirst().orElseThrow());
        assertThat(Files.readString(report)).contains("ruleforge." + stem);
    }

    @Test
    void aRulesSubFolderThatCannotBeReadIsAnErrorNamingIt() throws Exception {
        Path hidden = Files.createDirectories(dir.resolve("rules/private"));
        Files.move(dir.resolve("rules/b.toml"), hidden.resolve("b.toml"));
        hidden.toFile().setReadable(false, false);
        hidden.toFile().setExecutable(false, false);
        try {
            Assumptions.assumeFalse(Files.isReadable(hidden), "permissions are not enforced for this user (root)");
            StageReport report = forge(false).validate();
            assertThat(withCode(report, LoadCodes.UNREADABLE)).singleElement().satisfies(d -> {
                assertThat(d.position().file()).isEqualTo("rules/private");
                assertThat(d.message()).isEqualTo("cannot search folder for rules: permission denied");
            });
            assertThat(report.summary().get(0)).startsWith("1 rule validated");
        } finally {
            hidden.toFile().setReadable(true, false);
            hidden.toFile().setExecutable(true, false);
        }
    }
}
