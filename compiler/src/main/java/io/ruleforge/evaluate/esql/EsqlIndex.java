package io.ruleforge.evaluate.esql;

import java.util.List;

/**
 * An index FROM can read: its name, its columns (the mapped fields, in name order, as ES|QL lists them) and its
 * documents. {@code anyPattern} makes it answer every FROM pattern: fixture events stand for "the rule's indices",
 * whatever names the rule gives them.
 */
public record EsqlIndex(String name, boolean anyPattern, List<Column> columns, List<SourceRow> rows) {
    public EsqlIndex {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
