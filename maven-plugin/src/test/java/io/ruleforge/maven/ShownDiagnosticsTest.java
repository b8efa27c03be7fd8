package io.ruleforge.maven;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShownDiagnosticsTest {

    private static final Diagnostic OLD_NAME = Diagnostic.warning("RF4106", new SourcePosition("src/rules/a.toml", 47, 8),
            "ATT&CK technique T1059 is named \"Command and Scripting Interpreter\" in v18.1, found \"Command-Line Interface\"");
    private static final Diagnostic REVOKED = Diagnostic.warning("RF4107", new SourcePosition("src/rules/b.toml", 41, 15),
            "ATT&CK technique T1117 \"Regsvr32\" is revoked");
    private static final Diagnostic NO_FIXTURES = Diagnostic.warning("RF6002", SourcePosition.ofFile("src/rules/c.toml"),
            "rule has no fixtures");
    private static final Diagnostic NOT_IN_EQL = new Diagnostic("RF3101", Severity.INFO, new SourcePosition("src/rules/a.toml", 20, 9),
            "the query has no EQL translation", "");
    private static final Diagnostic BAD_SCORE = Diagnostic.error("RF2006", new SourcePosition("src/rules/a.toml", 10, 14),
            "rule.risk_score must be between 0 and 100, found 101");

    @Test
    void theFirstGoalPrintsEverythingAndLaterGoalsCountWhatItPrinted() {
        ShownDiagnostics.Split validate = ShownDiagnostics.NONE.split(List.of(OLD_NAME, REVOKED), "ruleforge:validate");
        assertThat(validate.toPrint()).containsExactly(OLD_NAME, REVOKED);
        assertThat(validate.repeated()).isEmpty();

        ShownDiagnostics.Split compile = validate.after().split(List.of(OLD_NAME, REVOKED), "ruleforge:compile");
        assertThat(compile.toPrint()).isEmpty();
        assertThat(compile.repeated()).extracting(ShownDiagnostics.Repeated::line)
                .containsExactly("2 warnings, shown by ruleforge:validate");
    }

    @Test
    void aLaterGoalPrintsWhatIsNewAndCountsWhatEachEarlierGoalPrinted() {
        ShownDiagnostics afterValidate = ShownDiagnostics.NONE.split(List.of(OLD_NAME, NOT_IN_EQL), "ruleforge:validate").after();
        // the test goal adds a finding of its own
        ShownDiagnostics.Split test = afterValidate.split(List.of(OLD_NAME, NOT_IN_EQL, NO_FIXTURES), "ruleforge:test");
        assertThat(test.toPrint()).containsExactly(NO_FIXTURES);
        assertThat(test.repeated()).extracting(ShownDiagnostics.Repeated::line)
                .containsExactly("1 warning and 1 note, shown by ruleforge:validate");

        ShownDiagnostics.Split bundle = test.after().split(List.of(NO_FIXTURES, OLD_NAME), "ruleforge:bundle");
        assertThat(bundle.toPrint()).isEmpty();
        assertThat(bundle.repeated()).extracting(ShownDiagnostics.Repeated::line)
                .containsExactly("1 warning, shown by ruleforge:test", "1 warning, shown by ruleforge:validate");
    }

    @Test
    void errorsArePrintedByEveryGoalThatFindsThem() {
        ShownDiagnostics afterValidate = ShownDiagnostics.NONE.split(List.of(BAD_SCORE), "ruleforge:validate").after();
        ShownDiagnostics.Split again = afterValidate.split(List.of(BAD_SCORE), "ruleforge:validate");
        assertThat(again.toPrint()).containsExactly(BAD_SCORE);
        assertThat(again.repeated()).isEmpty();
    }

    @Test
    void theRecordLastsForOneProjectsBuildIntoOneOutputDirectory() {
        File out = new File("target/ruleforge");
        MavenProject build = new MavenProject();
        ShownDiagnostics.NONE.split(List.of(OLD_NAME), "ruleforge:validate").after().keep(build, out);

        assertThat(ShownDiagnostics.of(build, new File("target/../target/ruleforge")).split(List.of(OLD_NAME), "ruleforge:test").toPrint())
                .as("the same directory, spelled differently").isEmpty();
        assertThat(ShownDiagnostics.of(build, new File("target/other")).split(List.of(OLD_NAME), "ruleforge:test").toPrint())
                .as("another output directory: another rule set").containsExactly(OLD_NAME);
        // a goal run alone, in a build of its own (a new project instance), prints everything
        assertThat(ShownDiagnostics.of(new MavenProject(), out).split(List.of(OLD_NAME), "ruleforge:test").toPrint())
                .containsExactly(OLD_NAME);
    }
}
