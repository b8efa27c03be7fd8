package io.ruleforge.kql;

/** The four KQL comparison operators, named as Elasticsearch's range query names them. */
public enum RangeOperator {
    LT("<", "lt"),
    LTE("<=", "lte"),
    GT(">", "gt"),
    GTE(">=", "gte");

    private final String symbol;
    private final String dslName;

    RangeOperator(String symbol, String dslName) {
        this.symbol = symbol;
        this.dslName = dslName;
    }

    public String symbol() {
        return symbol;
    }

    public String dslName() {
        return dslName;
    }
}
