package io.ruleforge.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Incremental builds: a rule whose inputs did not change is not compiled or tested again, its outputs are not
 * rewritten, and it is reported exactly as computing it would report it.
 */
class IncrementalBuildTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);
    private static final String POSITIVE = TwoRuleProject.POSITIVE;

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

    private void edit(String relative, UnaryOperator<String> change) throws Exception {
        Path file = dir.resolve(relative);
        String before = Files.readString(file);
        String after = change.apply(before);
        assertThat(after).isNotEqualTo(before);
        Files.writeString(file, after);
    }

    private RuleforgeOptions options(Path output) {
        return new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), output, dir, List.of(), KibanaVersion.DEFAULT,
                "ecs", false);
    }

    private Ruleforge forge() {
        return new Ruleforge(options(out));
    }

    /** validate, compile, test and bundle, as the Maven build runs them. */
    private static List<StageReport> build(Ruleforge forge) {
        return List.of(forge.validate(), forge.compile(), forge.test(), forge.bundle());
    }

    /** The line each stage ends with: what was recomputed and what was up to date. */
    private static String incremental(StageReport report) {
        return report.summary().get(report.summary().size() - 1);
    }

    private String upToDate(int recomputed, int upToDate) {
        return (recomputed + upToDate) + " rules: " + recomputed + " recomputed, " + upToDate + " up to date (state in "
                + out.resolve("state") + ")";
    }

    /** Every file the stages wrote for the rules (the state aside), by its path below the output directory. */
    private static Map<String, byte[]> outputs(Path output) throws Exception {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(output)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = output.relativize(file).toString().replace('\\', '/');
                if (!name.startsWith("state/")) {
                    files.put(name, Files.readAllBytes(file));
                }
            }
        }
        return files;
    }

    private Map<String, FileTime> ageEveryOutput() throws Exception {
        Map<String, FileTime> times = new TreeMap<>();
        for (String name : outputs(out).keySet()) {
            Files.setLastModifiedTime(out.resolve(name), LONG_AGO);
            times.put(name, LONG_AGO);
        }
        return times;
    }

    private FileTime modified(String name) throws Exception {
        return Files.getLastModifiedTime(out.resolve(name));
    }

    /** What an incremental build left behind is what a build from scratch writes, to the byte. */
    private void assertSameOutputsAsAFullBuild() throws Exception {
        Path full = dir.resolve("full-build");
        build(new Ruleforge(options(full).withIncremental(false)));
        Map<String, byte[]> expected = outputs(full);
        Map<String, byte[]> actual = outputs(out);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(actual.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void aSecondBuildWithUnchangedInputsRecomputesNothingAndRewritesNoOutput() throws Exception {
        List<StageReport> first = build(forge());
        assertThat(first).allSatisfy(r -> assertThat(incremental(r)).isEqualTo(upToDate(2, 0)));
        assertThat(first.get(3).summary().get(0)).startsWith("bundle: 2 rules written to ");
        Map<String, FileTime> aged = ageEveryOutput();

        List<StageReport> second = build(forge());

        assertThat(second).allSatisfy(r -> assertThat(incremental(r)).isEqualTo(upToDate(0, 2)));
        assertThat(second.get(3).summary().get(0)).startsWith("bundle up to date: 2 rules in ");
        for (int stage = 0; stage < 4; stage++) {
            StageReport before = first.get(stage);
            StageReport after = second.get(stage);
            assertThat(after.diagnostics()).isEqualTo(before.diagnostics());
            assertThat(after.testsFailed()).isEqualTo(before.testsFailed());
            if (stage < 3) {
                // the bundle's first line says it is up to date; every other line is as before
                assertThat(after.summary().subList(0, after.summary().size() - 1))
                        .isEqualTo(before.summary().subList(0, before.summary().size() - 1));
            }
            // nothing but the findings (SARIF, one file for the whole run) is written again
            assertThat(after.written()).containsExactly(out.resolve("ruleforge.sarif"));
        }
        aged.remove("ruleforge.sarif");
        for (String name : aged.keySet()) {
            assertThat(modified(name)).as(name).isEqualTo(LONG_AGO);
        }
        assertThat(aged).containsKeys("compiled/a.json", "reports/TEST-ruleforge.b.xml", "bundle/rules.ndjson", "bundle.zip");
    }

    @Test
    void upToDateRulesAreReportedFromTheStateInsteadOfBeingRunAgain() throws Exception {
        forge().test();
        Path state = out.resolve("state/test.json");
        ObjectNode recorded = (ObjectNode) JSON.readTree(state.toFile());
        ObjectNode test = (ObjectNode) recorded.at("/rules/rules~1a.toml/test");
        assertThat(test.get("ruleName").asText()).isEqualTo("A");
        test.put("ruleName", "A, as recorded");
        JSON.writeValue(state.toFile(), recorded);

        StageReport again = forge().test();

        assertThat(again.summary()).contains("PASS rules/a.toml — A, as recorded", "PASS rules/b.toml — B");
    }

    @Test
    void changingARuleFileRecomputesThatRuleAlone() throws Exception {
        build(forge());
        ageEveryOutput();
        edit("rules/a.toml", text -> text.replace("description = \"cmd.exe making a network connection.\"",
                "description = \"cmd.exe connecting out.\""));

        List<StageReport> second = build(forge());

        assertThat(second).allSatisfy(r -> assertThat(incremental(r)).isEqualTo(upToDate(1, 1)));
        assertThat(modified("compiled/a.json")).isNotEqualTo(LONG_AGO);
        assertThat(modified("reports/TEST-ruleforge.a.xml")).isNotEqualTo(LONG_AGO);
        assertThat(modified("compiled/b.json")).isEqualTo(LONG_AGO);
        assertThat(modified("reports/TEST-ruleforge.b.xml")).isEqualTo(LONG_AGO);
        assertThat(Files.readString(out.resolve("bundle/rules.ndjson"))).contains("cmd.exe connecting out.");
        assertSameOutputsAsAFullBuild();
    }

    @Test
    void changingAFixtureRetestsThatRuleWithoutCompilingAnything() throws Exception {
        build(forge());
        edit("fixtures/b/negative.ndjson", text -> text + "{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"10.1.2.3\"}}\n");

        List<StageReport> second = build(forge());

        assertThat(incremental(second.get(0))).isEqualTo(upToDate(0, 2));
        assertThat(incremental(second.get(1))).isEqualTo(upToDate(0, 2));
        assertThat(incremental(second.get(2))).isEqualTo(upToDate(1, 1));
        assertThat(second.get(3).summary().get(0)).startsWith("bundle up to date");
        assertThat(second.get(2).summary()).anySatisfy(l -> assertThat(l).contains("2/2 negatives quiet"));
        assertSameOutputsAsAFullBuild();

        // a new file in the fixture folder is a change too
        write("fixtures/b/notes.txt", "not read by ruleforge, but in the rule's fixture folder\n");
        assertThat(incremental(forge().test())).isEqualTo(upToDate(1, 1));
    }

    @Test
    void theFixturesFolderGivenRelativeOrAbsoluteIsTheSameInput() throws Exception {
        forge().test();
        Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("fixtures"));
        assertThat(relative.isAbsolute()).isFalse();
        RuleforgeOptions given = new RuleforgeOptions(dir.resolve("rules"), relative, out, dir, List.of(), KibanaVersion.DEFAULT,
                "ecs", false);
        assertThat(incremental(new Ruleforge(given).test())).isEqualTo(upToDate(0, 2));
    }

    @Test
    void changingTheKibanaVersionRecomputesEveryRule() throws Exception {
        build(forge());
        Ruleforge kibana89 = new Ruleforge(new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), out, dir, List.of(),
                KibanaVersion.V8_9, "ecs", false));

        assertThat(incremental(kibana89.compile())).isEqualTo(upToDate(2, 0));
        assertThat(incremental(kibana89.test())).isEqualTo(upToDate(2, 0));
        assertThat(incremental(kibana89.compile())).isEqualTo(upToDate(0, 2));
        // the state records the latest inputs only: going back is a change again
        assertThat(incremental(forge().compile())).isEqualTo(upToDate(2, 0));
    }

    @Test
    void changingAMappingFileOrWhichIndicesItCoversRecomputesEveryRule() throws Exception {
        write("mappings/proc.json", "{\"properties\":{\"process\":{\"properties\":{\"name\":{\"type\":\"keyword\"}}}}}");
        Ruleforge scoped = new Ruleforge(options(out).withMappings(List.of("winlogbeat-*=mappings/proc.json")));
        build(scoped);
        assertThat(incremental(scoped.compile())).isEqualTo(upToDate(0, 2));

        edit("mappings/proc.json", json -> json.replace("keyword", "text"));
        assertThat(incremental(new Ruleforge(options(out).withMappings(List.of("winlogbeat-*=mappings/proc.json"))).compile()))
                .isEqualTo(upToDate(2, 0));
        // the same file scoped to other indices no longer applies to these rules: a change of input too
        assertThat(incremental(new Ruleforge(options(out).withMappings(List.of("logs-*=mappings/proc.json"))).compile()))
                .isEqualTo(upToDate(2, 0));
    }

    @Test
    void changingTheLockRechecksTheLockAndRewritesTheBundleButRecomputesNoRule() throws Exception {
        forge().lock();
        build(forge());
        ObjectNode lock = (ObjectNode) JSON.readTree(dir.resolve("rules/version.lock.json").toFile());
        ((ObjectNode) lock.get("00000000-0000-4000-8000-00000000000a")).put("version", 7);
        JSON.writeValue(dir.resolve("rules/version.lock.json").toFile(), lock);

        List<StageReport> second = build(forge());

        assertThat(second.subList(0, 3)).allSatisfy(r -> assertThat(incremental(r)).isEqualTo(upToDate(0, 2)));
        assertThat(second.get(3).summary().get(0)).startsWith("bundle: 2 rules written to ");
        assertThat(Files.readString(out.resolve("bundle/rules/00000000-0000-4000-8000-00000000000a.json"))).contains("\"version\" : 7");

        // the lock's check runs on every build: content that no longer matches the lock is an error at once
        ((ObjectNode) lock.get("00000000-0000-4000-8000-00000000000b")).put("sha256", "0".repeat(64));
        JSON.writeValue(dir.resolve("rules/version.lock.json").toFile(), lock);
        StageReport validated = forge().validate();
        assertThat(incremental(validated)).isEqualTo(upToDate(0, 2));
        assertThat(validated.diagnostics()).extracting(Diagnostic::code).containsExactly("RF7001");
    }

    @Test
    void aDeletedOrEditedOutputIsWrittenAgain() throws Exception {
        build(forge());
        Map<String, byte[]> before = outputs(out);
        Files.delete(out.resolve("compiled/a.json"));
        Files.writeString(out.resolve("reports/TEST-ruleforge.b.xml"), "<testsuite/>");
        Files.writeString(out.resolve("bundle/manifest.json"), "{}");

        List<StageReport> second = build(forge());

        assertThat(incremental(second.get(1))).isEqualTo(upToDate(1, 1));
        assertThat(incremental(second.get(2))).isEqualTo(upToDate(1, 1));
        assertThat(second.get(3).summary().get(0)).startsWith("bundle: 2 rules written to ");
        Map<String, byte[]> after = outputs(out);
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
    }

    /**
     * A file added by hand to the bundle folder — a stray rule JSON, anything beside the manifest — is gone after the
     * next build, as a full build replaces the folder; the folder stays what the zip holds (found by a probe: it
     * outlived incremental builds).
     */
    @Test
    void aFileAddedToTheBundleFolderIsGoneAfterTheNextBuild() throws Exception {
        build(forge());
        Map<String, byte[]> before = outputs(out);
        Files.writeString(out.resolve("bundle/rules/stray.json"), "{\"rule_id\":\"stray\"}");
        Files.createDirectories(out.resolve("bundle/extra"));

        List<StageReport> second = build(forge());

        assertThat(second.get(3).summary().get(0)).startsWith("bundle: 2 rules written to ");
        assertThat(out.resolve("bundle/rules/stray.json")).doesNotExist();
        assertThat(out.resolve("bundle/extra")).doesNotExist();
        assertThat(outputs(out)).containsOnlyKeys(before.keySet());
        List<StageReport> third = build(forge());
        assertThat(third.get(3).summary().get(0)).startsWith("bundle up to date");
    }

    @Test
    void corruptStateIsIgnoredAndEveryRuleRecomputed() throws Exception {
        build(forge());
        Map<String, byte[]> before = outputs(out);
        for (String stage : List.of("validate", "compile", "test", "bundle")) {
            Files.writeString(out.resolve("state/" + stage + ".json"), "{\"format\":2,\"rules\":{\"rules/a.toml\":{\"fing");
        }

        List<StageReport> second = build(forge());

        assertThat(second).allSatisfy(r -> {
            assertThat(r.failed(false)).isFalse();
            assertThat(incremental(r)).isEqualTo("2 rules: 2 recomputed, 0 up to date (state in " + out.resolve("state")
                    + "; the previous state was ignored: it is not valid state)");
        });
        assertThat(second.get(3).summary().get(0)).startsWith("bundle: 2 rules written to ");
        Map<String, byte[]> after = outputs(out);
        before.forEach((name, bytes) -> assertThat(after.get(name)).as(name).isEqualTo(bytes));
        // and the state is sound again
        assertThat(build(forge())).allSatisfy(r -> assertThat(incremental(r)).isEqualTo(upToDate(0, 2)));
    }

    @Test
    void aFailingRuleFailsAgainOnEveryBuild() throws Exception {
        write("fixtures/a/positive.ndjson", POSITIVE + "// not cmd.exe: a wrong positive\n{\"process\":{\"name\":\"powershell.exe\"}}\n");
        edit("rules/b.toml", text -> text.replace("process.name:cmd.exe and", "process.name:cmd.exe and ("));

        for (int run = 1; run <= 2; run++) {
            StageReport validated = forge().validate();
            assertThat(validated.failed(false)).isTrue();
            assertThat(validated.diagnostics()).filteredOn(Diagnostic::isError).extracting(Diagnostic::code).containsExactly("RF3001");
            // a is valid: recorded and replayed; b has an error: never recorded, so recomputed
            assertThat(incremental(validated)).isEqualTo(run == 1 ? upToDate(2, 0) : upToDate(1, 1));

            StageReport tested = forge().test();
            assertThat(tested.testsFailed()).isTrue();
            assertThat(tested.summary()).contains("FAIL rules/a.toml — A");
            assertThat(incremental(tested)).isEqualTo(upToDate(2, 0));
        }
    }

    @Test
    void warningsAreReportedAgainFromTheState() throws Exception {
        edit("rules/a.toml", text -> text.replace("process.name:cmd.exe", "proces.name:cmd.exe"));
        Files.delete(dir.resolve("fixtures/a/positive.ndjson"));
        Files.delete(dir.resolve("fixtures/a/negative.ndjson"));
        StageReport first = forge().test();
        // (and RF7007: these rules have no version lock)
        assertThat(first.diagnostics()).extracting(Diagnostic::code).containsExactlyInAnyOrder("RF4001", "RF6002", "RF7007");

        StageReport second = forge().test();

        assertThat(incremental(second)).isEqualTo(upToDate(0, 2));
        assertThat(second.diagnostics()).isEqualTo(first.diagnostics());
        assertThat(second.failed(false)).isFalse();
        assertThat(second.failed(true)).as("failOnWarning still fails the build").isTrue();
    }

    @Test
    void withoutIncrementalEveryRuleIsRecomputedAndTheStateStillRecorded() throws Exception {
        build(forge());
        ageEveryOutput();

        List<StageReport> full = build(new Ruleforge(options(out).withIncremental(false)));

        assertThat(full).allSatisfy(r -> assertThat(incremental(r)).isEqualTo("2 rules: 2 recomputed (incremental build off)"));
        assertThat(modified("compiled/a.json")).isNotEqualTo(LONG_AGO);
        assertThat(modified("reports/TEST-ruleforge.b.xml")).isNotEqualTo(LONG_AGO);
        assertThat(modified("bundle.zip")).isNotEqualTo(LONG_AGO);
        assertThat(build(forge())).allSatisfy(r -> assertThat(incremental(r)).isEqualTo(upToDate(0, 2)));
    }

    @Test
    void ruleFilesOfTheSameNameInTwoFoldersAreAlwaysRecomputedSoTheLastOneWinsAsInAFullBuild() throws Exception {
        write("rules/x/same.toml", rule("X", "00000000-0000-4000-8000-0000000000c1"));
        write("rules/y/same.toml", rule("Y", "00000000-0000-4000-8000-0000000000c2"));
        build(forge());

        List<StageReport> second = build(forge());

        assertThat(incremental(second.get(1))).isEqualTo(upToDate(2, 2));
        assertThat(Files.readString(out.resolve("compiled/same.json"))).contains("rules/y/same.toml");
        assertSameOutputsAsAFullBuild();
    }
}
