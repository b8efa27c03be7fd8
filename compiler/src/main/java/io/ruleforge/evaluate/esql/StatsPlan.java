package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.esql.ast.NamedExpression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * STATS and INLINE STATS: groups rows by the BY keys (a multi-valued key puts the row in the group of each of its
 * values; null is a key of its own), computes each aggregate per group, and evaluates the expressions around the
 * aggregates ({@code ROUND(AVG(x), 1)}, {@code COUNT(*) * 2}) on the group. STATS outputs one row per group, the
 * aggregates then the keys; without BY, exactly one row even over no input. INLINE STATS keeps every input row and
 * appends the aggregates of its group, then the keys.
 */
final class StatsPlan {

    /** One aggregate call: the function, its arguments and the aggregate's WHERE filter, planned on input rows. */
    private record Call(AggregateFunction function, List<Expr> arguments, List<DataType> types, Expr filter) {
    }

    private final Command.Stats stats;
    private final List<Column> input;
    private final List<Expr> keys = new ArrayList<>();
    private final List<Column> keyColumns = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final List<Expr> outputs = new ArrayList<>();
    private final List<Column> outputColumns = new ArrayList<>();

    StatsPlan(Expressions expressions, Command.Stats stats, List<Column> input) {
        this.stats = stats;
        this.input = input;
        for (NamedExpression grouping : stats.groupings()) {
            if (Expressions.containsAggregate(grouping.value())) {
                throw new EsqlEvaluationException("grouping key [" + grouping.name() + "] cannot contain an aggregate", grouping.span());
            }
            Expr key = expressions.plan(grouping.value(), input);
            keys.add(key);
            keyColumns.add(new Column(grouping.name(), key.type()));
        }
        for (Command.Aggregate aggregate : stats.aggregates()) {
            NamedExpression field = aggregate.field();
            Expr filter = aggregate.filter().map(f -> expressions.plan(f, input)).orElse(null);
            if (!Expressions.containsAggregate(field.value()) && !(field.value() instanceof Expression.Column)) {
                throw new EsqlEvaluationException("expected an aggregate function but found [" + expressions.source(field.value().span())
                        + "]", field.value().span());
            }
            Expr output = expressions.planAggregate(field.value(), groupLayout(), call -> planCall(expressions, call, filter));
            outputs.add(output);
            outputColumns.add(new Column(field.name(), output.type()));
        }
    }

    /** The layout aggregate expressions see: the keys, then one slot per aggregate call planned so far. */
    private List<Column> groupLayout() {
        return List.copyOf(keyColumns);
    }

    private Expr planCall(Expressions expressions, Expression.FunctionCall call, Expr filter) {
        AggregateFunction function = AggregateFunctions.named(call.name()).orElseThrow();
        List<Expr> arguments = new ArrayList<>();
        for (Expression argument : call.arguments()) {
            if (argument instanceof Expression.Star && call.name().equals("COUNT")) {
                continue;
            }
            arguments.add(expressions.plan(argument, input));
        }
        List<DataType> types = arguments.stream().map(Expr::type).toList();
        DataType type;
        try {
            type = function.returnType(types);
        } catch (IllegalArgumentException e) {
            throw new EsqlEvaluationException(e.getMessage() + " in [" + expressions.source(call.span()) + "]", call.span());
        }
        int slot = keyColumns.size() + calls.size();
        calls.add(new Call(function, arguments, types, filter));
        return new Expr() {
            @Override
            public DataType type() {
                return type;
            }

            @Override
            public Object eval(Row row) {
                return row.cell(slot);
            }
        };
    }

    <F> F run(List<Row> rows, EsqlEvaluator.FrameFactory<F> frames) {
        Map<List<Object>, List<Row>> groups = new LinkedHashMap<>();
        Map<Row, List<Object>> firstGroupOf = new java.util.IdentityHashMap<>();
        for (Row row : rows) {
            for (List<Object> key : keysOf(row)) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
                firstGroupOf.putIfAbsent(row, key);
            }
        }
        if (keys.isEmpty() && groups.isEmpty()) {
            groups.put(List.of(), List.of());
        }
        if (keys.size() == 1 && groups.containsKey(java.util.Collections.singletonList(null))) {
            // Elasticsearch's block hash gives the null key the first group id: its row comes first
            Map<List<Object>, List<Row>> nullFirst = new LinkedHashMap<>();
            nullFirst.put(java.util.Collections.singletonList(null), groups.remove(java.util.Collections.singletonList(null)));
            nullFirst.putAll(groups);
            groups = nullFirst;
        }
        Map<List<Object>, Object[]> results = new LinkedHashMap<>();
        for (Map.Entry<List<Object>, List<Row>> group : groups.entrySet()) {
            Object[] groupRow = new Object[keyColumns.size() + calls.size()];
            for (int k = 0; k < keyColumns.size(); k++) {
                groupRow[k] = group.getKey().get(k);
            }
            for (int c = 0; c < calls.size(); c++) {
                groupRow[keyColumns.size() + c] = aggregate(calls.get(c), group.getValue());
            }
            Row grouped = new Row(groupRow, null);
            Object[] values = new Object[outputs.size()];
            for (int o = 0; o < outputs.size(); o++) {
                values[o] = outputs.get(o).eval(grouped);
            }
            results.put(group.getKey(), values);
        }
        return stats.inline() ? inline(rows, firstGroupOf, results, frames) : grouped(results, frames);
    }

    private <F> F grouped(Map<List<Object>, Object[]> results, EsqlEvaluator.FrameFactory<F> frames) {
        List<Column> columns = new ArrayList<>(outputColumns);
        columns.addAll(keyColumns);
        List<Row> out = new ArrayList<>();
        results.forEach((key, values) -> {
            Object[] cells = new Object[columns.size()];
            System.arraycopy(values, 0, cells, 0, values.length);
            for (int k = 0; k < key.size(); k++) {
                cells[values.length + k] = key.get(k);
            }
            out.add(new Row(cells, null));
        });
        return frames.make(dedupe(columns), out.stream().map(r -> project(r, columns)).toList());
    }

    private <F> F inline(List<Row> rows, Map<Row, List<Object>> groupOf, Map<List<Object>, Object[]> results,
                         EsqlEvaluator.FrameFactory<F> frames) {
        List<Integer> kept = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < input.size(); c++) {
            String name = input.get(c).name();
            boolean replaced = outputColumns.stream().anyMatch(o -> o.name().equals(name))
                    || keyColumns.stream().anyMatch(k -> k.name().equals(name));
            if (!replaced) {
                kept.add(c);
                columns.add(input.get(c));
            }
        }
        columns.addAll(outputColumns);
        columns.addAll(keyColumns);
        List<Row> out = new ArrayList<>();
        for (Row row : rows) {
            List<Object> key = groupOf.get(row);
            Object[] values = key == null ? new Object[outputs.size()] : results.get(key);
            Object[] cells = new Object[columns.size()];
            for (int i = 0; i < kept.size(); i++) {
                cells[i] = row.cell(kept.get(i));
            }
            System.arraycopy(values, 0, cells, kept.size(), values.length);
            for (int k = 0; k < keyColumns.size(); k++) {
                cells[kept.size() + values.length + k] = key == null ? null : key.get(k);
            }
            out.add(new Row(cells, row.source()));
        }
        return frames.make(columns, out);
    }

    /** A name given twice (an aggregate named like a key) keeps its last column, as Elasticsearch does. */
    private static List<Column> dedupe(List<Column> columns) {
        List<Column> out = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (Expressions.indexOf(columns, columns.get(i).name()) == i) {
                out.add(columns.get(i));
            }
        }
        return out;
    }

    private static Row project(Row row, List<Column> columns) {
        List<Object> cells = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            if (Expressions.indexOf(columns, columns.get(i).name()) == i) {
                cells.add(row.cell(i));
            }
        }
        return new Row(cells.toArray(), null);
    }

    /** The group keys of a row: the cartesian product of its keys' values (a null key is one null value). */
    private List<List<Object>> keysOf(Row row) {
        List<List<Object>> combos = new ArrayList<>();
        combos.add(new ArrayList<>());
        for (Expr key : keys) {
            List<Object> values = Values.list(key.eval(row));
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> combo : combos) {
                for (Object v : values.isEmpty() ? java.util.Collections.singletonList(null) : values) {
                    List<Object> extended = new ArrayList<>(combo);
                    extended.add(v);
                    next.add(extended);
                }
            }
            combos = next;
        }
        return combos.stream().map(java.util.Collections::unmodifiableList).toList();
    }

    private static Object aggregate(Call call, List<Row> rows) {
        List<List<Object>> arguments = new ArrayList<>();
        for (Row row : rows) {
            if (call.filter() != null && !Boolean.TRUE.equals(call.filter().eval(row))) {
                continue;
            }
            List<Object> cells = new ArrayList<>(call.arguments().size());
            for (Expr argument : call.arguments()) {
                cells.add(argument.eval(row));
            }
            arguments.add(cells);
        }
        return call.function().aggregate(arguments, call.types());
    }
}
