package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.util.List;

/**
 * One ES|QL scalar function: its result type from its arguments' types, and its value for one row's argument
 * cells (each null, one value or a multi-value list).
 */
public interface ScalarFunction {

    /** The result type; an {@link IllegalArgumentException} says why these argument types are refused. */
    DataType returnType(List<DataType> argumentTypes);

    /** The result cell; an {@link EvaluationFailure} makes it null with a warning. */
    Object apply(List<Object> arguments, List<DataType> argumentTypes, EvaluationContext context);
}
