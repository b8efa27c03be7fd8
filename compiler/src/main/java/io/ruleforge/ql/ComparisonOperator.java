package io.ruleforge.ql;

/**
 * The binary comparison operators of EQL and ES|QL, which write and mean them alike ({@code ==}, {@code !=},
 * {@code <}, {@code <=}, {@code >}, {@code >=}); each language's evaluator keeps its own null and type rules.
 * KQL's range operators are not these: they are a range query's bounds, with no equality.
 */
public enum ComparisonOperator {
    EQ("=="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">=");

    private final String symbol;

    ComparisonOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as both languages write it. */
    public String symbol() {
        return symbol;
    }
}
