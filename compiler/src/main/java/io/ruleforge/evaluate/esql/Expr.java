package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

/** A planned expression: its type is known before any row is read, so empty results still have typed columns. */
interface Expr {

    DataType type();

    /** The cell for one row: null, one value, or a multi-value list. */
    Object eval(Row row);

    /** A constant expression's value (literals, and expressions over them), for patterns and intervals. */
    default boolean isConstant() {
        return false;
    }

    static Expr constant(DataType type, Object value) {
        return new Expr() {
            @Override
            public DataType type() {
                return type;
            }

            @Override
            public Object eval(Row row) {
                return value;
            }

            @Override
            public boolean isConstant() {
                return true;
            }
        };
    }
}
