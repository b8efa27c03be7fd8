package io.ruleforge.report;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The summary lines of the stages, in words: what each run did, for the console and the build log. */
public final class StageLines {

    private StageLines() {
    }

    /** {@code 0 errors, 4 warnings}. */
    public static String tally(List<Diagnostic> diagnostics) {
        long errors = diagnostics.stream().filter(d -> d.severity() == Severity.ERROR).count();
        long warnings = diagnostics.stream().filter(d -> d.severity() == Severity.WARNING).count();
        return errors + " error" + plural(errors) + ", " + warnings + " warning" + plural(warnings);
    }

    /** {@code s} unless {@code n} is one. */
    public static String plural(long n) {
        return n == 1 ? "" : "s";
    }

    /**
     * {@code 5 rules validated: 0 errors, 4 warnings}; with rule files that did not load or failed the schema,
     * {@code 4 rules validated, 1 rule file refused: 2 errors, 4 warnings}, so the count adds up to the files found.
     */
    public static String validated(int rules, int filesFound, List<Diagnostic> diagnostics) {
        int refused = Math.max(0, filesFound - rules);
        return rules + " rule" + plural(rules) + " validated"
                + (refused == 0 ? "" : ", " + refused + " rule file" + plural(refused) + " refused") + ": " + tally(diagnostics);
    }

    /**
     * {@code 5 rules compiled (Kibana 8.12, fields: ecs-9.4.0) to target/ruleforge/compiled: 0 errors, 4 warnings},
     * or why the compiled queries were not written.
     */
    public static String compiled(Optional<String> withheld, int compiledFiles, String kibana, String fields, Path directory,
                                  List<Diagnostic> diagnostics) {
        String result = withheld.map(why -> "compiled queries not written (" + why + ")")
                .orElse(compiledFiles + " rule" + plural(compiledFiles) + " compiled (Kibana " + kibana + ", fields: " + fields + ")"
                        + (compiledFiles == 0 ? "" : " to " + directory));
        return result + ": " + tally(diagnostics);
    }

    /** The test stage's line after the rules: the findings and where the reports are, or why they are not. */
    public static String testReports(List<Diagnostic> diagnostics, Optional<String> withheld, Path reportsDirectory,
                                     boolean whyWritten) {
        return "diagnostics: " + tally(diagnostics) + "; "
                + withheld.map(why -> "reports not written (" + why + ")" + (whyWritten ? "; "
                + reportsDirectory.resolve(JUnitXmlReport.WITHHELD_FILE) + " says why" : ""))
                .orElse("reports in " + reportsDirectory);
    }

    /** With an engine: what decided the verdicts. */
    public static String verdictsDecidedBy(String description) {
        return "verdicts decided by " + description;
    }

    /** Tests that could not run at all. */
    public static String fixturesNotRun(String why) {
        return "fixtures not run: " + why;
    }

    public static String bundleWithheld(String why, List<Diagnostic> diagnostics) {
        return "bundle not written (" + why + "): " + tally(diagnostics);
    }

    public static String bundleUnwritable(List<Diagnostic> diagnostics) {
        return bundleWithheld("it could not be written; the previous bundle is unchanged", diagnostics);
    }

    /**
     * {@code bundle: 5 rules written to …/bundle/rules.ndjson (with a manifest and one JSON per rule; zipped as
     * …/bundle.zip)}: the zip lies beside the folder, not in it.
     */
    public static String bundleWritten(int rules, Path ndjson, Path zip) {
        return "bundle: " + rules + " rule" + plural(rules) + " written to " + ndjson + bundleContents(zip);
    }

    public static String bundleUpToDate(int rules, Path ndjson, Path zip) {
        return "bundle up to date: " + rules + " rule" + plural(rules) + " in " + ndjson + bundleContents(zip);
    }

    private static String bundleContents(Path zip) {
        return " (with a manifest and one JSON per rule; zipped as " + zip + ")";
    }

    /** {@code toBump}: the changed rules whose bump waits for these errors to be fixed. */
    public static String lockWithheld(List<Diagnostic> blocking, int toBump) {
        return "version lock not written: " + tally(blocking) + (toBump == 0 ? "" : "; once fixed, lock bumps the "
                + toBump + " changed rule" + plural(toBump) + " whose version was not bumped");
    }

    public static String lockNotWritten() {
        return "version lock not written";
    }

    /** {@code bumped rules/cmd.toml (…) from version 2 to 3}, or {@code locked … at version 1}. */
    public static String lockChange(String ruleFile, String ruleId, int before, int after) {
        return (before == 0 ? "locked " : "bumped ") + ruleFile + " (" + ruleId + ") "
                + (before == 0 ? "at version " + after : "from version " + before + " to " + after);
    }

    public static String lockWritten(int rules, String lockFile, int changed) {
        return "version lock: " + rules + " rule" + plural(rules) + " in " + lockFile + ", " + changed + " changed";
    }

    public static String baselineWritten(long warnings, String baselineFile, boolean errors) {
        return "baseline of " + warnings + " warning" + plural(warnings) + " written to " + baselineFile
                + (errors ? "; errors are never baselined: fix them" : "");
    }

    /** {@code 98 baselined warnings remain (not reported; rules/ruleforge-baseline.json)}. */
    public static String baselinedRemaining(int warnings, int gone, String baselineFile) {
        return warnings + " baselined warning" + plural(warnings) + " remain" + (warnings == 1 ? "s" : "") + " (not reported; "
                + baselineFile + ")" + (gone == 0 ? "" : "; " + gone + " more no longer found: run `ruleforge baseline` (mvn"
                + " ruleforge:baseline) to drop " + (gone == 1 ? "it" : "them"));
    }

    public static String baselineNotWritten() {
        return "baseline not written";
    }

    public static String diffWritten(Path markdown, Path json) {
        return "diff written to " + markdown + " and " + json;
    }

    public static String diffNotWritten() {
        return "diff not written";
    }

    /** The diff was not written, and why. */
    public static String diffNotWritten(String reason) {
        return diffNotWritten() + ": " + reason;
    }
}
