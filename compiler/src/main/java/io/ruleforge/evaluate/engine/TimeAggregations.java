package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.alerts.RuleTimestamp;

import java.util.List;
import java.util.function.Function;

/**
 * An aggregation over the events' time for a rule (new terms' first seen and first event, backtest's histogram).
 * Kibana reads that time from {@code kibana.combined_timestamp}, a painless runtime field emitting the
 * {@code timestamp_override} when the event has it, else {@code @timestamp}; a minimal cluster has no painless, so
 * with a fallback the same is asked as two filtered aggregations — over the override where it exists, over
 * {@code @timestamp} where it does not — whose answers together are the bucket's ({@link #answers}).
 */
final class TimeAggregations {

    private static final String OVERRIDE = "_override";
    private static final String FALLBACK = "_fallback";

    private TimeAggregations() {
    }

    /** Adds aggregation {@code name} to {@code aggs}, {@code over} the time field(s) of {@code time}. */
    static void add(ObjectNode aggs, String name, RuleTimestamp time, Function<String, ObjectNode> over) {
        if (time.secondary().isEmpty()) {
            aggs.set(name, over.apply(time.primary()));
            return;
        }
        ObjectNode withOverride = aggs.putObject(name + OVERRIDE);
        withOverride.putObject("filter").putObject("exists").put("field", time.primary());
        withOverride.putObject("aggs").set(name, over.apply(time.primary()));
        ObjectNode without = aggs.putObject(name + FALLBACK);
        without.putObject("filter").putObject("bool").putObject("must_not").putObject("exists").put("field", time.primary());
        without.putObject("aggs").set(name, over.apply(time.secondary().get()));
    }

    /** The answers of an {@link #add}ed aggregation in a bucket (or a response's {@code aggregations}): one, or one per side. */
    static List<JsonNode> answers(JsonNode bucket, String name, RuleTimestamp time) {
        if (time.secondary().isEmpty()) {
            return List.of(bucket.path(name));
        }
        return List.of(bucket.path(name + OVERRIDE).path(name), bucket.path(name + FALLBACK).path(name));
    }
}
