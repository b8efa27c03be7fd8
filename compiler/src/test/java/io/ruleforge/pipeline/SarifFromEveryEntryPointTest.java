package io.ruleforge.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every entry point writes its findings as SARIF, the on-demand ones (lock, baseline, diff) as the build stages do:
 * a code-scanning upload after any of them shows what it found.
 */
class SarifFromEveryEntryPointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Ruleforge ruleforge() throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules"));
        // an unknown field: a warning (RF4001) every entry point finds
        Files.writeString(rules.resolve("a.toml"), RuleforgeTest.RULE.replace("NAME", "A")
                .replace("RULE_ID", "00000000-0000-4000-8000-00000000000a")
                .replace("process.name:cmd.exe and", "process.nmae:cmd.exe and"));
        return new Ruleforge(new RuleforgeOptions(rules, dir.resolve("fixtures"), dir.resolve("out"), dir, List.of(),
                KibanaVersion.DEFAULT, "ecs", false));
    }

    private List<String> sarifCodes() throws Exception {
        JsonNode sarif = JSON.readTree(dir.resolve("out/ruleforge.sarif").toFile());
        List<String> codes = new ArrayList<>();
        sarif.at("/runs/0/results").forEach(result -> codes.add(result.get("ruleId").asText()));
        return codes;
    }

    private void assertSarifOf(Function<Ruleforge, StageReport> entryPoint, String... codes) throws Exception {
        StageReport report = entryPoint.apply(ruleforge());
        assertThat(report.written()).contains(dir.resolve("out/ruleforge.sarif"));
        assertThat(sarifCodes()).as(report.stage()).contains(codes);
    }

    @Test
    void lockWritesItsFindingsAsSarif() throws Exception {
        assertSarifOf(Ruleforge::lock, "RF4001");
        assertThat(dir.resolve("rules/version.lock.json")).isRegularFile();
    }

    @Test
    void baselineWritesItsFindingsAsSarif() throws Exception {
        // a baseline records warnings and reports errors only: an error shows in the SARIF
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/b.toml"), "not = [toml");
        assertSarifOf(Ruleforge::baseline, "RF1010");
    }

    @Test
    void diffWritesItsFindingsAsSarifBesideTheReview() throws Exception {
        Path base = Files.writeString(dir.resolve("base.ndjson"), "{not json\n");
        assertSarifOf(r -> r.diff(base.getFileName().toString()), "RF4001", "RF8001");
        assertThat(dir.resolve("out/diff.md")).isRegularFile();
        assertThat(dir.resolve("out/diff.json")).isRegularFile();
    }

    @Test
    void aDiffThatCannotBeWrittenIsAFindingInItsSarifAndWritesNeitherFile() throws Exception {
        Files.createDirectories(dir.resolve("out/diff.json/in-the-way"));
        Path base = Files.writeString(dir.resolve("base.ndjson"), "");
        StageReport report = ruleforge().diff(base.getFileName().toString());
        assertThat(report.failed(false)).isTrue();
        assertThat(report.summary()).contains("diff not written");
        assertThat(dir.resolve("out/diff.md")).doesNotExist();
        assertThat(sarifCodes()).contains("RF9001");
    }
}
