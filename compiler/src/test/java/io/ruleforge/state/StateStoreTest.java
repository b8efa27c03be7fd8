package io.ruleforge.state;

import io.ruleforge.harness.RuleTestResult;
import io.ruleforge.harness.TestCase;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.report.RuleTestSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StateStoreTest {

    @TempDir
    Path out;

    private StateStore store() {
        return new StateStore(out.resolve(StateStore.DIRECTORY));
    }

    private static StageState aState(Path out) throws Exception {
        Path report = out.resolve("reports/TEST-ruleforge.cmd.xml");
        Files.createDirectories(report.getParent());
        Files.writeString(report, "<testsuite/>\n");
        Diagnostic warning = new Diagnostic("RF4001", Severity.WARNING, new SourcePosition("rules/cmd.toml", 17, 3),
                "field proces.name is not in ecs-9.4.0", "did you mean process.name?");
        Diagnostic info = new Diagnostic("RF3003", Severity.INFO, SourcePosition.ofFile("rules/cmd.toml"), "no EQL equivalent: \"quoted\" ✓", "");
        RuleRecord tested = new RuleRecord("f1", List.of(warning, info), List.of(Diagnostic.warning("RF6002",
                new SourcePosition("rules/cmd.toml", 17, 1), "rule has no fixtures")),
                List.of(OutputFile.of(out, report)), new RuleTestSummary("rules/cmd.toml", "Cmd", RuleTestResult.Status.PASSED,
                        RuleTestSummary.Queries.DSL_AND_EQL, Map.of(TestCase.Kind.POSITIVE, new RuleTestSummary.Tally(2, 2),
                        TestCase.Kind.NEGATIVE, new RuleTestSummary.Tally(1, 1)), 3, 3, 3, 0,
                        List.of(Diagnostic.error("RF6001", new SourcePosition("fixtures/cmd/negative.ndjson", 2, 5), "malformed JSON")),
                        List.of(new RuleTestSummary.FailedCase("fixtures/cmd/positive.ndjson:4", true, false, "bool.filter[0]: no value"))));
        RuleRecord untested = new RuleRecord("f2", List.of(), List.of(), List.of(), null);
        return new StageState(StageState.FORMAT, Map.of("rules/cmd.toml", tested, "rules/eql.toml", untested),
                new StageOutputs("f3", List.of(OutputFile.of(out, report))));
    }

    @Test
    void whatIsWrittenIsReadBackAsItWas() throws Exception {
        StageState state = aState(out);
        store().write("test", state);

        StateStore.Loaded loaded = store().read("test");
        assertThat(loaded.ignored()).isEmpty();
        assertThat(loaded.state()).isEqualTo(state);
        assertThat(loaded.state().rule("rules/cmd.toml").orElseThrow().testSummary()).isPresent();
        assertThat(loaded.state().rule("rules/eql.toml").orElseThrow().testSummary()).isEmpty();
    }

    @Test
    void noStateYetIsAnEmptyStateWithoutComplaint() {
        StateStore.Loaded loaded = store().read("compile");
        assertThat(loaded.state().rules()).isEmpty();
        assertThat(loaded.state().stageOutputs()).isEmpty();
        assertThat(loaded.ignored()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json at all",
            "{\"format\":2,\"rules\":{\"rules/cmd.toml\":{\"fingerprint\":\"f\"",
            "[]",
            "null",
            // a field missing, a null where a record must be, a severity that does not exist
            "{\"format\":2,\"outputs\":null}",
            "{\"format\":2,\"rules\":{\"rules/cmd.toml\":null},\"outputs\":null}",
            "{\"format\":2,\"rules\":{\"r\":{\"fingerprint\":\"f\",\"compileDiagnostics\":[{\"code\":\"RF1\",\"severity\":\"FATAL\","
                    + "\"position\":{\"file\":\"r\",\"line\":1,\"column\":1},\"message\":\"m\",\"hint\":\"\"}],"
                    + "\"testDiagnostics\":[],\"outputs\":[],\"test\":null}},\"outputs\":null}",
            "{\"format\":2,\"rules\":{\"r\":{\"fingerprint\":\"f\",\"compileDiagnostics\":[{\"code\":\"RF1\",\"severity\":\"ERROR\","
                    + "\"position\":{\"file\":\"r\",\"line\":-1,\"column\":1},\"message\":\"m\",\"hint\":\"\"}],"
                    + "\"testDiagnostics\":[],\"outputs\":[],\"test\":null}},\"outputs\":null}",
    })
    void stateThatIsNotWhatThisRuleforgeWritesIsIgnored(String content) throws Exception {
        Files.createDirectories(store().directory());
        Files.writeString(store().directory().resolve("test.json"), content);

        StateStore.Loaded loaded = store().read("test");
        assertThat(loaded.state()).isEqualTo(StageState.empty());
        assertThat(loaded.ignored()).hasValue("it is not valid state");
    }

    @Test
    void stateOfAnotherFormatIsIgnored() throws Exception {
        Files.createDirectories(store().directory());
        Files.writeString(store().directory().resolve("test.json"), "{\"format\":0,\"rules\":{},\"outputs\":null}");

        StateStore.Loaded loaded = store().read("test");
        assertThat(loaded.state()).isEqualTo(StageState.empty());
        assertThat(loaded.ignored()).hasValue("it is of format 0, this ruleforge writes " + StageState.FORMAT);
    }

    @Test
    void theSameStateIsNotWrittenAgain() throws Exception {
        store().write("test", aState(out));
        Path file = store().directory().resolve("test.json");
        FileTime longAgo = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(file, longAgo);

        store().write("test", aState(out));
        assertThat(Files.getLastModifiedTime(file)).isEqualTo(longAgo);

        store().write("test", StageState.empty());
        assertThat(Files.getLastModifiedTime(file)).isNotEqualTo(longAgo);
        assertThat(store().read("test").state()).isEqualTo(StageState.empty());
    }

    @Test
    void anOutputIsIntactOnlyWhileItHasTheBytesItWasWrittenWith() throws Exception {
        Path file = out.resolve("compiled/cmd.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{}\n");
        OutputFile output = OutputFile.of(out, file);
        assertThat(output.path()).isEqualTo("compiled/cmd.json");
        assertThat(output.isIntact(out)).isTrue();

        Files.writeString(file, "{ }\n");
        assertThat(output.isIntact(out)).isFalse();
        Files.delete(file);
        assertThat(output.isIntact(out)).isFalse();
        // a path from a tampered state file never reaches outside the output directory
        assertThat(new OutputFile("../outside.txt", output.sha256()).isIntact(out.resolve("compiled"))).isFalse();
    }
}
