package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.report.Baseline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Adopting ruleforge on an existing repository: today's warnings are recorded, later runs report only new ones. */
class BaselineTest {

    @TempDir
    Path dir;

    private Path rules;

    private Ruleforge ruleforge() {
        return new Ruleforge(new RuleforgeOptions(rules, dir.resolve("fixtures"), dir.resolve("out"), dir, List.of(),
                KibanaVersion.DEFAULT, "ecs", false));
    }

    private void writeRule(String prefix, String query) throws Exception {
        Files.writeString(rules.resolve("a.toml"), prefix + RuleforgeTest.RULE.replace("NAME", "A")
                .replace("RULE_ID", "00000000-0000-4000-8000-00000000000a")
                .replace("process.name:cmd.exe and", query + " and"));
    }

    private static List<String> warnings(StageReport report) {
        return report.diagnostics().stream().filter(d -> d.severity() == Severity.WARNING).map(Diagnostic::message).toList();
    }

    @Test
    void onlyWarningsNotInTheBaselineAreReportedWhereverTheyMove() throws Exception {
        rules = Files.createDirectories(dir.resolve("rules"));
        writeRule("", "process.nmae:cmd.exe");
        assertThat(warnings(ruleforge().validate())).anyMatch(m -> m.startsWith("field process.nmae is not in"));

        StageReport recorded = ruleforge().baseline();
        assertThat(rules.resolve(Baseline.FILE_NAME)).isRegularFile();
        assertThat(recorded.summary().get(0)).startsWith("baseline of 2 warnings written to rules/ruleforge-baseline.json");

        StageReport later = ruleforge().validate();
        assertThat(warnings(later)).isEmpty();
        assertThat(later.summary()).contains("2 baselined warnings remain (not reported; rules/ruleforge-baseline.json)");

        // lines moved and a new unknown field: only the new one is reported
        writeRule("# moved\n\n\n", "process.nmae:cmd.exe and user.nmae:root");
        assertThat(warnings(ruleforge().validate())).singleElement().asString().startsWith("field user.nmae is not in");
    }

    @Test
    void baselinedWarningsThatWereFixedAreCountedWithHowToDropThem() throws Exception {
        rules = Files.createDirectories(dir.resolve("rules"));
        writeRule("", "process.nmae:cmd.exe");
        ruleforge().baseline();
        writeRule("", "process.name:cmd.exe");

        StageReport fixed = ruleforge().validate();
        // of the two recorded (the misspelt field, and no version lock) one is fixed
        assertThat(fixed.summary()).contains("1 baselined warning remains (not reported; rules/ruleforge-baseline.json); 1 more"
                + " no longer found: run `ruleforge baseline` (mvn ruleforge:baseline) to drop it");
        // the test stage finds the same baselined warnings (the baseline was made without a fixtures folder)
        TwoRuleProject.write(dir, "fixtures/a/positive.ndjson", TwoRuleProject.POSITIVE);
        TwoRuleProject.write(dir, "fixtures/a/negative.ndjson", TwoRuleProject.NEGATIVE);
        assertThat(ruleforge().test().summary()).anySatisfy(l -> assertThat(l).contains(" more no longer found"));
    }

    /**
     * The test stage's warnings are recorded too: a team adopting ruleforge on rules without fixtures baselines them,
     * and --fail-on-warning then fails on a new untested rule only (probe29). A stage that does not test does not
     * count them as fixed.
     */
    @Test
    void theTestStagesWarningsAreBaselinedAndNotCountedAsFixedByOtherStages() throws Exception {
        rules = Files.createDirectories(dir.resolve("rules"));
        writeRule("", "process.name:cmd.exe");
        // beside the untested rule a tested one: a run that tests none is an error (RF6017), which no baseline holds
        Files.writeString(rules.resolve("b.toml"), RuleforgeTest.RULE.replace("NAME", "B")
                .replace("RULE_ID", "00000000-0000-4000-8000-00000000000b"));
        TwoRuleProject.write(dir, "fixtures/b/positive.ndjson", TwoRuleProject.POSITIVE);
        TwoRuleProject.write(dir, "fixtures/b/negative.ndjson", TwoRuleProject.NEGATIVE);
        assertThat(ruleforge().test().diagnostics()).extracting(Diagnostic::code).contains("RF6002");

        assertThat(ruleforge().baseline().summary().get(0)).startsWith("baseline of 2 warnings written");
        StageReport tested = ruleforge().test();
        assertThat(tested.diagnostics()).extracting(Diagnostic::code).doesNotContain("RF6002");
        assertThat(tested.summary()).contains("2 baselined warnings remain (not reported; rules/ruleforge-baseline.json)");
        // adopted: even --fail-on-warning passes, and fails on a new untested rule only
        assertThat(tested.failed(true)).isFalse();
        Files.writeString(rules.resolve("c.toml"), RuleforgeTest.RULE.replace("NAME", "C")
                .replace("RULE_ID", "00000000-0000-4000-8000-00000000000c"));
        StageReport withNewRule = ruleforge().test();
        assertThat(withNewRule.failed(false)).isFalse();
        assertThat(withNewRule.failed(true)).isTrue();
        assertThat(ruleforge().validate().summary()).contains("1 baselined warning remains (not reported; rules/ruleforge-baseline.json)");
    }

    @Test
    void anUnusableBaselineIsAnErrorAtTheFile() throws Exception {
        rules = Files.createDirectories(dir.resolve("rules"));
        writeRule("", "process.name:cmd.exe");
        Files.writeString(rules.resolve(Baseline.FILE_NAME), "[1, 2]");
        assertThat(ruleforge().validate().diagnostics()).filteredOn(Diagnostic::isError).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo(Baseline.BAD_BASELINE);
            assertThat(d.format()).startsWith("rules/ruleforge-baseline.json: error: unusable baseline:");
        });
    }
}
