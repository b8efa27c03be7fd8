package io.ruleforge.evaluate.eql;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.eql.Expression;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Join-key tuples of sequences and samples. Keys compare exactly (case-sensitive, typed). A null key discards the
 * event for that term unless the key is an optional field ({@code ?field}), which admits null as a value.
 */
final class JoinKeys {

    /**
     * The order of key tuples in a composite aggregation (samples come in it): key by key, null first, then values of
     * one type ascending (strings by their UTF-16 code units, which for the usual ASCII keys is Elasticsearch's byte
     * order).
     */
    static final Comparator<List<Object>> ORDER = (a, b) -> {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareKey(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private final ConditionEvaluator evaluator;

    JoinKeys(ConditionEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** The key tuple of an event, or null when a non-optional key is missing. */
    List<Object> of(List<Expression> keys, JsonNode doc) {
        List<Object> tuple = new ArrayList<>(keys.size());
        for (Expression k : keys) {
            Object v = normalize(evaluator.value(k, doc));
            if (v == null && !(k instanceof Expression.Field f && f.optional())) {
                return null;
            }
            tuple.add(v);
        }
        return tuple;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareKey(Object a, Object b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue());
        }
        if (a.getClass() == b.getClass() && a instanceof Comparable ca) {
            return ca.compareTo(b);
        }
        return a.getClass().getName().compareTo(b.getClass().getName());
    }

    /** 100 and 100.0 are the same key. */
    private static Object normalize(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e15) {
            return d.longValue();
        }
        return v;
    }
}
