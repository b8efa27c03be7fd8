package io.ruleforge.ql;

/**
 * The binary arithmetic operators of EQL and ES|QL, which write them alike ({@code +}, {@code -}, {@code *},
 * {@code /}, {@code %}); what they do with types (ES|QL's date arithmetic, EQL's integer division) stays with each
 * language's verifier and evaluator.
 */
public enum ArithmeticOperator {
    ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%");

    private final String symbol;

    ArithmeticOperator(String symbol) {
        this.symbol = symbol;
    }

    /** The operator as both languages write it. */
    public String symbol() {
        return symbol;
    }
}
