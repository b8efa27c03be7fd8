package io.ruleforge.evaluate.esql;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads Elasticsearch's csv-spec test files (format described in {@code shared/conformance/esql/README.md}): each
 * test is a name, optional {@code required_capability:} / {@code ignoreOrder:} / {@code warning:} lines, the query
 * ending with {@code ;} at the end of a line, the expected table, and a line holding {@code ;}.
 */
record CsvSpec(String file, String name, int line, List<String> capabilities, boolean ignoreOrder, List<String> warnings,
               String query, String header, List<String> rows) {

    static List<CsvSpec> parse(String file, String text) {
        List<CsvSpec> out = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        int i = 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            if (line.isEmpty() || isComment(line)) {
                i++;
                continue;
            }
            String name = line;
            int nameLine = i + 1;
            i++;
            List<String> capabilities = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            boolean ignoreOrder = false;
            StringBuilder query = new StringBuilder();
            while (i < lines.length) {
                String l = lines[i].strip();
                i++;
                if (query.length() == 0) {
                    if (l.startsWith("required_capability:")) {
                        capabilities.add(l.substring("required_capability:".length()).strip());
                        continue;
                    }
                    if (l.startsWith("ignoreOrder:")) {
                        ignoreOrder = l.endsWith("true");
                        continue;
                    }
                    if (l.startsWith("warning:") || l.startsWith("warningRegex:")) {
                        warnings.add(l);
                        continue;
                    }
                    if (l.startsWith("skip_flattened_rewrite:") || l.startsWith("request_stored:") || l.isEmpty()) {
                        continue;
                    }
                }
                if (isComment(l)) {
                    continue;
                }
                query.append(query.length() == 0 ? "" : "\n").append(lines[i - 1].stripTrailing());
                if (l.endsWith(";")) {
                    break;
                }
            }
            String q = query.toString().strip();
            q = q.substring(0, Math.max(0, q.length() - 1)).strip();
            String header = null;
            List<String> rows = new ArrayList<>();
            while (i < lines.length) {
                String l = lines[i].strip();
                i++;
                if (l.equals(";")) {
                    break;
                }
                if (l.isEmpty() || isComment(l)) {
                    continue;
                }
                if (header == null && l.startsWith("ignoreOrder:")) {
                    ignoreOrder = l.endsWith("true");
                    continue;
                }
                if (header == null && (l.startsWith("warning:") || l.startsWith("warningRegex:"))) {
                    warnings.add(l);
                    continue;
                }
                if (header == null) {
                    header = l;
                } else {
                    rows.add(l);
                }
            }
            out.add(new CsvSpec(file, name, nameLine, capabilities, ignoreOrder, warnings, q, header, rows));
        }
        return out;
    }

    /**
     * A comment line, anywhere in a spec (Elasticsearch's spec reader skips these before it reads a test): a
     * {@code #} line before a test's {@code required_capability:} lines was read as the start of its query.
     */
    private static boolean isComment(String strippedLine) {
        return strippedLine.startsWith("//") || strippedLine.startsWith("#");
    }

    /** Splits a header or row at {@code |} separators outside brackets; {@code \|} is a literal bar. */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length() && line.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']') {
                depth = Math.max(0, depth - 1);
            } else if (c == '|' && depth == 0) {
                out.add(cell.toString().strip());
                cell.setLength(0);
                continue;
            }
            cell.append(c);
        }
        out.add(cell.toString().strip());
        return out;
    }
}
