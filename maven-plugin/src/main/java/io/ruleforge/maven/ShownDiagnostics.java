package io.ruleforge.maven;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;

import org.apache.maven.project.MavenProject;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warnings and notes the ruleforge goals already printed in this build of one output directory, each with the
 * goal that printed it. Every build goal validates every rule again, so without this a build printed each warning
 * once per goal; with it the first goal prints it and later goals count it. A goal run alone prints everything.
 * Errors are always printed: they are what fails the goal.
 *
 * <p>The record of a build lives in the Maven project's context, which lasts as long as the build of that project
 * in one Maven session, keyed by the output directory (two executions writing elsewhere are two rule sets). It is
 * replaced, never changed.
 *
 * @param shownBy each shown diagnostic's text ({@link Diagnostic#format()}) and the goal that printed it
 */
record ShownDiagnostics(Map<String, String> shownBy) {

    static final ShownDiagnostics NONE = new ShownDiagnostics(Map.of());

    ShownDiagnostics {
        shownBy = Map.copyOf(shownBy);
    }

    /**
     * What a goal prints of its diagnostics.
     *
     * @param toPrint  the diagnostics to print in full, in their order
     * @param repeated per earlier goal, what it already printed of them
     * @param after    the record once this goal has printed {@code toPrint}
     */
    record Split(List<Diagnostic> toPrint, List<Repeated> repeated, ShownDiagnostics after) {
        Split {
            toPrint = List.copyOf(toPrint);
            repeated = List.copyOf(repeated);
        }
    }

    /** Diagnostics an earlier goal printed: counted in one line instead of printed again. */
    record Repeated(String shownBy, int warnings, int notes) {

        /** "4 warnings, shown by ruleforge:validate", "1 warning and 2 notes, shown by ruleforge:test". */
        String line() {
            List<String> parts = new ArrayList<>();
            if (warnings > 0) {
                parts.add(warnings + " warning" + (warnings == 1 ? "" : "s"));
            }
            if (notes > 0) {
                parts.add(notes + " note" + (notes == 1 ? "" : "s"));
            }
            return String.join(" and ", parts) + ", shown by " + shownBy;
        }
    }

    /** The record of this build of {@code project} into {@code outputDirectory}: nothing shown yet in a new build. */
    static ShownDiagnostics of(MavenProject project, File outputDirectory) {
        return project.getContextValue(key(outputDirectory)) instanceof ShownDiagnostics shown ? shown : NONE;
    }

    /** Keeps this record for the later goals of this build of {@code project} into {@code outputDirectory}. */
    void keep(MavenProject project, File outputDirectory) {
        project.setContextValue(key(outputDirectory), this);
    }

    private static String key(File outputDirectory) {
        return ShownDiagnostics.class.getName() + ":" + outputDirectory.getAbsoluteFile().toPath().normalize();
    }

    /** Splits the diagnostics of {@code goal} into those to print and those an earlier goal printed. */
    Split split(List<Diagnostic> diagnostics, String goal) {
        List<Diagnostic> toPrint = new ArrayList<>();
        Map<String, List<Diagnostic>> repeatedByGoal = new LinkedHashMap<>();
        Map<String, String> after = new LinkedHashMap<>(shownBy);
        for (Diagnostic d : diagnostics) {
            String text = d.format();
            String earlier = shownBy.get(text);
            if (d.isError() || earlier == null) {
                toPrint.add(d);
                if (!d.isError()) {
                    after.putIfAbsent(text, goal);
                }
            } else {
                repeatedByGoal.computeIfAbsent(earlier, g -> new ArrayList<>()).add(d);
            }
        }
        List<Repeated> repeated = new ArrayList<>();
        repeatedByGoal.forEach((earlier, ds) -> repeated.add(new Repeated(earlier,
                (int) ds.stream().filter(d -> d.severity() == Severity.WARNING).count(),
                (int) ds.stream().filter(d -> d.severity() == Severity.INFO).count())));
        return new Split(toPrint, repeated, new ShownDiagnostics(after));
    }
}
