package io.ruleforge.evaluate.esql;

/**
 * One row flowing through the pipeline: its cells in the current column order, and the source document it still
 * stands for (null once STATS has grouped rows, or for ROW).
 */
record Row(Object[] cells, SourceRow source) {

    Object cell(int index) {
        return cells[index];
    }

    Row with(Object[] newCells) {
        return new Row(newCells, source);
    }
}
