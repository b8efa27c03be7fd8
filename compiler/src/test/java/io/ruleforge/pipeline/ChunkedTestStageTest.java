package io.ruleforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.evaluate.engine.EngineSettings;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test stage runs each chunk of rule files (64) while it is loaded and keeps of each rule only its findings,
 * summary, failing cases and a spooled report: a set larger than one chunk is tested, reported and recorded as a
 * whole all the same, and no spool is left behind.
 */
class ChunkedTestStageTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** More than one chunk of rule files: {@code r00} … {@code r69}, the last six in the second chunk. */
    private static final int RULES = 70;
    private static final FileTime LONG_AGO = FileTime.fromMillis(1_000_000_000_000L);

    @TempDir
    Path dir;

    private static String stem(int i) {
        return String.format(Locale.ROOT, "r%02d", i);
    }

    /** Seventy passing rules; {@code r66}, in the second chunk, with a positive that does not fire. */
    private void seventyRules() throws Exception {
        for (int i = 0; i < RULES; i++) {
            String id = String.format(Locale.ROOT, "00000000-0000-4000-8000-%012d", i + 1);
            TwoRuleProject.write(dir, "rules/" + stem(i) + ".toml", TwoRuleProject.rule(stem(i).toUpperCase(Locale.ROOT), id));
            TwoRuleProject.write(dir, "fixtures/" + stem(i) + "/positive.ndjson", TwoRuleProject.POSITIVE
                    + (i == 66 ? "// not cmd.exe: a wrong positive\n{\"process\":{\"name\":\"powershell.exe\"}}\n" : ""));
            TwoRuleProject.write(dir, "fixtures/" + stem(i) + "/negative.ndjson", TwoRuleProject.NEGATIVE);
        }
    }

    private RuleforgeOptions options() {
        return new RuleforgeOptions(dir.resolve("rules"), dir.resolve("fixtures"), dir.resolve("out"), dir, List.of(),
                KibanaVersion.DEFAULT, "ecs", false);
    }

    private static String incremental(StageReport report) {
        return report.summary().get(report.summary().size() - 1);
    }

    /** The names in the output directory: no spool or staged copy may outlive the run. */
    private List<String> outputNames() throws Exception {
        try (Stream<Path> names = Files.list(dir.resolve("out"))) {
            return names.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void rulesBeyondTheFirstChunkAreTestedReportedAndRecordedAndNoSpoolIsLeft() throws Exception {
        seventyRules();

        StageReport first = new Ruleforge(options()).test();

        assertThat(first.testsFailed()).isTrue();
        assertThat(first.summary()).contains("PASS rules/r00.toml — R00", "PASS rules/r69.toml — R69", "FAIL rules/r66.toml — R66");
        assertThat(first.summary()).anySatisfy(line -> assertThat(line).startsWith("70 rules tested: 69 passed, 1 failed"));
        assertThat(outputNames()).containsExactly("reports", "ruleforge.sarif", "state");
        try (Stream<Path> reports = Files.list(dir.resolve("out/reports"))) {
            assertThat(reports).hasSize(RULES);
        }
        assertThat(Files.readString(dir.resolve("out/reports/TEST-ruleforge.r66.xml"))).contains("<failure");
        JsonNode failed = JSON.readTree(dir.resolve("out/ruleforge.sarif").toFile()).at("/runs/0/results").findParents("ruleId").stream()
                .filter(r -> r.path("ruleId").asText().equals("RF6013")).findFirst().orElseThrow();
        assertThat(failed.at("/locations/0/physicalLocation/artifactLocation/uri").asText()).isEqualTo("fixtures/r66/positive.ndjson");

        Files.setLastModifiedTime(dir.resolve("out/reports/TEST-ruleforge.r65.xml"), LONG_AGO);
        StageReport second = new Ruleforge(options()).test();

        // the failing rule is never recorded, so run again; the others are replayed, their reports kept as they are
        assertThat(incremental(second)).isEqualTo("70 rules: 1 recomputed, 69 up to date (state in " + dir.resolve("out/state") + ")");
        assertThat(second.summary().subList(0, second.summary().size() - 1))
                .isEqualTo(first.summary().subList(0, first.summary().size() - 1));
        assertThat(second.diagnostics()).isEqualTo(first.diagnostics());
        assertThat(Files.getLastModifiedTime(dir.resolve("out/reports/TEST-ruleforge.r65.xml"))).isEqualTo(LONG_AGO);
        assertThat(outputNames()).containsExactly("reports", "ruleforge.sarif", "state");
    }

    @Test
    void anEngineFailingInTheSecondChunkNamesTheRulesOfBothChunksAndReportsOnlyTheFailure() throws Exception {
        seventyRules();
        // without fixtures a rule asks the engine nothing: r00 … r65 are decided, the engine first fails at r66
        for (int i = 0; i < 66; i++) {
            Path folder = dir.resolve("fixtures/" + stem(i));
            Files.delete(folder.resolve("positive.ndjson"));
            Files.delete(folder.resolve("negative.ndjson"));
            Files.delete(folder);
        }
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RuleforgeOptions options = options().withEngine(URI.create("http://127.0.0.1:" + closedPort),
                EngineSettings.of(null, null, 2, 5, 0, 5));

        StageReport report = new Ruleforge(options).test();

        Diagnostic failure = report.diagnostics().stream().filter(d -> d.code().equals("RF6007")).findFirst().orElseThrow();
        assertThat(failure.message()).contains("decided before it failed (66): rules/r00.toml, rules/r01.toml",
                "not decided (4): rules/r66.toml, rules/r67.toml, rules/r68.toml, rules/r69.toml;");
        assertThat(report.summary()).contains("fixtures not run: the engine failed");
        // no rule's report: the one report says why none was written
        assertThat(outputNames()).containsExactly("reports", "ruleforge.sarif");
        try (var reports = Files.list(dir.resolve("out/reports"))) {
            assertThat(reports.map(p -> p.getFileName().toString())).containsExactly("TEST-ruleforge.build.xml");
        }
        assertThat(Files.readString(dir.resolve("out/reports/TEST-ruleforge.build.xml"))).contains("type=\"RF6007\"")
                .contains("no rule's report is written: the engine failed (the finding names the rules it decided before)");
    }

    @Test
    void aRuleTestedOnlyBecauseAnotherFileHasItsNameIsReplayedWhenThatFileTurnsOutInvalid() throws Exception {
        TwoRuleProject.write(dir, "rules/x/same.toml", TwoRuleProject.rule("X", "00000000-0000-4000-8000-0000000000c1"));
        TwoRuleProject.write(dir, "fixtures/same/positive.ndjson", TwoRuleProject.POSITIVE);
        TwoRuleProject.write(dir, "fixtures/same/negative.ndjson", TwoRuleProject.NEGATIVE);
        StageReport first = new Ruleforge(options()).test();
        assertThat(first.failed(false)).isFalse();
        // a file of the same name that cannot be loaded: x/same.toml is compiled and tested while its chunk is loaded
        // (the other file might have been a valid rule sharing its fixtures and report), then replayed after all
        TwoRuleProject.write(dir, "rules/y/same.toml", "name = = \n");

        StageReport second = new Ruleforge(options()).test();

        assertThat(second.summary()).contains("PASS rules/x/same.toml — X");
        assertThat(incremental(second)).contains("0 recomputed, 1 up to date");
        Files.delete(dir.resolve("rules/y/same.toml"));
        StageReport third = new Ruleforge(options()).test();
        // its record was carried over, but the failing run replaced its report by the report of why: tested again
        assertThat(incremental(third)).contains("1 recomputed, 0 up to date");
        assertThat(third.summary()).contains("PASS rules/x/same.toml — X");
        assertThat(third.failed(false)).isFalse();
        assertThat(outputNames()).containsExactly("reports", "ruleforge.sarif", "state");
    }
}
