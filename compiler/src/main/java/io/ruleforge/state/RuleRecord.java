package io.ruleforge.state;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.report.RuleTestSummary;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one stage produced for one rule file whose inputs had {@code fingerprint}: enough to report the rule again,
 * exactly as computing it would, without computing it.
 *
 * @param compileDiagnostics what compiling the rule reported (its query, its fields)
 * @param testDiagnostics    what testing it reported (its fixtures); empty outside the test stage
 * @param outputs            the files written for it (compiled query, JUnit XML)
 * @param test               the test stage's summary of a tested rule; {@code null} otherwise
 */
public record RuleRecord(String fingerprint, List<Diagnostic> compileDiagnostics, List<Diagnostic> testDiagnostics,
                         List<OutputFile> outputs, RuleTestSummary test) {

    public RuleRecord {
        Objects.requireNonNull(fingerprint, "fingerprint");
        compileDiagnostics = List.copyOf(compileDiagnostics);
        testDiagnostics = List.copyOf(testDiagnostics);
        outputs = List.copyOf(outputs);
    }

    public Optional<RuleTestSummary> testSummary() {
        return Optional.ofNullable(test);
    }

    /** Whether this record stands for inputs with {@code current} fingerprint and its files are still as written. */
    public boolean isUpToDate(String current, Path outputDirectory) {
        return fingerprint.equals(current) && OutputFile.allIntact(outputs, outputDirectory);
    }
}
