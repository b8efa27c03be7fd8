package io.ruleforge.diff;

import java.util.List;

/**
 * The diff as Markdown to paste into a pull-request comment: a summary table, then one section per changed rule
 * that starts with what the change does to detection (events whose verdict flips).
 */
public final class DiffMarkdown {

    public String render(DiffReport report) {
        StringBuilder md = new StringBuilder();
        md.append("## ruleforge: rule changes");
        if (!report.head().equals(DiffReport.WORKING_TREE)) {
            md.append(" in ").append(code(report.head()));
        }
        md.append(" against ").append(code(report.base())).append("\n\n");
        md.append("| rules | count |\n| --- | ---: |\n");
        md.append("| added | ").append(report.added().size()).append(" |\n");
        md.append("| removed | ").append(report.removed().size()).append(" |\n");
        md.append("| changed | ").append(report.changed().size()).append(" |\n");
        md.append("| unchanged | ").append(report.unchanged()).append(" |\n");
        long flipping = report.changed().stream().filter(c -> !c.flips().isEmpty()).count();
        long unbumped = report.changed().stream().filter(c -> !c.version().ok()).count();
        md.append("\n").append(flipping).append(" changed rule").append(flipping == 1 ? "" : "s")
                .append(" now decide").append(flipping == 1 ? "s" : "").append(" some event differently");
        if (unbumped > 0) {
            md.append("; **").append(unbumped).append(" changed without the version bump Kibana needs to update it**");
        }
        md.append(".\n");
        refs(md, "Added", report.added());
        refs(md, "Removed", report.removed());
        if (!report.moved().isEmpty()) {
            md.append("\n### Moved\n\n");
            for (DiffReport.RuleMove m : report.moved()) {
                md.append("- **").append(text(m.name())).append("** (").append(code(m.ruleId())).append(") — ")
                        .append(code(m.from())).append(" → ").append(code(m.to()))
                        .append(stem(m.from()).equals(stem(m.to())) ? "\n"
                                : " (its fixtures folder is named after the file: move it from " + code(stem(m.from()))
                                + " to " + code(stem(m.to())) + ")\n");
            }
        }
        for (RuleChange change : report.changed()) {
            rule(md, change);
        }
        return md.toString();
    }

    private static void refs(StringBuilder md, String title, List<DiffReport.RuleRef> rules) {
        if (rules.isEmpty()) {
            return;
        }
        md.append("\n### ").append(title).append("\n\n");
        for (DiffReport.RuleRef r : rules) {
            md.append("- **").append(text(r.name())).append("** (").append(code(r.ruleId())).append(") — ")
                    .append(code(r.file())).append("\n");
        }
    }

    private static void rule(StringBuilder md, RuleChange c) {
        md.append("\n### Changed: ").append(text(c.name())).append("\n\n");
        md.append(code(c.ruleId())).append(" — ").append(code(c.file())).append("\n\n");
        md.append("**Detection:** ");
        if (c.eventsTested() == 0) {
            md.append("not evaluated (no compiled DSL on both sides, or no fixture events).\n");
        } else if (c.flips().isEmpty()) {
            md.append("no fixture or generated event changes verdict (").append(c.eventsTested()).append(" evaluated).\n");
        } else {
            md.append(c.flips().size()).append(" of ").append(c.eventsTested()).append(" events change verdict.\n\n");
            md.append("| event | before | after |\n| --- | --- | --- |\n");
            for (RuleChange.Flip f : c.flips()) {
                md.append("| ").append(text(f.event())).append(" | ").append(f.firedBefore() ? "fires" : "quiet")
                        .append(" | **").append(f.direction()).append("** |\n");
            }
        }
        RuleChange.QueryChange q = c.query();
        if (q.textChanged()) {
            md.append("\n**Query:** ");
            if (!q.meaningChanged()) {
                md.append("reformatted or reordered only — same meaning.\n");
            } else {
                md.append("meaning changed.\n");
                q.added().forEach(a -> md.append("- added: ").append(code(a)).append("\n"));
                q.removed().forEach(r -> md.append("- removed: ").append(code(r)).append("\n"));
            }
        }
        if (!c.fields().isEmpty()) {
            md.append("\n**Fields:**\n\n| field | before | after |\n| --- | --- | --- |\n");
            for (RuleChange.FieldChange f : c.fields()) {
                md.append("| ").append(cellCode(f.field())).append(" | ").append(value(f.before())).append(" | ")
                        .append(value(f.after())).append(" |\n");
            }
        }
        RuleChange.VersionCheck v = c.version();
        md.append("\n**Version:** ").append(v.base()).append(" → ").append(v.head());
        if (!v.ok()) {
            md.append(" — ✗ the deployable content changed but the version did not go up: Kibana will not update the "
                    + "installed rule. Run `mvn ruleforge:lock` or `ruleforge lock`.");
        } else if (v.bumpRequired()) {
            md.append(" ✓");
        }
        md.append("\n");
        details(md, "DSL diff", c.dslDiff());
        details(md, "EQL diff", c.eqlDiff());
    }

    private static void details(StringBuilder md, String title, List<String> diff) {
        if (diff.isEmpty()) {
            return;
        }
        // a fence longer than any run of backticks in the diff, so no line of it can close the block
        String fence = "`".repeat(Math.max(3, longestBacktickRun(String.join("\n", diff)) + 1));
        md.append("\n<details><summary>").append(title).append("</summary>\n\n").append(fence).append("diff\n");
        diff.forEach(line -> md.append(line).append("\n"));
        md.append(fence).append("\n\n</details>\n");
    }

    private static String value(String json) {
        return json == null ? "*(absent)*" : cellCode(json.length() > 120 ? json.substring(0, 117) + "..." : json);
    }

    /**
     * User text (rule names, fixture comments) as Markdown that shows it as written: GitHub would otherwise take
     * {@code <base64>} for an HTML tag and drop it, {@code *} and {@code _} for emphasis, {@code |} for a table
     * cell's end; a line break would end the table row.
     */
    static String text(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.replaceAll("\\R", " ").toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\\', '`', '*', '_', '[', ']', '|', '~' -> out.append('\\').append(c);
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Text as a code span, shown exactly: inside one Markdown and HTML mean nothing, and a backtick in the text
     * is kept by fencing the span with more backticks than the text's longest run of them.
     */
    static String code(String s) {
        String flat = s.replaceAll("\\R", " ");
        String fence = "`".repeat(longestBacktickRun(flat) + 1);
        String pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
        return fence + pad + flat + pad + fence;
    }

    /** A code span in a table cell, where GitHub ends the cell at any {@code |} not escaped, even inside the span. */
    private static String cellCode(String s) {
        return code(s.replace("|", "\\|"));
    }

    private static int longestBacktickRun(String s) {
        int longest = 0;
        int run = 0;
        for (char c : s.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    /** A rule file's name without folder or extension: what its fixtures folder is named (net/x.toml → x). */
    private static String stem(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
