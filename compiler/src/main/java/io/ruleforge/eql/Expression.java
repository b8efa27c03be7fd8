package io.ruleforge.eql;

import io.ruleforge.ql.ArithmeticOperator;
import io.ruleforge.ql.ComparisonOperator;
import io.ruleforge.ql.Node;
import io.ruleforge.ql.SourceSpan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * A node of an EQL condition or join key. Immutable; every node knows where it stands in the query text and its
 * sub-expressions ({@link #children()}), so that questions about a whole expression are asked with the {@link Node}
 * traversals.
 */
public sealed interface Expression extends Node<Expression> permits Expression.Literal, Expression.Field, Expression.Not, Expression.And,
        Expression.Or, Expression.Comparison, Expression.Arithmetic, Expression.Negate, Expression.In,
        Expression.Match, Expression.FunctionCall {

    SourceSpan span();

    /**
     * Whether the expression reads a field anywhere, i.e. cannot fold to a constant, as Elasticsearch's optimizer
     * folds every field-free expression ({@code 1 == 1}, {@code not true}, {@code length("a") > 0}) before it builds
     * a query.
     *
     * @param isRead which field references count (Elasticsearch replaces an optional field that the mapping lacks by
     *               null, so that one does not)
     */
    default boolean readsField(Predicate<? super Field> isRead) {
        return anyMatch(e -> e instanceof Field f && isRead.test(f));
    }

    /** Whether the expression reads any field at all; if not, it folds to a constant. */
    default boolean readsField() {
        return readsField(f -> true);
    }

    /**
     * A constant.
     *
     * @param value a {@link String}, {@link Long}, {@link Double}, {@link Boolean}, or null for {@code null}
     */
    record Literal(Object value, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of();
        }

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
    record Field(String path, boolean optional, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of();
        }
    }

    record Not(Expression operand, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(operand);
        }
    }

    /** {@code a and b and c}: one n-ary node per chain. */
    record And(List<Expression> operands, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return operands;
        }

        public And {
            operands = List.copyOf(operands);
        }
    }

    record Or(List<Expression> operands, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return operands;
        }

        public Or {
            operands = List.copyOf(operands);
        }
    }

    record Comparison(ComparisonOperator operator, Expression left, Expression right, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(left, right);
        }
    }

    record Arithmetic(ArithmeticOperator operator, Expression left, Expression right, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(left, right);
        }
    }

    /** Unary minus. (Unary plus leaves its operand unchanged and has no node.) */
    record Negate(Expression operand, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(operand);
        }
    }

    /**
     * {@code value [not] in (…)} and {@code value [not] in~ (…)}.
     *
     * @param caseInsensitive written {@code in~}
     * @param negated         written {@code not in}
     */
    record In(Expression value, List<Expression> candidates, boolean caseInsensitive, boolean negated, SourceSpan span)
            implements Expression {
        @Override
        public List<Expression> children() {
            return concat(value, candidates);
        }

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
    record Match(Expression value, MatchOperator operator, boolean caseInsensitive, List<Literal> patterns, SourceSpan span)
            implements Expression {
        @Override
        public List<Expression> children() {
            return concat(value, patterns);
        }

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
    record FunctionCall(String name, String writtenName, boolean caseInsensitive, List<Expression> arguments, SourceSpan span)
            implements Expression {
        @Override
        public List<Expression> children() {
            return arguments;
        }

        public FunctionCall {
            arguments = List.copyOf(arguments);
            name = name.toLowerCase(Locale.ROOT);
        }
    }

    private static List<Expression> concat(Expression first, List<? extends Expression> rest) {
        List<Expression> all = new ArrayList<>(rest.size() + 1);
        all.add(first);
        all.addAll(rest);
        return List.copyOf(all);
    }
}
