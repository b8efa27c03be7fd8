package io.ruleforge.report;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which findings a console shows. Every error is shown; warnings and notes are grouped by code, the first few of
 * each shown and the rest counted ({@code RF4001 × 213 warnings — first 5 shown, all in the SARIF report}), so that
 * one noisy code cannot bury the others. Quiet shows only the findings that fail the build: errors, and warnings
 * when warnings fail it. Shared by the CLI and the Maven goals.
 *
 * @param shown       the findings to print, in their order
 * @param groupLines  one line per code with findings left out, then (quiet) what was left out
 */
public record FindingGroups(List<Diagnostic> shown, List<String> groupLines) {

    /** How many findings of one code (other than errors) are shown before the rest is only counted. */
    public static final int SHOWN_PER_CODE = 5;

    public FindingGroups {
        shown = List.copyOf(shown);
        groupLines = List.copyOf(groupLines);
    }

    /**
     * What a console shows of {@code diagnostics}: with {@code quiet} the errors only, and the warnings too (grouped)
     * when {@code warningsFail}, as they are what fails the build.
     */
    public static FindingGroups of(List<Diagnostic> diagnostics, boolean quiet, boolean warningsFail) {
        List<Diagnostic> shown = new ArrayList<>();
        Map<String, int[]> leftOut = new LinkedHashMap<>();
        Map<String, Integer> shownByCode = new LinkedHashMap<>();
        Map<String, Severity> severityByCode = new LinkedHashMap<>();
        int quietWarnings = 0;
        int quietNotes = 0;
        for (Diagnostic d : diagnostics) {
            if (d.isError()) {
                shown.add(d);
            } else if (quiet && !(warningsFail && d.severity() == Severity.WARNING)) {
                if (d.severity() == Severity.WARNING) {
                    quietWarnings++;
                } else {
                    quietNotes++;
                }
            } else {
                String key = d.code() + " " + d.severity().label();
                int already = shownByCode.merge(key, 1, Integer::sum);
                severityByCode.putIfAbsent(key, d.severity());
                if (already <= SHOWN_PER_CODE) {
                    shown.add(d);
                } else {
                    leftOut.computeIfAbsent(key, k -> new int[1])[0]++;
                }
            }
        }
        List<String> lines = new ArrayList<>();
        leftOut.forEach((key, more) -> {
            int total = shownByCode.get(key);
            String code = key.substring(0, key.indexOf(' '));
            lines.add(String.format(Locale.ROOT, "%s × %,d %s — first %d shown, all in the SARIF report", code, total,
                    plural(severityByCode.get(key), total), SHOWN_PER_CODE));
        });
        if (quietWarnings + quietNotes > 0) {
            List<String> leftOutCounts = new ArrayList<>();
            if (quietWarnings > 0 || !warningsFail) {
                leftOutCounts.add(String.format(Locale.ROOT, "%,d %s", quietWarnings, plural(Severity.WARNING, quietWarnings)));
            }
            leftOutCounts.add(String.format(Locale.ROOT, "%,d %s", quietNotes, plural(Severity.INFO, quietNotes)));
            lines.add(String.join(" and ", leftOutCounts) + " not shown (quiet); all in the SARIF report");
        }
        return new FindingGroups(shown, lines);
    }

    /** A finding as printed: its line, then its fix hint when it has one. */
    public static List<String> withHint(Diagnostic d) {
        return d.hint().isEmpty() ? List.of(d.format()) : List.of(d.format(), "    hint: " + d.hint());
    }

    private static String plural(Severity severity, int count) {
        String word = severity == Severity.WARNING ? "warning" : "note";
        return count == 1 ? word : word + "s";
    }
}
