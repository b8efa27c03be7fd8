package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.evaluate.EventFields;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * What one rule's alerts on the recorded events add up to, as one worker saw them: count, first and last time,
 * alerts per UTC day, value counts of the fields the rule keys on, and the earliest few alerts as samples.
 * Bounded: at most {@link #MAX_DISTINCT_VALUES} distinct values are counted per field (later new values count
 * as "other"). Workers each keep their own and {@link #merge} them at the end. Not thread-safe.
 */
final class RuleTally {

    static final int MAX_DISTINCT_VALUES = 10_000;
    static final String OTHER_VALUES = "(other values)";
    static final long DAY_MILLIS = 86_400_000L;

    /** One alert kept as a sample: its time ({@link EventTimes#NONE} if none), position in the input, events. */
    record Sample(long millis, long sequence, List<RecordedEvent> events) {
    }

    private static final Comparator<Sample> EARLIEST_FIRST = Comparator.comparingLong((Sample s) -> s.millis() == EventTimes.NONE ? Long.MAX_VALUE : s.millis())
            .thenComparingLong(Sample::sequence);

    private final List<String> keyFields;
    private final int maxSamples;
    long alerts;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long withoutTime;
    final TreeMap<Long, Long> perDay = new TreeMap<>();
    final Map<String, Map<String, Long>> values = new HashMap<>();
    /** The latest of the earliest samples on top, so a new earlier alert evicts it. */
    private final PriorityQueue<Sample> samples;

    RuleTally(List<String> keyFields, int maxSamples) {
        this.keyFields = keyFields;
        this.maxSamples = maxSamples;
        this.samples = new PriorityQueue<>(Math.max(1, maxSamples), EARLIEST_FIRST.reversed());
    }

    /** One alert: {@code keyEvent} is the event whose values are counted (a sequence's last event). */
    void add(long millis, long sequence, JsonNode keyEvent, List<RecordedEvent> events) {
        add(millis, sequence, keyEvent, events, null);
    }

    /**
     * As {@link #add(long, long, JsonNode, List)}; a key field the alert's {@code group} holds counts the group's value,
     * not the event's: a new terms alert on {@code ["10.0.1.1","192.0.2.77"]} is about the one value that was new.
     */
    void add(long millis, long sequence, JsonNode keyEvent, List<RecordedEvent> events, AlertGroup group) {
        alerts++;
        if (millis == EventTimes.NONE) {
            withoutTime++;
        } else {
            first = Math.min(first, millis);
            last = Math.max(last, millis);
            perDay.merge(Math.floorDiv(millis, DAY_MILLIS), 1L, Long::sum);
        }
        for (String field : keyFields) {
            if (group != null && group.kind().equals("threshold") && !group.terms().containsKey(field)) {
                continue; // a threshold alert carries its group's terms only, not one of its events' other fields
            }
            Map<String, Long> counts = values.computeIfAbsent(field, f -> new HashMap<>());
            if (group != null && group.terms().containsKey(field)) {
                String value = group.terms().get(field);
                if (value != null) {
                    counts.merge(counts.containsKey(value) || counts.size() < MAX_DISTINCT_VALUES ? value : OTHER_VALUES, 1L, Long::sum);
                }
                continue;
            }
            for (JsonNode v : EventFields.values(keyEvent, field)) {
                String text = v.isValueNode() ? v.asText() : v.toString();
                String key = counts.containsKey(text) || counts.size() < MAX_DISTINCT_VALUES ? text : OTHER_VALUES;
                counts.merge(key, 1L, Long::sum);
            }
        }
        offer(new Sample(millis, sequence, events));
    }

    private void offer(Sample sample) {
        if (maxSamples <= 0) {
            return;
        }
        if (samples.size() < maxSamples) {
            samples.add(sample);
        } else if (EARLIEST_FIRST.compare(sample, samples.peek()) < 0) {
            samples.poll();
            samples.add(sample);
        }
    }

    void merge(RuleTally other) {
        alerts += other.alerts;
        first = Math.min(first, other.first);
        last = Math.max(last, other.last);
        withoutTime += other.withoutTime;
        other.perDay.forEach((day, n) -> perDay.merge(day, n, Long::sum));
        other.values.forEach((field, counts) -> {
            Map<String, Long> mine = values.computeIfAbsent(field, f -> new HashMap<>());
            counts.forEach((value, n) -> mine.merge(mine.containsKey(value) || mine.size() < MAX_DISTINCT_VALUES ? value : OTHER_VALUES, n, Long::sum));
        });
        other.samples.forEach(this::offer);
    }

    List<Sample> samples() {
        List<Sample> sorted = new ArrayList<>(samples);
        sorted.sort(EARLIEST_FIRST);
        return sorted;
    }

    List<String> keyFields() {
        return keyFields;
    }
}
