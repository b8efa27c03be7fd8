package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.util.ArrayList;
import java.util.List;

/**
 * A csv-spec dataset (Elasticsearch's {@code employees.csv} form) as an index: a header {@code name:type,…}, then one
 * line per document; cells are trimmed, an empty cell is null, {@code [a,b]} is a multi-value, and a field typed
 * {@code a.b} below a field {@code a} is a multi-field of it, as the dataset's mapping makes it. A bad header or
 * value is a {@link DatasetException} naming the line and column.
 */
public final class CsvDataset {

    /** A malformed dataset: {@link #line()} and {@link #column()} are 1-based. */
    public static final class DatasetException extends Exception {
        private final int line;
        private final int column;

        public DatasetException(int line, int column, String message) {
            super(message);
            this.line = line;
            this.column = column;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    private CsvDataset() {
    }

    public static EsqlIndex read(String name, boolean anyPattern, String text) throws DatasetException {
        String[] lines = text.split("\r?\n", -1);
        if (lines.length == 0 || lines[0].isBlank()) {
            throw new DatasetException(1, 1, "expected a header of name:type columns, found an empty line");
        }
        List<Column> columns = new ArrayList<>();
        List<String> precisions = new ArrayList<>(); // the field type as written: float and half_float store less
        List<String> header = split(lines[0]);
        int at = 1;
        for (String h : header) {
            int colon = h.lastIndexOf(':');
            if (colon <= 0) {
                throw new DatasetException(1, at, "expected name:type, found \"" + h.trim() + "\"");
            }
            String type = h.substring(colon + 1).trim();
            DataType t = ColumnTypes.ofSpecName(type).orElseThrow(() -> new DatasetException(1, 1,
                    "unknown type \"" + type + "\" in the header column \"" + h.trim() + "\""));
            columns.add(new Column(h.substring(0, colon).trim(), t == DataType.DATE_NANOS ? DataType.DATETIME : t));
            precisions.add(type.toLowerCase(java.util.Locale.ROOT));
            at += h.length() + 1;
        }
        List<SourceRow> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            List<String> cells = split(lines[i]);
            if (cells.size() != columns.size()) {
                throw new DatasetException(i + 1, 1, "expected " + columns.size() + " values, found " + cells.size());
            }
            List<Object> values = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                values.add(stored(cell(cells.get(c), columns.get(c).type(), i + 1, c + 1), precisions.get(c)));
            }
            rows.add(new SourceRow(values, String.valueOf(rows.size() + 1), null));
        }
        List<Column> sorted = new ArrayList<>(columns);
        sorted.sort((a, b) -> Values.compareCodePoints(a.name(), b.name()));
        List<SourceRow> reordered = new ArrayList<>();
        for (SourceRow row : rows) {
            List<Object> cells = new ArrayList<>();
            for (Column c : sorted) {
                cells.add(row.cells().get(columns.indexOf(c)));
            }
            reordered.add(new SourceRow(cells, row.id(), null));
        }
        return new EsqlIndex(name, anyPattern, sorted, reordered);
    }

    /** Splits at commas outside brackets and double quotes; quotes around a cell are removed. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && depth == 0) {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                    continue;
                }
                quoted = !quoted;
                continue;
            }
            if (!quoted && c == '[') {
                depth++;
            } else if (!quoted && c == ']') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
                continue;
            }
            cell.append(c);
        }
        out.add(cell.toString());
        return out;
    }

    /** A double as a float or half_float field stores it: what ES|QL reads back is the rounded value. */
    private static Object stored(Object cell, String fieldType) {
        if (cell == null || !(fieldType.equals("float") || fieldType.equals("half_float"))) {
            return cell;
        }
        List<Object> out = new ArrayList<>();
        for (Object v : Values.list(cell)) {
            double d = (Double) v;
            out.add(fieldType.equals("float") ? (double) (float) d : halfFloat(d));
        }
        return Values.cell(out);
    }

    /** The nearest IEEE half-precision value (10 mantissa bits, ties to even), for normal-range values. */
    static double halfFloat(double d) {
        if (d == 0 || Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        int exponent = Math.max(Math.getExponent(d), -14);
        double ulp = Math.scalb(1.0, exponent - 10);
        return Math.rint(d / ulp) * ulp;
    }

    private static Object cell(String raw, DataType type, int line, int column) throws DatasetException {
        String t = raw.trim();
        if (t.isEmpty()) {
            return null;
        }
        List<String> parts;
        if (t.startsWith("[") && t.endsWith("]")) {
            parts = new ArrayList<>();
            for (String p : t.substring(1, t.length() - 1).split(",", -1)) {
                parts.add(p.trim());
            }
        } else {
            parts = List.of(t);
        }
        List<Object> values = new ArrayList<>();
        for (String p : parts) {
            if (p.isEmpty()) {
                continue;
            }
            Object v = Values.parse(p, type).orElseThrow(() -> new DatasetException(line, column,
                    "\"" + p + "\" is not a " + ColumnTypes.specName(type)));
            values.add(v);
        }
        return EventIndex.normalized(values, type);
    }
}
