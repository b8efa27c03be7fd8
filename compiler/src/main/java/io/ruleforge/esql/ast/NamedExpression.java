package io.ruleforge.esql.ast;

import io.ruleforge.ql.SourceSpan;

import java.util.List;

/**
 * An output column of {@code EVAL}, {@code ROW} or {@code STATS}: {@code name = expression}, or a bare expression,
 * which Elasticsearch names after its source text ({@code EVAL x + 1} adds a column called {@code x + 1}).
 *
 * @param name     the column name: as written after backtick unquoting, or the expression's text
 * @param explicit written with {@code name =}
 */
public record NamedExpression(String name, Expression value, boolean explicit, SourceSpan span) implements EsqlNode {

    @Override
    public List<Expression> children() {
        return List.of(value);
    }
}
