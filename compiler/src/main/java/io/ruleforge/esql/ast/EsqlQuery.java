package io.ruleforge.esql.ast;

import io.ruleforge.ql.SourceSpan;

import java.util.List;

/**
 * A parsed ES|QL query: a source command ({@code FROM}, {@code ROW}) followed by processing commands, in pipeline
 * order.
 */
public record EsqlQuery(List<Command> commands, SourceSpan span) implements EsqlNode {

    public EsqlQuery {
        commands = List.copyOf(commands);
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a query has at least its source command");
        }
    }

    /** The first command: {@link Command.From} or {@link Command.Row}. */
    public Command source() {
        return commands.get(0);
    }

    @Override
    public List<Command> children() {
        return commands;
    }
}
