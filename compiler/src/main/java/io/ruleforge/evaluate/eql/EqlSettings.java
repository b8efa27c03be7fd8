package io.ruleforge.evaluate.eql;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.Optional;

/**
 * The EQL search parameters that change results (EQL_SPEC §6).
 *
 * @param timestampField     {@code timestamp_field}, default {@code @timestamp}
 * @param eventCategoryField {@code event_category_field} (Kibana's {@code event_category_override}), default
 *                           {@code event.category}
 * @param tiebreakerField    {@code tiebreaker_field}, or null for none
 * @param size               {@code size}: most results returned, default 10
 * @param maxSamplesPerKey   {@code max_samples_per_key}, default 1
 * @param resultPosition     {@code result_position}: which end of the results {@code size} keeps, default tail
 * @param filter             {@code filter}: a query DSL restricting the events searched (Kibana gives a rule's
 *                           filters here), empty for every event
 */
public record EqlSettings(String timestampField, String eventCategoryField, String tiebreakerField, int size,
                          int maxSamplesPerKey, ResultPosition resultPosition, Optional<ObjectNode> filter) {

    public enum ResultPosition { HEAD, TAIL }

    public EqlSettings {
        Objects.requireNonNull(timestampField, "timestampField");
        Objects.requireNonNull(eventCategoryField, "eventCategoryField");
        Objects.requireNonNull(resultPosition, "resultPosition");
        filter = filter.map(ObjectNode::deepCopy);
        if (size < 0 || maxSamplesPerKey < 1) {
            throw new IllegalArgumentException("size must be >= 0 and maxSamplesPerKey >= 1");
        }
    }

    /** Elasticsearch's defaults. */
    public static EqlSettings defaults() {
        return new EqlSettings("@timestamp", "event.category", null, 10, 1, ResultPosition.TAIL, Optional.empty());
    }

    public EqlSettings withSize(int newSize) {
        return new EqlSettings(timestampField, eventCategoryField, tiebreakerField, newSize, maxSamplesPerKey, resultPosition, filter);
    }

    public EqlSettings withMaxSamplesPerKey(int n) {
        return new EqlSettings(timestampField, eventCategoryField, tiebreakerField, size, n, resultPosition, filter);
    }

    public EqlSettings withResultPosition(ResultPosition position) {
        return new EqlSettings(timestampField, eventCategoryField, tiebreakerField, size, maxSamplesPerKey, position, filter);
    }

    public EqlSettings withTiebreakerField(String field) {
        return new EqlSettings(timestampField, eventCategoryField, field, size, maxSamplesPerKey, resultPosition, filter);
    }

    public EqlSettings withEventCategoryField(String field) {
        return new EqlSettings(timestampField, field, tiebreakerField, size, maxSamplesPerKey, resultPosition, filter);
    }

    public EqlSettings withTimestampField(String field) {
        return new EqlSettings(field, eventCategoryField, tiebreakerField, size, maxSamplesPerKey, resultPosition, filter);
    }

    public EqlSettings withFilter(Optional<ObjectNode> query) {
        return new EqlSettings(timestampField, eventCategoryField, tiebreakerField, size, maxSamplesPerKey, resultPosition, query);
    }

    @Override
    public Optional<ObjectNode> filter() {
        return filter.map(ObjectNode::deepCopy);
    }
}
