package io.ruleforge.evaluate.esql;

import java.util.List;

/**
 * The result of an ES|QL query: its columns, its rows (each cell null, a value, or a list for a multi-value), the
 * {@code _id} of the source document each row came from when it still stands for one (null after STATS), and
 * Elasticsearch's response warnings.
 */
public record EsqlResult(List<Column> columns, List<List<Object>> rows, List<String> rowIds, List<String> warnings) {
    public EsqlResult {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        rowIds = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rowIds));
        warnings = List.copyOf(warnings);
    }
}
