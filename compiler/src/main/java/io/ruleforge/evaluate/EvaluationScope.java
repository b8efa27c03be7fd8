package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * What a clause is evaluated against: the event (or, inside a {@code nested} query, one nested object wrapped
 * as {@code {"<path>": object}}), the nested path in effect (null at the root) and the instant of {@code now}.
 * Also memoises each field's indexed values, because Kibana queries test the same field in hundreds of clauses
 * and analysing a long text once per clause is quadratic. Lives for one evaluation on one thread only.
 * {@code lenient}: read by a lenient query_string (see {@link #asLenient}).
 */
record EvaluationScope(JsonNode source, String nestedScope, Instant now, Map<String, FieldValues> indexed, boolean lenient) {

    EvaluationScope(JsonNode source, String nestedScope, Instant now) {
        this(source, nestedScope, now, new HashMap<>(), false);
    }

    EvaluationScope(JsonNode source, String nestedScope, Instant now, Map<String, FieldValues> indexed) {
        this(source, nestedScope, now, indexed, false);
    }

    /**
     * The same event read by a lenient {@code query_string} (one on the default field {@code *}, as Kibana sends a
     * Lucene rule's): a clause that fails on its field matches nothing there, as Elasticsearch's parser reads it.
     */
    EvaluationScope asLenient() {
        return lenient ? this : new EvaluationScope(source, nestedScope, now, indexed, true);
    }

    FieldValues values(String field, Function<String, FieldValues> index) {
        FieldValues cached = indexed.get(field);
        if (cached == null) {
            cached = index.apply(field);
            indexed.put(field, cached);
        }
        return cached;
    }
}
