package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.esql.ast.NamedExpression;
import io.ruleforge.ql.SourceSpan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The evaluation stage's entry point for ES|QL: runs a parsed query over in-memory indices, command by command, as
 * Elasticsearch would — the result's columns, rows and response warnings. Planning errors (unknown column,
 * mismatched types, a function ruleforge does not evaluate) are {@link EsqlEvaluationException}s at their place in
 * the query; failures on a row's values are null cells with a warning, never an exception.
 */
public final class EsqlEvaluator {

    /** Elasticsearch's default result size when a query has no LIMIT (esql.query.result_truncation_default_size). */
    public static final int DEFAULT_LIMIT = 1000;

    private final List<EsqlIndex> indices;
    private final EvaluationContext context;
    private final FullTextSupport fullText;

    public EsqlEvaluator(List<EsqlIndex> indices, EvaluationContext context, FullTextSupport fullText) {
        this.indices = List.copyOf(indices);
        this.context = context;
        this.fullText = fullText;
    }

    /** Evaluates {@code query}, whose text is {@code text} (for warning positions and expression names). */
    public EsqlResult evaluate(EsqlQuery query, String text) {
        Warnings warnings = new Warnings();
        Run run = new Run(new Expressions(text, warnings, context, fullText));
        Frame frame = null;
        List<Command> commands = query.commands();
        for (int i = 0; i < commands.size(); i++) {
            run.rowCap = rowsNeeded(commands, i + 1);
            frame = run.apply(commands.get(i), frame);
        }
        List<Row> rows = frame.rows;
        if (rows.size() > DEFAULT_LIMIT) {
            rows = rows.subList(0, DEFAULT_LIMIT);
        }
        List<List<Object>> out = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Row row : rows) {
            out.add(java.util.Collections.unmodifiableList(Arrays.asList(row.cells().clone())));
            ids.add(row.source() == null ? null : row.source().id());
        }
        return new EsqlResult(frame.columns, out, ids, warnings.lines());
    }

    /** Most rows a pipeline step may hold: more is refused rather than exhausting memory (ES streams them). */
    static final int MAX_ROWS = 1_000_000;

    /**
     * How many rows of a step the rest of the pipeline can use: a later LIMIT reached only through commands that keep
     * row order and never drop a row (EVAL, KEEP, DROP, RENAME, GROK, DISSECT, MV_EXPAND) bounds it, so that
     * {@code MV_EXPAND a | MV_EXPAND b | LIMIT 10} stops after 10 rows as Elasticsearch's pushed-down limit does.
     */
    private static int rowsNeeded(List<Command> commands, int from) {
        for (int i = from; i < commands.size(); i++) {
            Command c = commands.get(i);
            if (c instanceof Command.Limit limit) {
                return Math.max(0, limit.count());
            }
            if (!(c instanceof Command.Eval || c instanceof Command.Keep || c instanceof Command.Drop || c instanceof Command.Rename
                    || c instanceof Command.Grok || c instanceof Command.Dissect || c instanceof Command.MvExpand)) {
                return Integer.MAX_VALUE;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** The table between two commands. */
    private record Frame(List<Column> columns, List<Row> rows) {
    }

    private final class Run {
        private final Expressions expressions;
        /** Rows of the current step the rest of the pipeline can use ({@link #rowsNeeded}). */
        private int rowCap = Integer.MAX_VALUE;

        Run(Expressions expressions) {
            this.expressions = expressions;
        }

        Frame apply(Command command, Frame in) {
            if (command instanceof Command.From from) {
                return from(from);
            }
            if (command instanceof Command.Row row) {
                return row(row);
            }
            if (command instanceof Command.Where where) {
                return where(where, in);
            }
            if (command instanceof Command.Eval eval) {
                return eval(eval.fields(), in);
            }
            if (command instanceof Command.Keep keep) {
                return keep(keep, in);
            }
            if (command instanceof Command.Drop drop) {
                return drop(drop, in);
            }
            if (command instanceof Command.Rename rename) {
                return rename(rename, in);
            }
            if (command instanceof Command.Stats stats) {
                return stats(stats, in);
            }
            if (command instanceof Command.Sort sort) {
                return sort(sort, in);
            }
            if (command instanceof Command.Limit limit) {
                return new Frame(in.columns, in.rows.subList(0, Math.min(Math.max(limit.count(), 0), in.rows.size())));
            }
            if (command instanceof Command.MvExpand expand) {
                return mvExpand(expand, in);
            }
            if (command instanceof Command.Grok grok) {
                return grok(grok, in);
            }
            if (command instanceof Command.Dissect dissect) {
                return dissect(dissect, in);
            }
            throw EsqlEvaluationException.unsupported("ruleforge does not evaluate " + command.keyword() + " yet", command.span());
        }

        // ---- source commands

        private Frame from(Command.From from) {
            List<EsqlIndex> read = new ArrayList<>();
            for (EsqlIndex index : indices) {
                if (index.anyPattern() || matches(from, index.name())) {
                    read.add(index);
                }
            }
            if (read.isEmpty()) {
                throw new EsqlEvaluationException("Unknown index [" + String.join(",", from.indices().stream()
                        .map(Command.IndexPattern::text).toList()) + "]", from.span());
            }
            // union of the columns, by name; a field typed differently in two indices cannot be read (union types)
            Map<String, DataType> types = new TreeMap<>(Values::compareCodePoints);
            Map<String, String> undecidable = new TreeMap<>(Values::compareCodePoints);
            for (EsqlIndex index : read) {
                for (Column c : index.columns()) {
                    types.merge(c.name(), c.type(), (a, b) -> a == b ? a : DataType.UNSUPPORTED);
                    if (c.undecidable() != null) {
                        undecidable.putIfAbsent(c.name(), c.undecidable());
                    }
                }
            }
            List<Column> columns = new ArrayList<>();
            types.forEach((name, type) -> columns.add(new Column(name, type, undecidable.get(name))));
            List<String> metadata = new ArrayList<>();
            for (Expression.Column m : from.metadata()) {
                DataType type = switch (m.name()) {
                    case "_id", "_index", "_source", "_ignored" -> DataType.KEYWORD;
                    case "_version" -> DataType.LONG;
                    case "_score" -> DataType.DOUBLE;
                    default -> throw new EsqlEvaluationException("unsupported metadata field [" + m.name() + "]", m.span());
                };
                columns.add(new Column(m.name(), type));
                metadata.add(m.name());
            }
            List<Row> rows = new ArrayList<>();
            for (EsqlIndex index : read) {
                int[] positions = new int[index.columns().size()];
                for (int i = 0; i < positions.length; i++) {
                    positions[i] = Expressions.indexOf(columns, index.columns().get(i).name());
                }
                for (SourceRow source : index.rows()) {
                    Object[] cells = new Object[columns.size()];
                    for (int i = 0; i < positions.length; i++) {
                        cells[positions[i]] = columns.get(positions[i]).type() == DataType.UNSUPPORTED ? null : source.cells().get(i);
                    }
                    for (int m = 0; m < metadata.size(); m++) {
                        cells[columns.size() - metadata.size() + m] = switch (metadata.get(m)) {
                            case "_id" -> source.id();
                            case "_index" -> index.name();
                            case "_version" -> 1L;
                            case "_score" -> 0.0;
                            case "_source" -> source.document() == null ? null : source.document().toString();
                            default -> null;
                        };
                    }
                    rows.add(new Row(cells, source));
                }
            }
            return new Frame(columns, rows);
        }

        private boolean matches(Command.From from, String indexName) {
            boolean matched = false;
            for (Command.IndexPattern p : from.indices()) {
                if (p.cluster() != null) {
                    continue;
                }
                boolean exclusion = p.pattern().startsWith("-");
                String pattern = exclusion ? p.pattern().substring(1) : p.pattern();
                boolean hit = Pattern.compile(Expressions.wildcard(pattern.replace("?", "\\?"))).matcher(indexName).matches();
                if (hit) {
                    matched = !exclusion;
                }
            }
            return matched;
        }

        private Frame row(Command.Row row) {
            Frame empty = new Frame(List.of(), List.of(new Row(new Object[0], null)));
            return eval(row.fields(), empty);
        }

        // ---- row-wise commands

        private Frame where(Command.Where where, Frame in) {
            Expr condition = expressions.plan(where.condition(), in.columns);
            if (condition.type() != DataType.BOOLEAN && condition.type() != DataType.NULL) {
                throw new EsqlEvaluationException("Condition expression needs to be boolean, found [" + condition.type().esName() + "]",
                        where.condition().span());
            }
            List<Row> out = new ArrayList<>();
            for (Row row : in.rows) {
                Object v = condition.eval(row);
                if (v instanceof List<?>) {
                    v = expressions.guarded(where.condition().span(), () -> {
                        throw EvaluationFailure.multiValue();
                    });
                }
                if (Boolean.TRUE.equals(v)) {
                    out.add(row);
                }
            }
            return new Frame(in.columns, out);
        }

        /** EVAL (and ROW): each field sees the ones before it; a reused name moves its column to the end. */
        private Frame eval(List<NamedExpression> fields, Frame in) {
            List<Column> columns = new ArrayList<>(in.columns);
            List<Row> rows = new ArrayList<>(in.rows);
            for (NamedExpression field : fields) {
                Expr e = expressions.plan(field.value(), columns);
                int old = Expressions.indexOf(columns, field.name());
                List<Column> next = new ArrayList<>(columns);
                if (old >= 0) {
                    next.remove(old);
                }
                next.add(new Column(field.name(), e.type()));
                List<Row> computed = new ArrayList<>(rows.size());
                for (Row row : rows) {
                    Object value = e.eval(row);
                    Object[] cells = removed(row.cells(), old, 1);
                    cells[cells.length - 1] = value;
                    computed.add(row.with(cells));
                }
                columns = next;
                rows = computed;
            }
            return new Frame(columns, rows);
        }

        /** The cells without the one at {@code removed} (none when negative), with {@code extra} empty cells appended. */
        private static Object[] removed(Object[] cells, int removed, int extra) {
            Object[] out = new Object[cells.length - (removed >= 0 ? 1 : 0) + extra];
            int j = 0;
            for (int i = 0; i < cells.length; i++) {
                if (i != removed) {
                    out[j++] = cells[i];
                }
            }
            return out;
        }

        private Frame project(Frame in, List<Integer> keep, List<Column> columns) {
            List<Row> rows = new ArrayList<>(in.rows.size());
            for (Row row : in.rows) {
                Object[] cells = new Object[keep.size()];
                for (int i = 0; i < cells.length; i++) {
                    cells[i] = row.cell(keep.get(i));
                }
                rows.add(row.with(cells));
            }
            return new Frame(columns, rows);
        }

        private Pattern namePattern(Command.NamePattern p) {
            return Pattern.compile(Expressions.wildcard(p.pattern().replace("\\", "\\\\").replace("?", "\\?")));
        }

        /**
         * KEEP: columns in pattern order; a column named exactly takes that place, otherwise that of the last
         * wildcard matching it, as Elasticsearch resolves them.
         */
        private Frame keep(Command.Keep keep, Frame in) {
            Map<Integer, Integer> claim = new LinkedHashMap<>(); // column → index of the pattern that places it
            List<Command.NamePattern> patterns = keep.columns();
            for (int p = 0; p < patterns.size(); p++) {
                Command.NamePattern pattern = patterns.get(p);
                boolean any = false;
                for (int c = 0; c < in.columns.size(); c++) {
                    String name = in.columns.get(c).name();
                    if (pattern.isWildcard() ? namePattern(pattern).matcher(name).matches() : name.equals(pattern.pattern())) {
                        any = true;
                        Integer previous = claim.get(c);
                        // an exact name places its column; otherwise the last wildcard naming it does
                        if (!pattern.isWildcard() || previous == null || patterns.get(previous).isWildcard()) {
                            claim.put(c, p);
                        }
                    }
                }
                if (!any && !pattern.isWildcard()) {
                    throw new EsqlEvaluationException("Unknown column [" + pattern.pattern() + "]", pattern.span());
                }
            }
            List<Integer> order = new ArrayList<>(claim.keySet());
            order.sort(Comparator.comparing((Integer c) -> claim.get(c)).thenComparing(c -> c));
            return project(in, order, order.stream().map(in.columns::get).toList());
        }

        private Frame drop(Command.Drop drop, Frame in) {
            Set<Integer> dropped = new LinkedHashSet<>();
            for (Command.NamePattern pattern : drop.columns()) {
                boolean any = false;
                for (int c = 0; c < in.columns.size(); c++) {
                    String name = in.columns.get(c).name();
                    if (pattern.isWildcard() ? namePattern(pattern).matcher(name).matches() : name.equals(pattern.pattern())) {
                        dropped.add(c);
                        any = true;
                    }
                }
                if (!any && !pattern.isWildcard()) {
                    throw new EsqlEvaluationException("Unknown column [" + pattern.pattern() + "]", pattern.span());
                }
            }
            List<Integer> kept = new ArrayList<>();
            for (int c = 0; c < in.columns.size(); c++) {
                if (!dropped.contains(c)) {
                    kept.add(c);
                }
            }
            return project(in, kept, kept.stream().map(in.columns::get).toList());
        }

        /** RENAME old AS new: the column keeps its place; a column already called new disappears. */
        private Frame rename(Command.Rename rename, Frame in) {
            List<Column> columns = new ArrayList<>(in.columns);
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                positions.add(i);
            }
            for (Command.RenamePair pair : rename.renames()) {
                int from = Expressions.indexOf(columns, pair.from().pattern());
                if (from < 0) {
                    throw new EsqlEvaluationException("Unknown column [" + pair.from().pattern() + "]", pair.from().span());
                }
                String to = pair.to().pattern();
                columns.set(from, new Column(to, columns.get(from).type()));
                for (int i = columns.size() - 1; i >= 0; i--) {
                    if (i != from && columns.get(i).name().equals(to)) {
                        columns.remove(i);
                        positions.remove(i);
                    }
                }
            }
            return project(in, positions, columns);
        }

        private Frame sort(Command.Sort sort, Frame in) {
            List<Expr> keys = new ArrayList<>();
            for (Command.SortKey key : sort.keys()) {
                keys.add(expressions.plan(key.key(), in.columns));
            }
            List<Object[]> decorated = new ArrayList<>();
            for (Row row : in.rows) {
                Object[] values = new Object[keys.size() + 1];
                for (int k = 0; k < keys.size(); k++) {
                    Object cell = keys.get(k).eval(row);
                    List<Object> vs = Values.list(cell);
                    // a multi-value sorts by its smallest value ascending, its largest descending
                    values[k] = vs.isEmpty() ? null : sort.keys().get(k).ascending()
                            ? vs.stream().min(Values::compare).orElseThrow() : vs.stream().max(Values::compare).orElseThrow();
                }
                values[keys.size()] = row;
                decorated.add(values);
            }
            decorated.sort((a, b) -> {
                for (int k = 0; k < keys.size(); k++) {
                    Command.SortKey key = sort.keys().get(k);
                    Object x = a[k];
                    Object y = b[k];
                    int c;
                    if (x == null || y == null) {
                        c = x == null && y == null ? 0 : (x == null) == key.nullsFirst() ? -1 : 1;
                    } else {
                        c = key.ascending() ? Values.compare(x, y) : Values.compare(y, x);
                    }
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            });
            return new Frame(in.columns, decorated.stream().map(d -> (Row) d[keys.size()]).toList());
        }

        private Frame mvExpand(Command.MvExpand expand, Frame in) {
            int index = Expressions.indexOf(in.columns, expand.column().name());
            if (index < 0) {
                throw new EsqlEvaluationException("Unknown column [" + expand.column().name() + "]", expand.column().span());
            }
            List<Row> out = new ArrayList<>();
            for (Row row : in.rows) {
                if (out.size() >= rowCap) {
                    break;
                }
                Object cell = row.cell(index);
                if (!(cell instanceof List<?> many)) {
                    out.add(row);
                    continue;
                }
                for (Object v : many) {
                    if (out.size() >= rowCap) {
                        break;
                    }
                    if (out.size() >= MAX_ROWS) {
                        throw EsqlEvaluationException.unsupported("MV_EXPAND makes more than " + MAX_ROWS
                                + " rows, more than ruleforge holds in memory", expand.span());
                    }
                    Object[] cells = row.cells().clone();
                    cells[index] = v;
                    out.add(row.with(cells));
                }
            }
            return new Frame(in.columns, out);
        }

        // ---- GROK, DISSECT

        private Frame grok(Command.Grok grok, Frame in) {
            GrokPattern pattern;
            try {
                pattern = GrokPattern.compile(grok.pattern());
            } catch (IllegalArgumentException e) {
                throw new EsqlEvaluationException(e.getMessage(), grok.patternSpan());
            }
            List<Column> added = new ArrayList<>();
            pattern.columns().forEach((name, type) -> added.add(new Column(name, type)));
            return extract(grok.input(), in, added, pattern::apply, grok.span());
        }

        private Frame dissect(Command.Dissect dissect, Frame in) {
            DissectPattern pattern;
            try {
                pattern = DissectPattern.compile(dissect.pattern(), dissect.appendSeparator().orElse(""));
            } catch (IllegalArgumentException e) {
                throw new EsqlEvaluationException(e.getMessage(), dissect.patternSpan());
            }
            List<Column> added = pattern.columns().stream().map(name -> new Column(name, DataType.KEYWORD)).toList();
            return extract(dissect.input(), in, added, pattern::apply, dissect.span());
        }

        /** Adds the columns a GROK or DISSECT extracts from a string input (replacing same-named ones). */
        private Frame extract(Expression inputExpression, Frame in, List<Column> added,
                              java.util.function.Function<String, List<Object>> extractor, SourceSpan span) {
            Expr input = expressions.plan(inputExpression, in.columns);
            if (!input.type().isString() && input.type() != DataType.NULL) {
                throw new EsqlEvaluationException("the input of " + expressions.source(span).split("\\s")[0].toUpperCase(java.util.Locale.ROOT)
                        + " must be a string, found [" + input.type().esName() + "]", inputExpression.span());
            }
            List<Integer> kept = new ArrayList<>();
            List<Column> columns = new ArrayList<>();
            for (int c = 0; c < in.columns.size(); c++) {
                String name = in.columns.get(c).name();
                if (added.stream().noneMatch(a -> a.name().equals(name))) {
                    kept.add(c);
                    columns.add(in.columns.get(c));
                }
            }
            columns.addAll(added);
            List<Row> rows = new ArrayList<>();
            for (Row row : in.rows) {
                Object value = input.eval(row);
                // each value of a multi-valued input is matched on its own; the matches' values are merged per column
                List<List<Object>> merged = new ArrayList<>();
                for (int i = 0; i < added.size(); i++) {
                    merged.add(new ArrayList<>());
                }
                for (Object v : Values.list(value)) {
                    List<Object> one = extractor.apply((String) v);
                    for (int i = 0; i < added.size(); i++) {
                        merged.get(i).addAll(Values.list(one.get(i)));
                    }
                }
                List<Object> extracted = merged.stream().map(Values::cell).toList();
                Object[] cells = new Object[columns.size()];
                for (int i = 0; i < kept.size(); i++) {
                    cells[i] = row.cell(kept.get(i));
                }
                for (int i = 0; i < added.size(); i++) {
                    cells[kept.size() + i] = extracted.get(i);
                }
                rows.add(row.with(cells));
            }
            return new Frame(columns, rows);
        }

        // ---- STATS, INLINE STATS

        private Frame stats(Command.Stats stats, Frame in) {
            return new StatsPlan(expressions, stats, in.columns).run(in.rows, this::frame);
        }

        private Frame frame(List<Column> columns, List<Row> rows) {
            return new Frame(columns, rows);
        }
    }

    /** Builds a frame from STATS' output (kept out of {@link StatsPlan} so that it need not know Frame). */
    interface FrameFactory<F> {
        F make(List<Column> columns, List<Row> rows);
    }
}
