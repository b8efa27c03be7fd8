package io.ruleforge.esql.ast;

import io.ruleforge.ql.ArithmeticOperator;
import io.ruleforge.ql.ComparisonOperator;
import io.ruleforge.ql.Node;
import io.ruleforge.ql.SourceSpan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An ES|QL expression, unresolved: column names are not yet bound to types (the verifier does that per pipeline step).
 * Immutable; every node knows where it stands in the query text.
 */
public sealed interface Expression extends EsqlNode, Node<Expression> permits Expression.Literal, Expression.Column, Expression.Param,
        Expression.Star, Expression.Not, Expression.Logical, Expression.Comparison, Expression.Arithmetic,
        Expression.Negate, Expression.In, Expression.Like, Expression.IsNull, Expression.MatchOperator,
        Expression.FunctionCall, Expression.Cast, Expression.MapLiteral {

    /** The operands, in source order: an expression tree is walked with {@link Node#anyMatch}/{@link Node#forEachDown}. */
    @Override
    List<Expression> children();

    /**
     * A constant.
     *
     * @param value a {@link Boolean}, {@link Integer}, {@link Long}, {@link java.math.BigInteger} (unsigned long range),
     *              {@link Double}, {@link String}, {@link java.time.Duration} ({@code TIME_DURATION}),
     *              {@link java.time.Period} ({@code DATE_PERIOD}), a {@link List} of those for a multi-value
     *              constant {@code [1, 2]}, or null for {@code null}
     * @param type  the ES|QL type of the value (element type for a list)
     */
    record Literal(Object value, DataType type, SourceSpan span) implements Expression {
        public Literal {
            Objects.requireNonNull(type, "type");
            if (value instanceof List<?> list) {
                value = List.copyOf(list);
            }
        }

        public static Literal nullValue(SourceSpan span) {
            return new Literal(null, DataType.NULL, span);
        }

        public boolean isNull() {
            return value == null;
        }

        @Override
        public List<Expression> children() {
            return List.of();
        }
    }

    /**
     * A column (field) reference such as {@code process.name} or {@code `my-field`}.
     *
     * @param name the dotted name with backtick quoting removed
     */
    record Column(String name, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of();
        }
    }

    /**
     * A query parameter: {@code ?} (anonymous: {@code name} null, {@code position} 0), {@code ?name} or {@code ?1}.
     *
     * @param position the 1-based position for {@code ?1} and for anonymous ones (their order in the query), else 0
     */
    record Param(String name, int position, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of();
        }
    }

    /** The {@code *} of {@code COUNT(*)}. */
    record Star(SourceSpan span) implements Expression {
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

    enum LogicalOperator {
        AND, OR
    }

    /** {@code a AND b}, {@code a OR b}: binary, left-associative, as Elasticsearch builds them. */
    record Logical(LogicalOperator operator, Expression left, Expression right, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(left, right);
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

    /** {@code value [NOT] IN (a, b, …)}. */
    record In(Expression value, List<Expression> candidates, boolean negated, SourceSpan span) implements Expression {
        public In {
            candidates = List.copyOf(candidates);
        }

        @Override
        public List<Expression> children() {
            List<Expression> all = new ArrayList<>(candidates.size() + 1);
            all.add(value);
            all.addAll(candidates);
            return List.copyOf(all);
        }
    }

    /**
     * {@code value [NOT] LIKE pattern}, {@code value [NOT] RLIKE pattern}, and the list forms
     * {@code LIKE ("a*", "b*")} (any pattern).
     *
     * @param regex    {@code RLIKE} (Lucene regular expression) rather than {@code LIKE} ({@code *}, {@code ?})
     * @param patterns string literals or parameters, as written
     */
    record Like(Expression value, List<Expression> patterns, boolean regex, boolean negated, SourceSpan span)
            implements Expression {
        public Like {
            patterns = List.copyOf(patterns);
        }

        @Override
        public List<Expression> children() {
            List<Expression> all = new ArrayList<>(patterns.size() + 1);
            all.add(value);
            all.addAll(patterns);
            return List.copyOf(all);
        }
    }

    /** {@code value IS [NOT] NULL}. */
    record IsNull(Expression value, boolean negated, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(value);
        }
    }

    /** The full-text match operator {@code field : "query"} (the infix form of {@code MATCH}). */
    record MatchOperator(Expression field, Expression query, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(field, query);
        }
    }

    /**
     * A function call, including aggregates ({@code COUNT(*)}) and {@code CASE}.
     *
     * @param name        the upper-cased function name (Elasticsearch looks functions up case-insensitively)
     * @param writtenName the name as written, for messages
     * @param nameSpan    where the name stands, for "unknown function" messages
     */
    record FunctionCall(String name, String writtenName, List<Expression> arguments, SourceSpan nameSpan, SourceSpan span)
            implements Expression {
        public FunctionCall {
            arguments = List.copyOf(arguments);
            name = name.toUpperCase(Locale.ROOT);
        }

        @Override
        public List<Expression> children() {
            return arguments;
        }
    }

    /**
     * An inline cast {@code value::type}.
     *
     * @param typeName the type as written ({@code long}, {@code string} …); {@link DataType#fromCastName} resolves it
     */
    record Cast(Expression value, String typeName, SourceSpan typeSpan, SourceSpan span) implements Expression {
        @Override
        public List<Expression> children() {
            return List.of(value);
        }
    }

    /** A map of named options {@code {"fuzziness": 2}}, the last argument of some functions such as {@code MATCH}. */
    record MapLiteral(List<MapEntry> entries, SourceSpan span) implements Expression {
        public MapLiteral {
            entries = List.copyOf(entries);
        }

        @Override
        public List<Expression> children() {
            return entries.stream().map(MapEntry::value).toList();
        }
    }

    /** One {@code "key": value} of a {@link MapLiteral}. */
    record MapEntry(String key, Expression value, SourceSpan span) {
    }
}
