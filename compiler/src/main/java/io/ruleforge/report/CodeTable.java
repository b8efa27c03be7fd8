package io.ruleforge.report;

import io.ruleforge.diag.Code;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The diagnostic code registry ({@link Code}) as people read it: the README's table, the CLI's list and explanation. */
public final class CodeTable {

    private CodeTable() {
    }

    /** The README's table of codes, one row per registered code, in code order. */
    public static List<String> markdown() {
        List<String> lines = new ArrayList<>();
        lines.add("| code | default severity | what |");
        lines.add("| --- | --- | --- |");
        for (Code code : Arrays.stream(Code.values()).sorted().toList()) {
            lines.add("| `" + code.id() + "` | " + severity(code) + " | " + code.title().replace("|", "\\|") + " |");
        }
        return lines;
    }

    /** {@code ruleforge explain} without a code: every code, its severity and title. */
    public static List<String> plainLines() {
        return Arrays.stream(Code.values())
                .map(code -> String.format(Locale.ROOT, "%s  %-7s  %s", code.id(), severity(code), code.title())).toList();
    }

    /** {@code ruleforge explain RF2009}: the title line, then the help. */
    public static List<String> explanation(Code code) {
        return List.of(code.id() + " (" + severity(code) + "): " + code.title(), "", code.help());
    }

    private static String severity(Code code) {
        return code.severity().label();
    }
}
