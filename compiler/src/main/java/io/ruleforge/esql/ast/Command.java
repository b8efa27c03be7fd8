package io.ruleforge.esql.ast;

import io.ruleforge.ql.SourceSpan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One step of an ES|QL pipeline. Immutable; {@link #keyword()} is the command as Elasticsearch spells it. */
public sealed interface Command extends EsqlNode permits Command.From, Command.Row, Command.Where, Command.Eval,
        Command.Keep, Command.Drop, Command.Rename, Command.Stats, Command.Sort, Command.Limit, Command.MvExpand,
        Command.Grok, Command.Dissect, Command.LookupJoin, Command.Completion {

    /** {@code FROM}, {@code WHERE}, {@code INLINE STATS} … */
    String keyword();

    /**
     * {@code FROM logs-*, other METADATA _id, _version, _index}.
     *
     * @param indices  index patterns as written (unquoted), possibly with a remote cluster prefix
     * @param metadata the metadata fields, e.g. {@code _id}
     */
    record From(List<IndexPattern> indices, List<Expression.Column> metadata, SourceSpan span) implements Command {
        public From {
            indices = List.copyOf(indices);
            metadata = List.copyOf(metadata);
        }

        public boolean hasMetadata(String field) {
            return metadata.stream().anyMatch(c -> c.name().equals(field));
        }

        @Override
        public String keyword() {
            return "FROM";
        }

        @Override
        public List<EsqlNode> children() {
            List<EsqlNode> all = new ArrayList<>(indices);
            all.addAll(metadata);
            return List.copyOf(all);
        }
    }

    /**
     * One index pattern of {@code FROM}.
     *
     * @param cluster the remote cluster of {@code cluster:index}, or null for the local one
     * @param pattern the index name or pattern, e.g. {@code logs-*}, {@code -excluded}
     */
    record IndexPattern(String cluster, String pattern, SourceSpan span) implements EsqlNode {
        /** As written: {@code cluster:pattern} or {@code pattern}. */
        public String text() {
            return cluster == null ? pattern : cluster + ":" + pattern;
        }

        @Override
        public List<EsqlNode> children() {
            return List.of();
        }
    }

    /** {@code ROW a = 1, b = "x"}: one row of constants. */
    record Row(List<NamedExpression> fields, SourceSpan span) implements Command {
        public Row {
            fields = List.copyOf(fields);
        }

        @Override
        public String keyword() {
            return "ROW";
        }

        @Override
        public List<NamedExpression> children() {
            return fields;
        }
    }

    record Where(Expression condition, SourceSpan span) implements Command {
        @Override
        public String keyword() {
            return "WHERE";
        }

        @Override
        public List<Expression> children() {
            return List.of(condition);
        }
    }

    /** {@code EVAL a = x + 1, b = …}: each field sees the ones before it. */
    record Eval(List<NamedExpression> fields, SourceSpan span) implements Command {
        public Eval {
            fields = List.copyOf(fields);
        }

        @Override
        public String keyword() {
            return "EVAL";
        }

        @Override
        public List<NamedExpression> children() {
            return fields;
        }
    }

    /**
     * A column name or a pattern with {@code *} wildcards, as in {@code KEEP host.*, user.name}.
     *
     * @param pattern backtick quoting removed
     */
    record NamePattern(String pattern, SourceSpan span) implements EsqlNode {
        public boolean isWildcard() {
            return pattern.indexOf('*') >= 0;
        }

        @Override
        public List<EsqlNode> children() {
            return List.of();
        }
    }

    record Keep(List<NamePattern> columns, SourceSpan span) implements Command {
        public Keep {
            columns = List.copyOf(columns);
        }

        @Override
        public String keyword() {
            return "KEEP";
        }

        @Override
        public List<NamePattern> children() {
            return columns;
        }
    }

    record Drop(List<NamePattern> columns, SourceSpan span) implements Command {
        public Drop {
            columns = List.copyOf(columns);
        }

        @Override
        public String keyword() {
            return "DROP";
        }

        @Override
        public List<NamePattern> children() {
            return columns;
        }
    }

    /**
     * {@code old AS new}, or {@code new = old} (9.x); stored the same way. {@code from} may be a wildcard pattern
     * only where Elasticsearch allows it.
     */
    record RenamePair(NamePattern from, NamePattern to, SourceSpan span) implements EsqlNode {
        @Override
        public List<NamePattern> children() {
            return List.of(from, to);
        }
    }

    record Rename(List<RenamePair> renames, SourceSpan span) implements Command {
        public Rename {
            renames = List.copyOf(renames);
        }

        @Override
        public String keyword() {
            return "RENAME";
        }

        @Override
        public List<RenamePair> children() {
            return renames;
        }
    }

    /**
     * One aggregate of {@code STATS}, optionally filtered: {@code c = COUNT(*) WHERE x > 1}.
     *
     * @param filter the {@code WHERE} condition, if written
     */
    record Aggregate(NamedExpression field, Optional<Expression> filter, SourceSpan span) implements EsqlNode {
        public Aggregate {
            filter = filter == null ? Optional.empty() : filter;
        }

        @Override
        public List<EsqlNode> children() {
            return filter.<List<EsqlNode>>map(f -> List.of(field, f)).orElseGet(() -> List.of(field));
        }
    }

    /**
     * {@code STATS aggregates BY groupings}, or {@code INLINE STATS} (9.x) which keeps every input row and adds the
     * aggregates as columns. Either list may be empty (not both).
     */
    record Stats(List<Aggregate> aggregates, List<NamedExpression> groupings, boolean inline, SourceSpan span)
            implements Command {
        public Stats {
            aggregates = List.copyOf(aggregates);
            groupings = List.copyOf(groupings);
        }

        @Override
        public String keyword() {
            return inline ? "INLINE STATS" : "STATS";
        }

        @Override
        public List<EsqlNode> children() {
            List<EsqlNode> all = new ArrayList<>(aggregates);
            all.addAll(groupings);
            return List.copyOf(all);
        }
    }

    /** Where {@code null}s go in a sort, as written; {@link SortKey#nullsFirst()} resolves the default. */
    enum NullsOrder {
        DEFAULT, FIRST, LAST
    }

    record SortKey(Expression key, boolean ascending, NullsOrder nulls, SourceSpan span) implements EsqlNode {
        /** Elasticsearch's default: nulls last ascending, first descending. */
        public boolean nullsFirst() {
            return switch (nulls) {
                case FIRST -> true;
                case LAST -> false;
                case DEFAULT -> !ascending;
            };
        }

        @Override
        public List<Expression> children() {
            return List.of(key);
        }
    }

    record Sort(List<SortKey> keys, SourceSpan span) implements Command {
        public Sort {
            keys = List.copyOf(keys);
        }

        @Override
        public String keyword() {
            return "SORT";
        }

        @Override
        public List<SortKey> children() {
            return keys;
        }
    }

    record Limit(int count, SourceSpan span) implements Command {
        @Override
        public String keyword() {
            return "LIMIT";
        }

        @Override
        public List<EsqlNode> children() {
            return List.of();
        }
    }

    /** {@code MV_EXPAND column}: one row per value of a multi-valued column. */
    record MvExpand(Expression.Column column, SourceSpan span) implements Command {
        @Override
        public String keyword() {
            return "MV_EXPAND";
        }

        @Override
        public List<Expression> children() {
            return List.of(column);
        }
    }

    /**
     * {@code GROK input "pattern"}.
     *
     * @param pattern     the grok pattern, string escapes decoded
     * @param patternSpan where the pattern literal stands
     */
    record Grok(Expression input, String pattern, SourceSpan patternSpan, SourceSpan span) implements Command {
        @Override
        public String keyword() {
            return "GROK";
        }

        @Override
        public List<Expression> children() {
            return List.of(input);
        }
    }

    /**
     * {@code DISSECT input "pattern" [APPEND_SEPARATOR = "sep"]}.
     *
     * @param appendSeparator the separator option, if given
     */
    record Dissect(Expression input, String pattern, SourceSpan patternSpan, Optional<String> appendSeparator, SourceSpan span)
            implements Command {
        public Dissect {
            appendSeparator = appendSeparator == null ? Optional.empty() : appendSeparator;
        }

        @Override
        public String keyword() {
            return "DISSECT";
        }

        @Override
        public List<Expression> children() {
            return List.of(input);
        }
    }

    /** {@code LOOKUP JOIN index ON field1, field2}. */
    record LookupJoin(IndexPattern index, List<Expression.Column> on, SourceSpan span) implements Command {
        public LookupJoin {
            on = List.copyOf(on);
        }

        @Override
        public String keyword() {
            return "LOOKUP JOIN";
        }

        @Override
        public List<EsqlNode> children() {
            List<EsqlNode> all = new ArrayList<>();
            all.add(index);
            all.addAll(on);
            return List.copyOf(all);
        }
    }

    /**
     * {@code COMPLETION target = prompt WITH {"inference_id": "…"}} (9.x): sends each row's prompt to an inference
     * endpoint (an LLM) and adds its answer as a keyword column.
     *
     * @param target  the new column; {@code completion} when not named
     * @param options the {@code WITH} map, e.g. {@code inference_id}
     */
    record Completion(Expression.Column target, Expression prompt, Expression.MapLiteral options, SourceSpan span)
            implements Command {
        /** The column Elasticsearch adds when no target is written. */
        public static final String DEFAULT_TARGET = "completion";

        @Override
        public String keyword() {
            return "COMPLETION";
        }

        @Override
        public List<Expression> children() {
            return List.of(target, prompt, options);
        }
    }
}
