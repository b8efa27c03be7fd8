package io.ruleforge.pipeline;

import io.ruleforge.report.Baseline;
import io.ruleforge.report.StageLines;
import java.util.Optional;

import io.ruleforge.bundle.VersionLock;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.rule.Rule;
import io.ruleforge.validate.ValidationResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every entry point runs on every rule, every time, found (see {@code Ruleforge#check()}).
 *
 * @param loadAndSchema    loading and schema findings
 * @param queryErrors      the query errors of rules with schema errors
 * @param lockDiagnostics  the version lock's findings
 * @param ruleFileStems    the file name without extension of every rule file found, valid or not: the names
 *                         fixture folders may have
 * @param filesFound       how many rule files were found, those that cannot be read or do not load included
 * @param baseline         the warnings the team accepted ({@link Baseline#FILE_NAME} beside the rules), if any
 * @param baselineNames    how findings' files are named in the baseline
 */
record CheckedRules(List<Diagnostic> loadAndSchema, ValidationResult validation, List<Diagnostic> queryErrors,
                       VersionLock lock, List<Diagnostic> lockDiagnostics, Set<String> ruleFileStems, int filesFound,
                       Optional<Baseline> baseline, Baseline.FileNames baselineNames) {

    CheckedRules {
        ruleFileStems = Set.copyOf(ruleFileStems);
    }

    /**
     * Rules that write the same compiled file and test report as another (the same file name in two folders).
     * They are never replayed: recomputed in order, the last one's outputs win, as in a full build.
     */
    Set<String> sharedFileStems() {
        Map<String, Long> counts = validation.rules().stream().collect(Collectors.groupingBy(Rule::fileStem, Collectors.counting()));
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).collect(Collectors.toSet());
    }

    /** Rule files that got as far as compilation: the valid ones, and those compiled for their query errors. */
    int ruleFiles() {
        return validation.rules().size() + validation.rulesWithErrors().size();
    }

    /**
     * Every finding, in the order a full build reports them whichever rules were replayed: the sort is stable,
     * so findings at the same position keep the order in which the stages found them.
     */
    List<Diagnostic> diagnostics(List<RuleCompilation> compiled, List<Diagnostic> testDiagnostics) {
        List<Diagnostic> all = allDiagnostics(compiled, testDiagnostics);
        return baseline.map(b -> b.apply(all, baselineNames).kept()).orElse(all);
    }

    /**
     * E.g. {@code 98 baselined warnings remain (not reported; rules/ruleforge-baseline.json)}; empty without a baseline.
     *
     * @param tested whether this stage tested the rules: only then can it find the test stage's warnings (RF6xxx),
     *               which a stage that does not test must not count as fixed
     */
    Optional<String> baselineSummary(List<RuleCompilation> compiled, List<Diagnostic> testDiagnostics, boolean tested,
                                     String baselineFile) {
        return baseline.map(b -> {
            int n = b.apply(allDiagnostics(compiled, testDiagnostics), baselineNames).baselined();
            int findable = tested ? b.size() : b.size(code -> !code.startsWith(TEST_STAGE_CODES));
            // of the warnings this stage can find, those it did not find were fixed
            return StageLines.baselinedRemaining(n, findable - n, baselineFile);
        });
    }

    /** The codes of fixtures and test runs, which only the test stage finds. */
    private static final String TEST_STAGE_CODES = "RF6";

    /** Every finding, the baseline's included: what `ruleforge baseline` records. */
    List<Diagnostic> allDiagnostics(List<RuleCompilation> compiled, List<Diagnostic> testDiagnostics) {
        List<Diagnostic> all = new ArrayList<>(loadAndSchema);
        compiled.forEach(c -> all.addAll(c.diagnostics()));
        all.addAll(queryErrors);
        all.addAll(lockDiagnostics);
        all.addAll(testDiagnostics);
        all.sort(Diagnostic.BY_POSITION);
        return all;
    }
}
