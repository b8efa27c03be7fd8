package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.util.List;

/** One ES|QL aggregate function (STATS): its result type, and its value over the rows of one group. */
public interface AggregateFunction {

    /** The result type; an {@link IllegalArgumentException} says why these argument types are refused. */
    DataType returnType(List<DataType> argumentTypes);

    /**
     * The result cell over a group: {@code rows} holds, per row of the group, the cells of the arguments (for
     * {@code COUNT(*)}, no arguments at all).
     */
    Object aggregate(List<List<Object>> rows, List<DataType> argumentTypes);
}
