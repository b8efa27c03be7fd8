package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.eql.EqlSettings;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.RuleTimestamp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The read-only searches a backtest sends to the team's cluster, over a rule's own index patterns: the query DSL
 * with the time range the detection engine adds and a {@code date_histogram}; EQL through {@code _eql/search};
 * ES|QL through {@code _query}; threshold and new_terms through the executors' aggregations
 * ({@link AlertAggregations}). Nothing is written: every request is a search. Index patterns that match nothing are
 * an empty answer, not an error ({@code ignore_unavailable}, {@code allow_no_indices}, as the detection engine sends).
 */
public final class ClusterSearch {

    /** Histogram buckets: hours for ranges up to two days, else days (UTC). */
    public enum Interval {
        HOUR("1h", ChronoUnit.HOURS), DAY("1d", ChronoUnit.DAYS);

        private final String fixed;
        private final ChronoUnit unit;

        Interval(String fixed, ChronoUnit unit) {
            this.fixed = fixed;
            this.unit = unit;
        }

        public ChronoUnit unit() {
            return unit;
        }

        public static Interval forRange(Instant from, Instant to) {
            return ChronoUnit.HOURS.between(from, to) <= 48 ? HOUR : DAY;
        }
    }

    /** The searched time range, {@code gte from, lte to}, and its histogram interval. */
    public record TimeRange(Instant from, Instant to, Interval interval) {
        public TimeRange {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(interval, "interval");
            if (to.isBefore(from)) {
                throw new IllegalArgumentException("the time range ends (" + to + ") before it starts (" + from + ")");
            }
        }
    }

    /**
     * What a rule's searches counted.
     *
     * @param total       hits (events, sequences, rows or alerting groups)
     * @param capped      whether the cluster returned at most a page, so {@code total} is a lower bound
     * @param perBucket   per histogram bucket start, its count (buckets with none included where the cluster gives them)
     * @param withoutTime counted items without a readable {@code @timestamp} (not in {@code perBucket})
     * @param tookMillis  the cluster's {@code took}, summed over the searches
     * @param searches    requests sent
     */
    public record Counts(long total, boolean capped, Map<Instant, Long> perBucket, long withoutTime, long tookMillis,
                         int searches) {
        public Counts {
            perBucket = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(perBucket));
        }
    }

    /** The cluster has no such endpoint (e.g. a node without the EQL or ES|QL plugin). */
    public static final class UnsupportedException extends RuntimeException {
        public UnsupportedException(String message) {
            super(message);
        }
    }

    /** The cluster refused the search; the message is Elasticsearch's reason. */
    public static final class RejectedException extends RuntimeException {
        public RejectedException(String message) {
            super(message);
        }
    }

    /** Events or sequences an EQL search returns at most ({@code index.max_result_window}'s default). */
    static final int EQL_PAGE = 10_000;
    /** Rows an ES|QL query without {@code LIMIT} returns at most. */
    static final int ESQL_DEFAULT_LIMIT = 1_000;
    private static final String EQL = "EQL search (_eql/search)";
    private static final String TOLERANT = "ignore_unavailable=true&allow_no_indices=true";

    private final EngineClient client;
    private final RuleTimestamp time;

    public ClusterSearch(EngineClient client) {
        this(client, RuleTimestamp.DEFAULT);
    }

    private ClusterSearch(EngineClient client, RuleTimestamp time) {
        this.client = Objects.requireNonNull(client, "client");
        this.time = Objects.requireNonNull(time, "time");
    }

    /**
     * These searches for a rule placing events by {@code time} (its {@code timestamp_override}): the range filter,
     * the histogram and the times counted read the override, and {@code @timestamp} where it falls back.
     */
    public ClusterSearch placedBy(RuleTimestamp time) {
        return new ClusterSearch(client, time);
    }

    /**
     * The detection engine's search for a query rule: {@code bool.filter} of the rule's query (its filters included)
     * and the time range ({@link RuleTimestamp#rangeFilter}), with {@code track_total_hits} and a {@code date_histogram}
     * of the events' time ({@link TimeAggregations}: with a fallback, one over each side of an {@code exists} filter on
     * the override, added up).
     */
    public Counts query(List<String> indices, JsonNode query, TimeRange range) {
        ObjectNode body = client.json().createObjectNode();
        body.put("size", 0);
        body.put("track_total_hits", true);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(query.deepCopy());
        filter.add(time.rangeFilter(range.from(), range.to()));
        TimeAggregations.add(body.putObject("aggs"), "per_bucket", time, field -> histogram(field, range));
        JsonNode answer = search("/" + target(indices) + "/_search?" + TOLERANT, body, "the search (_search)", readOn(indices));
        SortedMap<Instant, Long> buckets = new TreeMap<>();
        for (JsonNode histogram : TimeAggregations.answers(answer.path("aggregations"), "per_bucket", time)) {
            histogram.path("buckets").forEach(b ->
                    buckets.merge(Instant.ofEpochMilli(b.path("key").asLong()), b.path("doc_count").asLong(), Long::sum));
        }
        return new Counts(answer.path("hits").path("total").path("value").asLong(), false, buckets, 0,
                answer.path("took").asLong(), 1);
    }

    private ObjectNode histogram(String field, TimeRange range) {
        ObjectNode aggregation = client.json().createObjectNode();
        ObjectNode histogram = aggregation.putObject("date_histogram");
        histogram.put("field", field);
        histogram.put("fixed_interval", range.interval().fixed);
        histogram.put("min_doc_count", 0);
        histogram.putObject("extended_bounds").put("min", range.from().toEpochMilli()).put("max", range.to().toEpochMilli());
        return aggregation;
    }

    /**
     * An EQL rule through {@code _eql/search} with the range (and the rule's filters, {@link EqlSettings#filter()}) as
     * {@code filter}, and the rule's EQL settings sent as the detection engine sends them ({@code timestamp_field},
     * {@code event_category_field}, {@code tiebreaker_field} when set). An event query without pipes is searched one
     * histogram bucket at a time ({@code perBucket}), so each count is exact up to {@value #EQL_PAGE} events per
     * bucket; a sequence, a sample or a piped query once over the whole range (a bucket boundary would cut a sequence,
     * and a pipe works on the whole answer), counted by (its last) event's time.
     *
     * @param perBucket whether to search bucket by bucket: an event query without pipes
     */
    public Counts eql(List<String> indices, String eql, boolean perBucket, TimeRange range, EqlSettings settings) {
        StringBuilder path = new StringBuilder("/" + target(indices) + "/_eql/search?" + TOLERANT + "&filter_path=took,error,status");
        for (String field : timeFields()) {
            path.append(",hits.events._source.").append(encode(field)).append(",hits.sequences.events._source.").append(encode(field));
        }
        SortedMap<Instant, Long> buckets = new TreeMap<>();
        long total = 0;
        long took = 0;
        long withoutTime = 0;
        int searches = 0;
        boolean capped = false;
        if (perBucket) {
            ChronoUnit unit = range.interval().unit();
            for (Instant bucket = range.from().truncatedTo(unit); !bucket.isAfter(range.to()); bucket = bucket.plus(1, unit)) {
                Instant next = bucket.plus(1, unit);
                Instant from = bucket.isBefore(range.from()) ? range.from() : bucket;
                boolean last = next.isAfter(range.to());
                JsonNode answer = search(path.toString(), eqlBody(eql, settings, from, last ? range.to() : next, !last), EQL, readOn(indices));
                long n = answer.path("hits").path("events").size();
                capped |= n >= EQL_PAGE;
                buckets.put(bucket, n);
                total += n;
                took += answer.path("took").asLong();
                searches++;
            }
            return new Counts(total, capped, buckets, 0, took, searches);
        }
        JsonNode answer = search(path.toString(), eqlBody(eql, settings, range.from(), range.to(), false), EQL, readOn(indices));
        JsonNode events = answer.path("hits").path("events");
        JsonNode sequences = answer.path("hits").path("sequences");
        // an event query with pipes answers events; a sequence or sample, sequences counted at their last event
        List<JsonNode> found = new java.util.ArrayList<>();
        events.forEach(found::add);
        sequences.forEach(s -> found.add(s.path("events").path(s.path("events").size() - 1)));
        for (JsonNode event : found) {
            Instant at = time.time(event.path("_source")).orElse(null);
            if (at == null) {
                withoutTime++;
            } else {
                buckets.merge(at.truncatedTo(range.interval().unit()), 1L, Long::sum);
            }
        }
        return new Counts(found.size(), found.size() >= EQL_PAGE, buckets, withoutTime, answer.path("took").asLong(), 1);
    }

    private ObjectNode eqlBody(String eql, EqlSettings settings, Instant from, Instant to, boolean endExclusive) {
        ObjectNode body = client.json().createObjectNode();
        body.put("query", eql);
        EqlSettings defaults = EqlSettings.defaults();
        if (!settings.timestampField().equals(defaults.timestampField())) {
            body.put("timestamp_field", settings.timestampField());
        }
        if (!settings.eventCategoryField().equals(defaults.eventCategoryField())) {
            body.put("event_category_field", settings.eventCategoryField());
        }
        if (settings.tiebreakerField() != null) {
            body.put("tiebreaker_field", settings.tiebreakerField());
        }
        body.put("size", EQL_PAGE);
        ArrayNode filter = body.putObject("filter").putObject("bool").putArray("filter");
        filter.add(endExclusive ? time.rangeFilterBefore(from, to) : time.rangeFilter(from, to));
        settings.filter().ifPresent(filter::add);
        return body;
    }

    /**
     * An ES|QL rule through {@code _query}, the range and the rule's exception filter ({@code filters}, e.g.
     * {@code CompiledRule.filters()}) as its {@code filter}, as Kibana's ES|QL executor sends them: rows counted, by
     * their time columns ({@code @timestamp}, or the override's) when the query keeps them.
     */
    public Counts esql(String esql, TimeRange range, Optional<ObjectNode> filters) {
        ObjectNode body = client.json().createObjectNode();
        body.put("query", esql);
        ArrayNode requestFilter = body.putObject("filter").putObject("bool").putArray("filter").add(time.rangeFilter(range.from(), range.to()));
        filters.ifPresent(requestFilter::add);
        JsonNode answer = search("/_query?format=json", body, "ES|QL (_query)", "the index privilege read on the indices its FROM names");
        JsonNode columns = answer.path("columns");
        SortedMap<Instant, Long> buckets = new TreeMap<>();
        long withoutTime = 0;
        JsonNode rows = answer.path("values");
        for (JsonNode row : rows) {
            ObjectNode named = client.json().createObjectNode();
            for (int i = 0; i < columns.size(); i++) {
                String name = columns.get(i).path("name").asText();
                if (timeFields().contains(name)) {
                    named.set(name, row.path(i));
                }
            }
            Instant at = time.time(named).orElse(null);
            if (at == null) {
                withoutTime++;
            } else {
                buckets.merge(at.truncatedTo(range.interval().unit()), 1L, Long::sum);
            }
        }
        return new Counts(rows.size(), rows.size() >= ESQL_DEFAULT_LIMIT, buckets, withoutTime, answer.path("took").asLong(), 1);
    }

    /**
     * A threshold rule's alerts as its runs every {@code interval} would raise them: the groups reaching the threshold
     * in each {@code interval}-sized window from the range's start ({@link AlertAggregations#thresholdPerWindow}),
     * counted per histogram bucket at their last event. The query's hits are left to {@link #query}.
     */
    public Counts threshold(List<String> indices, JsonNode query, AlertRuleSpec.Threshold threshold, java.time.Duration interval,
                            TimeRange range) {
        AlertAggregations aggregations = new AlertAggregations(client, "/" + target(indices) + "/_search?" + TOLERANT, false, time);
        try {
            return counted(aggregations.thresholdPerWindow(query, threshold, range.from(), range.to(), interval), range);
        } catch (DslEvaluationException e) {
            throw new RejectedException(e.getMessage());
        } catch (EngineException.Forbidden e) {
            throw forbidden(e, readOn(indices));
        }
    }

    /**
     * A new_terms rule's alerts as its runs every interval from the range's start would write them ({@code schedule},
     * {@code runs} of them, the last the first whose window reaches the range's end;
     * {@link AlertAggregations#newTermsPerRun}: with the rule's {@code max_signals} and alert suppression), counted per
     * histogram bucket at each alert's first event. The query's hits are left to {@link #query}.
     *
     * @throws UnsupportedException when a suppressed rule's runs find more new terms than a backtest holds
     */
    public NewTermsCounts newTerms(List<String> indices, JsonNode query, AlertRuleSpec spec,
                                   io.ruleforge.evaluate.alerts.RuleSchedule schedule, int runs, TimeRange range) {
        AlertAggregations aggregations = new AlertAggregations(client, "/" + target(indices) + "/_search?" + TOLERANT, false, time);
        AlertAggregations.RunAlerts written;
        try {
            written = aggregations.newTermsPerRun(query, spec, schedule, runs, range.to());
        } catch (DslEvaluationException e) {
            throw new RejectedException(e.getMessage());
        } catch (EngineException.Forbidden e) {
            throw forbidden(e, readOn(indices));
        } catch (io.ruleforge.evaluate.alerts.SuppressedNewTermsRuns.TooManyException e) {
            throw new UnsupportedException(e.getMessage());
        }
        SortedMap<Instant, Long> buckets = new TreeMap<>();
        written.alerts().forEach(at -> buckets.merge(at.truncatedTo(range.interval().unit()), 1L, Long::sum));
        List<Instant> at = written.alerts().stream().sorted().toList();
        return new NewTermsCounts(new Counts(at.size(), false, buckets, 0, written.tookMillis(), written.searches()), at,
                written.leftOut(), written.runsAtMax(), written.suppressed(), written.buckets(), written.lookups());
    }

    /**
     * A new_terms rule's alerts run by run, and what the runs' {@code max_signals}, suppression and the search did.
     *
     * @param alerts     the alerts the runs write
     * @param at         each alert's time, in order: its term's first event in the window of the run that wrote it;
     *                   with suppression its group's first event there
     * @param leftOut    without suppression, alerts found new but cut by {@code max_signals} in every run that found
     *                   them; with it, alerts {@code max_signals} left out, summed over the runs (replay's count)
     * @param runsAtMax  runs that left out an alert because they had written {@code max_signals}
     * @param suppressed events alert suppression folded (0 without suppression; replay's {@code suppressed})
     * @param buckets    composite buckets the cluster returned (terms × histogram buckets with events)
     * @param lookups    new terms' first events read for their {@code group_by} values (suppression only)
     */
    public record NewTermsCounts(Counts alerts, List<Instant> at, long leftOut, int runsAtMax, long suppressed, long buckets,
                                 long lookups) {
        public NewTermsCounts {
            at = List.copyOf(at);
        }
    }

    /** Alerting groups as counts: one each, in the histogram bucket of their time (those without one in none). */
    private static Counts counted(AlertAggregations.Groups groups, TimeRange range) {
        SortedMap<Instant, Long> buckets = new TreeMap<>();
        long withoutTime = 0;
        for (AlertAggregations.Group g : groups.groups()) {
            if (g.at().isPresent()) {
                buckets.merge(g.at().get().truncatedTo(range.interval().unit()), 1L, Long::sum);
            } else {
                withoutTime++;
            }
        }
        return new Counts(groups.groups().size(), false, buckets, withoutTime, groups.tookMillis(), groups.searches());
    }

    /** The fields an event's time is read from: the override and its fallback, or {@code @timestamp}. */
    private List<String> timeFields() {
        return time.secondary().map(s -> List.of(time.primary(), s)).orElse(List.of(time.primary()));
    }

    /**
     * @param privilege what the credentials need for it, e.g. {@code the index privilege read on logs-*}: named when the
     *                  cluster answers 403, which is then this search's rejection, not the end of the run (another
     *                  rule's indices may be readable)
     */
    private JsonNode search(String path, ObjectNode body, String what, String privilege) {
        EngineClient.Response response;
        try {
            response = client.post(path, body);
        } catch (EngineException.Forbidden e) {
            throw forbidden(e, privilege);
        }
        if (!response.ok()) {
            String reason = response.errorReason();
            // a node without the plugin: no route at all, or the path taken for an index name ("/_query" as GET /{index})
            if (reason.contains("no handler found for uri") || response.status() == 405) {
                // Elasticsearch's words without the request's URI, which the report names anyway
                int uri = reason.indexOf(" for uri [");
                throw new UnsupportedException("the cluster does not support " + what + " (HTTP " + response.status() + ": "
                        + (uri > 0 ? reason.substring(0, uri) : reason) + ")");
            }
            throw new RejectedException("Elasticsearch rejected " + what + ": " + reason);
        }
        JsonNode shards = response.body().path("_shards");
        if (shards.path("failed").asInt(0) > 0) {
            throw new RejectedException("Elasticsearch rejected " + what + ": "
                    + EngineErrors.reason(shards.path("failures").path(0).path("reason")));
        }
        return response.body();
    }

    private static RejectedException forbidden(EngineException.Forbidden e, String privilege) {
        return new RejectedException(e.getMessage() + ": grant them " + privilege);
    }

    static String readOn(List<String> indices) {
        // an exclusion is no index to grant read on
        return "the index privilege read on "
                + String.join(", ", indices.stream().filter(i -> !i.strip().startsWith("-")).toList());
    }

    /** The comma-separated, URL-encoded index patterns ({@code *} and {@code ,} kept). */
    private static String target(List<String> indices) {
        return indices.stream().map(i -> encode(i).replace("%2A", "*")).collect(Collectors.joining(","));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
