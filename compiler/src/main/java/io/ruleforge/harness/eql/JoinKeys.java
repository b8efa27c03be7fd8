package io.ruleforge.harness.eql;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.eql.Expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Join-key tuples of sequences and samples. Keys compare exactly (case-sensitive, typed). A null key discards the
 * event for that term unless the key is an optional field ({@code ?field}), which admits null as a value.
 */
final class JoinKeys {

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

    /** 100 and 100.0 are the same key. */
    private static Object normalize(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 9e15) {
            return d.longValue();
        }
        return v;
    }
}
