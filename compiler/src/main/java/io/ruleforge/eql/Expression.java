package io.ruleforge.eql;

import java.util.List;
import java.util.Locale;

/** A node of an EQL condition or join key. Immutable; every node knows where it stands in the query text. */
public sealed interface Expression permits Expression.Literal, Expression.Field, Expression.Not, Expression.And,
        Expression.Or, Expression.Comparison, Expression.Arithmetic, Expression.Negate, Expression.In,
        Expression.Match, Expression.FunctionCall {

    Span span();

    /**
     * A constant.
     *
     * @param value a {@link String}, {@link Long}, {@link Double}, {@link Boolean}, or null for {@code null}
     */
    record Literal(Object value, Span span) implements Expression {
        public boolean isString() {
            return value instanceof String;
        }

        public boolean isNumber() {
            return value instanceof Long || value instanceof Double;
        }

        public boolean isNull() {
            return value == null;
        }
    }

    /**
     * A field reference such as {@code process.name}, {@code `my-field`} or {@code ?process.parent.name}.
     *
     * @param path     the dotted field name with backtick quoting removed
     * @param optional written with the {@code ?} marker
     */
    record Field(String path, boolean optional, Span span) implements Expression {
    }

    record Not(Expression operand, Span span) implements Expression {
    }

    /** {@code a and b and c}: one n-ary node per chain. */
    record And(List<Expression> operands, Span span) implements Expression {
        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<Expression> operands, Span span) implements Expression {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    enum ComparisonOperator {
        EQ("=="), NEQ("!="), LT("<"), LTE("<="), GT(">"), GTE(">=");

        private final String symbol;

        ComparisonOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    record Comparison(ComparisonOperator operator, Expression left, Expression right, Span span) implements Expression {
    }

    enum ArithmeticOperator {
        ADD("+"), SUBTRACT("-"), MULTIPLY("*"), DIVIDE("/"), MODULO("%");

        private final String symbol;

        ArithmeticOperator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    record Arithmetic(ArithmeticOperator operator, Expression left, Expression right, Span span) implements Expression {
    }

    /** Unary minus. (Unary plus leaves its operand unchanged and has no node.) */
    record Negate(Expression operand, Span span) implements Expression {
    }

    /**
     * {@code value [not] in (…)} and {@code value [not] in~ (…)}.
     *
     * @param caseInsensitive written {@code in~}
     * @param negated         written {@code not in}
     */
    record In(Expression value, List<Expression> candidates, boolean caseInsensitive, boolean negated, Span span)
            implements Expression {
        public In {
            candidates = List.copyOf(candidates);
        }
    }

    /** The string-matching operators; {@code :} is case-insensitive by definition. */
    enum MatchOperator {
        /** {@code :} — wildcard match, always case-insensitive. */
        SEARCH(":"),
        LIKE("like"),
        REGEX("regex");

        private final String keyword;

        MatchOperator(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /**
     * {@code value : p}, {@code value like p}, {@code value regex~ (p1, p2)}…; a list means any pattern.
     *
     * @param caseInsensitive true for {@code :} and the {@code ~} variants
     * @param patterns        constants as written (the verifier checks that they are strings)
     */
    record Match(Expression value, MatchOperator operator, boolean caseInsensitive, List<Literal> patterns, Span span)
            implements Expression {
        public Match {
            patterns = List.copyOf(patterns);
        }
    }

    /**
     * A function call.
     *
     * @param name            the lower-cased function name (Elasticsearch looks functions up case-insensitively)
     * @param writtenName     the name as written, for messages
     * @param caseInsensitive written with {@code ~}, e.g. {@code startsWith~(…)}
     */
    record FunctionCall(String name, String writtenName, boolean caseInsensitive, List<Expression> arguments, Span span)
            implements Expression {
        public FunctionCall {
            arguments = List.copyOf(arguments);
            name = name.toLowerCase(Locale.ROOT);
        }
    }
}
