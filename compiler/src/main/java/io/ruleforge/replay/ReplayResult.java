package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/**
 * What a replay found.
 *
 * @param events      events read
 * @param files       the events files, as displayed
 * @param seconds     wall time of the replay
 * @param threads     worker threads used
 * @param rules       per replayed rule, noisiest first (ties by rule file)
 * @param notReplayed rule file → why it was not replayed
 */
public record ReplayResult(long events, List<String> files, double seconds, int threads, List<RuleReplay> rules,
                           Map<String, String> notReplayed) {

    public ReplayResult {
        files = List.copyOf(files);
        rules = List.copyOf(rules);
        notReplayed = Map.copyOf(notReplayed);
    }

    /**
     * One rule's alerts on the recorded events.
     *
     * @param first      the earliest alert's time (ISO 8601), null when none had a time
     * @param perDay     alerts per UTC day ({@code yyyy-MM-dd}), in day order
     * @param topValues  per key field, its most frequent values with their counts, most frequent first
     * @param rejected   events on which Elasticsearch would reject the query (they count no alert), and why
     */
    public record RuleReplay(String file, String ruleId, String name, String type, long alerts, String first, String last,
                             long alertsWithoutTime, Map<String, Long> perDay, Map<String, List<ValueCount>> topValues,
                             List<Sample> samples, long rejected, String rejection) {
    }

    public record ValueCount(String value, long count) {
    }

    /** A sample alert: where its events are in the input, and the events (one, or a sequence's). */
    public record Sample(String time, List<String> at, List<JsonNode> events) {
    }
}
