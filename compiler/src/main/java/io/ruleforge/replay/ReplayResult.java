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
 * @param period      the replayed period and the events outside it
 * @param indices     the indices the events were recorded in, as far as known: a rule decides only the events of
 *                    the indices it searches
 * @param rules       per replayed rule, noisiest first (ties by rule file)
 * @param notReplayed rule file → why it was not replayed
 */
public record ReplayResult(long events, List<String> files, double seconds, int threads, Timeline period, Indices indices,
                           List<RuleReplay> rules, Map<String, String> notReplayed) {

    public ReplayResult {
        files = List.copyOf(files);
        rules = List.copyOf(rules);
        // sorted by file: Map.copyOf iterates in an order that changes from one JVM to the next, and replay.md and
        // replay.json list these in their iteration order
        notReplayed = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(notReplayed));
    }

    /**
     * The period the rules' runs are placed over.
     *
     * @param first             the first event's {@code @timestamp} (ISO 8601), the schedules' origin; null when none had one
     * @param last              the latest {@code @timestamp}
     * @param withoutTime       events without a readable {@code @timestamp}: in no run's window, never alerted on
     * @param outOfOrder        events earlier than an event before them in the input
     * @param firstOutOfOrder   where the first of those is ({@code file:line}); null when none
     * @param outOfOrderOn      the time field whose order it broke ({@code @timestamp}, or a rule's
     *                          {@code timestamp_override} such as {@code event.ingested (else @timestamp)}); null when none
     */
    public record Timeline(String first, String last, long withoutTime, long outOfOrder, String firstOutOfOrder,
                           String outOfOrderOn) {
    }

    /**
     * The indices the events were recorded in: a saved search response's {@code _index} (a data stream's backing
     * index read as the stream), an event's {@code data_stream.type-dataset-namespace}, or {@code --index}.
     *
     * @param known          events of a known index, each decided by the rules whose index patterns match it
     * @param unknown        events of no known index, decided by every rule
     * @param searchedByNone events of an index no replayed rule searches
     * @param notSearched    some of those indices (the first met, at most ten), with their event counts, by name
     */
    public record Indices(long known, long unknown, long searchedByNone, Map<String, Long> notSearched) {
        public Indices {
            notSearched = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(notSearched));
        }
    }

    /**
     * A rule's runs over the period.
     *
     * @param interval       the rule's interval
     * @param runs           runs from the first (one interval after the first event) to the first whose window reaches the last event
     * @param maxSignalsHits runs that had more alerts than {@code max_signals} and wrote only that many
     * @param capped         alerts no run wrote because of {@code max_signals}
     * @param suppressed     events folded into an alert by alert suppression
     * @param outsideWindows events the rule's query returns that no run's window holds (look-back shorter than the interval)
     * @param lateEvents     events the rule's query returns that arrived after the runs whose windows hold them had been
     *                       decided (events out of time order; rules decided one event at a time take them still)
     */
    public record Runs(String interval, long runs, long maxSignalsHits, long capped, long suppressed, long outsideWindows,
                       long lateEvents) {
    }

    /**
     * One rule's alerts on the recorded events.
     *
     * @param alerts     the alerts the rule's runs write (after max_signals and suppression)
     * @param first      the earliest alert's time (ISO 8601; an event's, or the run's for an aggregated alert), null when none
     * @param perDay     alerts per UTC day ({@code yyyy-MM-dd}), in day order
     * @param topValues  per key field, its most frequent values with their counts, most frequent first
     * @param rejected   events on which Elasticsearch would reject the query (they count no alert), and why
     */
    public record RuleReplay(String file, String ruleId, String name, String type, long alerts, String first, String last,
                             Runs runs, Map<String, Long> perDay, Map<String, List<ValueCount>> topValues,
                             List<Sample> samples, long rejected, String rejection) {
    }

    public record ValueCount(String value, long count) {
    }

    /** A sample alert: where its events are in the input, and the events (one, or a sequence's). */
    public record Sample(String time, List<String> at, List<JsonNode> events) {
    }
}
