package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The aggregate functions ruleforge evaluates, by upper-case name. Each one reads every value of a multi-valued
 * cell (COUNT counts values, not rows) and ignores nulls, as Elasticsearch does.
 */
public final class AggregateFunctions {

    private static final AggregateFunctions INSTANCE = new AggregateFunctions();

    private final Map<String, AggregateFunction> functions = new TreeMap<>();

    private AggregateFunctions() {
        define("COUNT", 0, 1, t -> DataType.LONG, (rows, t) -> {
            if (t.isEmpty()) {
                return (long) rows.size();
            }
            long n = 0;
            for (List<Object> row : rows) {
                n += Values.list(row.get(0)).size();
            }
            return n;
        });
        define("COUNT_DISTINCT", 1, 2, t -> DataType.LONG, (rows, t) -> (long) distinct(rows).size());
        define("MIN", 1, 1, t -> t.get(0), (rows, t) -> values(rows).stream().min(Values::compare).orElse(null));
        define("MAX", 1, 1, t -> t.get(0), (rows, t) -> values(rows).stream().max(Values::compare).orElse(null));
        define("SUM", 1, 1, t -> numeric("SUM", t.get(0)) == DataType.DOUBLE ? DataType.DOUBLE
                : t.get(0) == DataType.UNSIGNED_LONG ? DataType.UNSIGNED_LONG : DataType.LONG, (rows, t) -> {
            List<Object> vs = values(rows);
            if (vs.isEmpty()) {
                return null;
            }
            DataType type = t.get(0) == DataType.DOUBLE ? DataType.DOUBLE : t.get(0) == DataType.UNSIGNED_LONG ? DataType.UNSIGNED_LONG : DataType.LONG;
            Object sum = type == DataType.DOUBLE ? (Object) 0.0 : type == DataType.LONG ? (Object) 0L : ScalarFunctions.unsigned(0);
            for (Object v : vs) {
                sum = Arithmetic.apply("+", sum, v, type);
            }
            return sum;
        });
        define("AVG", 1, 1, t -> {
            numeric("AVG", t.get(0));
            return DataType.DOUBLE;
        }, (rows, t) -> {
            List<Object> vs = values(rows);
            return vs.isEmpty() ? null : vs.stream().mapToDouble(v -> ((Number) v).doubleValue()).sum() / vs.size();
        });
        // VALUES' order is unspecified in Elasticsearch; sorting makes results reproducible
        define("VALUES", 1, 1, t -> t.get(0), (rows, t) -> {
            List<Object> vs = new ArrayList<>(distinct(rows));
            vs.sort(Values::compare);
            return Values.cell(vs);
        });
        // exact median (Elasticsearch's t-digest is exact for the few values fixtures have)
        define("MEDIAN", 1, 1, t -> {
            numeric("MEDIAN", t.get(0));
            return DataType.DOUBLE;
        }, (rows, t) -> {
            double[] vs = values(rows).stream().mapToDouble(v -> ((Number) v).doubleValue()).sorted().toArray();
            if (vs.length == 0) {
                return null;
            }
            return vs.length % 2 == 1 ? vs[vs.length / 2] : (vs[vs.length / 2 - 1] + vs[vs.length / 2]) / 2;
        });
        define("FIRST", 2, 2, t -> t.get(0), (rows, t) -> byOrder(rows, false));
        define("LAST", 2, 2, t -> t.get(0), (rows, t) -> byOrder(rows, true));
    }

    public static Optional<AggregateFunction> named(String name) {
        return Optional.ofNullable(INSTANCE.functions.get(name.toUpperCase(Locale.ROOT)));
    }

    public static Set<String> names() {
        return INSTANCE.functions.keySet();
    }

    private interface Body {
        Object apply(List<List<Object>> rows, List<DataType> types);
    }

    private void define(String name, int min, int max, Function<List<DataType>, DataType> type, Body body) {
        functions.put(name, new AggregateFunction() {
            @Override
            public DataType returnType(List<DataType> types) {
                if (types.size() < min || types.size() > max) {
                    throw new IllegalArgumentException(name + " takes " + (min == max ? min : min + " to " + max)
                            + " arguments, found " + types.size());
                }
                return type.apply(types);
            }

            @Override
            public Object aggregate(List<List<Object>> rows, List<DataType> types) {
                return body.apply(rows, types);
            }
        });
    }

    private static DataType numeric(String name, DataType t) {
        if (!t.isNumeric() && t != DataType.NULL) {
            throw new IllegalArgumentException("argument of [" + name + "] must be numeric, found [" + t.esName() + "]");
        }
        return t;
    }

    private static List<Object> values(List<List<Object>> rows) {
        List<Object> out = new ArrayList<>();
        for (List<Object> row : rows) {
            out.addAll(Values.list(row.get(0)));
        }
        return out;
    }

    private static Set<Object> distinct(List<List<Object>> rows) {
        return new HashSet<>(values(rows));
    }

    /**
     * FIRST(value, sort) / LAST(value, sort): the value (all of a multi-value) of the row with the smallest / largest
     * single-valued sort key; rows without a sort key do not count.
     */
    private static Object byOrder(List<List<Object>> rows, boolean last) {
        Object best = null;
        Object bestKey = null;
        for (List<Object> row : rows) {
            Object key = row.get(1);
            if (key == null || key instanceof List<?>) {
                continue;
            }
            int c = bestKey == null ? 1 : Values.compare(key, bestKey);
            if (bestKey == null || (last ? c > 0 : c < 0)) {
                bestKey = key;
                best = row.get(0);
            }
        }
        return best;
    }
}
