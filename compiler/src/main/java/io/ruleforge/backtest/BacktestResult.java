package io.ruleforge.backtest;

import java.util.List;
import java.util.Map;

/**
 * What a backtest found.
 *
 * @param engine        what answered, e.g. {@code Elasticsearch 8.19.21 at https://es.example.com:9243} (never a credential)
 * @param from          the range's start (ISO 8601), as sent ({@code gte})
 * @param to            its end ({@code lte})
 * @param interval      {@code day} or {@code hour}: the histogram's buckets (UTC)
 * @param slots         every bucket of the range, in order, as the histograms name them
 * @param seconds       wall time of the backtest
 * @param rules         per searched rule, noisiest first (ties by hits, then rule file)
 * @param notBacktested rule file → why it was not searched
 * @param rejected      rule file → the cluster's reason for refusing its search
 */
public record BacktestResult(String engine, String from, String to, String interval, List<String> slots, double seconds,
                             List<RuleBacktest> rules, Map<String, String> notBacktested, Map<String, String> rejected) {

    public BacktestResult {
        slots = List.copyOf(slots);
        rules = List.copyOf(rules);
        // sorted by file: Map.copyOf iterates in an order that changes from one JVM to the next, and backtest.md and
        // the diagnostics list these in their iteration order
        notBacktested = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(notBacktested));
        rejected = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(rejected));
    }

    /**
     * One rule's counts on the cluster.
     *
     * @param indices     the index patterns searched (an ES|QL rule's are in its FROM)
     * @param counted     what an alert is for this rule: {@code events}, {@code sequences}, {@code rows}, {@code groups}
     *                    (threshold) or {@code terms} (new_terms)
     * @param alerts      alerts the rule would raise over the range (query rules: its hits; EQL: events or sequences;
     *                    ES|QL: rows; threshold: the alerting groups of each interval-sized window; new_terms: the new
     *                    terms its runs every interval would write, run by run)
     * @param hits        events the rule's query matches (the same as alerts but for threshold and new_terms)
     * @param atLeast     whether the cluster returned a full page, so the counts are lower bounds
     * @param histogram   per bucket ({@link BacktestResult#slots}), its alerts (threshold: at the group's last event;
     *                    new_terms: at the term's first event in the window of the run that wrote it), buckets with none
     *                    left out
     * @param withoutTime counted alerts without a readable {@code @timestamp}, in no bucket
     * @param tookMillis  the cluster's {@code took}, summed over the rule's searches
     * @param searches    requests sent for the rule
     * @param counting    what {@code alerts}, the histogram and {@code hits} count, in words (above all where it is not
     *                    what the rule's runs would alert on)
     */
    public record RuleBacktest(String file, String ruleId, String name, String type, List<String> indices, String counted,
                               long alerts, long hits, boolean atLeast, Map<String, Long> histogram, long withoutTime,
                               long tookMillis, int searches, String counting) {
        public RuleBacktest {
            indices = List.copyOf(indices);
        }
    }
}
