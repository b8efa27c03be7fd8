package io.ruleforge.report;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.diag.SourcePosition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FindingGroupsTest {

    private static Diagnostic finding(String code, Severity severity, int line) {
        return new Diagnostic(code, severity, new SourcePosition("rules/r.toml", line, 1), "finding " + line, "");
    }

    private static List<Diagnostic> findings() {
        List<Diagnostic> all = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            all.add(finding("RF4001", Severity.WARNING, i));
        }
        all.add(finding("RF4107", Severity.WARNING, 20));
        all.add(finding("RF2005", Severity.ERROR, 30));
        for (int i = 40; i < 47; i++) {
            all.add(finding("RF2005", Severity.ERROR, i));
        }
        return all;
    }

    @Test
    void aNoisyCodeShowsItsFirstFindingsAndCountsTheRestWithoutBuryingTheOthers() {
        FindingGroups groups = FindingGroups.of(findings(), false, false);
        assertThat(groups.shown()).filteredOn(d -> d.code().equals("RF4001")).extracting(d -> d.position().line())
                .containsExactly(1, 2, 3, 4, 5);
        assertThat(groups.shown()).filteredOn(d -> d.code().equals("RF4107")).hasSize(1);
        // errors are never left out, however many
        assertThat(groups.shown()).filteredOn(Diagnostic::isError).hasSize(8);
        assertThat(groups.groupLines()).containsExactly("RF4001 × 8 warnings — first 5 shown, all in the SARIF report");
    }

    @Test
    void quietShowsErrorsOnlyAndSaysWhatItLeftOut() {
        List<Diagnostic> all = new ArrayList<>(findings());
        all.add(finding("RF3004", Severity.INFO, 50));
        FindingGroups groups = FindingGroups.of(all, true, false);
        assertThat(groups.shown()).allMatch(Diagnostic::isError).hasSize(8);
        assertThat(groups.groupLines()).containsExactly("9 warnings and 1 note not shown (quiet); all in the SARIF report");
    }

    @Test
    void quietStillShowsTheWarningsWhenTheyFailTheBuild() {
        List<Diagnostic> all = new ArrayList<>(findings());
        all.add(finding("RF3004", Severity.INFO, 50));
        FindingGroups groups = FindingGroups.of(all, true, true);
        assertThat(groups.shown()).filteredOn(d -> d.severity() == Severity.WARNING).extracting(d -> d.position().line())
                .containsExactly(1, 2, 3, 4, 5, 20);
        assertThat(groups.shown()).filteredOn(Diagnostic::isError).hasSize(8);
        assertThat(groups.groupLines()).containsExactly("RF4001 × 8 warnings — first 5 shown, all in the SARIF report",
                "1 note not shown (quiet); all in the SARIF report");
    }
}
