package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.DslEvaluationException;
import io.ruleforge.evaluate.TermKeys;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.NewTermsRuns;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import io.ruleforge.evaluate.alerts.SuppressedNewTermsRuns;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The threshold and new_terms searches Kibana's executors send, against any search target: live mode's temporary
 * index ({@link EngineAlerts}) or a rule's own index patterns on the team's cluster (backtest, {@link ClusterSearch}).
 * Read-only: every request is a {@code _search}.
 * <ul>
 * <li>threshold: the query and the window ({@code gte from, lte to} on the rule's time fields, {@link RuleTimestamp}) with a composite aggregation over
 * {@code threshold.field} (one {@code terms} source per field, no missing bucket) and a {@code cardinality}
 * sub-aggregation; with no field, the total hits and one cardinality;</li>
 * <li>new_terms: phase 1, a composite over the fields of the events in the window; phase 2, the same composite with a
 * {@code min} of the events' time ({@code first_seen}) over {@code history_window_start}…{@code to}, restricted to
 * the window's terms;</li>
 * <li>new_terms over a backtest's range, run by run ({@link #newTermsPerRun}): one composite of the terms and a
 * {@code date_histogram} aligned to the runs, decided by {@link NewTermsRuns}.</li>
 * </ul>
 * Kibana's bucket selectors ({@code params.docCount >= value}, {@code params.cardinalityCount >= value},
 * {@code params.first_seen_value > params.start_time}) are painless scripts, which a minimal cluster lacks: their
 * one-line conditions are applied here to the buckets the cluster returns. With {@code withEvents}, a group's events
 * come from a {@code top_hits} sub-aggregation (at most {@value #TOP_HITS} per group, Elasticsearch's default
 * {@code index.max_inner_result_window}); a backtest, which only counts, leaves it out.
 */
final class AlertAggregations {

    private static final int COMPOSITE_PAGE = 10_000;
    private static final int TOP_HITS = 100;
    /** Window terms per phase 2 search (Kibana's executor pages them by 500 too). */
    private static final int NEW_TERMS_BATCH = 500;

    /**
     * A group that alerts.
     *
     * @param key         its terms (empty for a threshold without fields)
     * @param count       its events in the window
     * @param cardinality the distinct values of the threshold's cardinality field, when it has one
     * @param hits        the hits naming its events (empty without {@code withEvents})
     * @param at          when it alerts, where the search says: a threshold window's group at its last event, a new
     *                    term at its first
     */
    record Group(Map<String, String> key, long count, OptionalLong cardinality, JsonNode hits, Optional<Instant> at) {
        Group(Map<String, String> key, long count, OptionalLong cardinality, JsonNode hits) {
            this(key, count, cardinality, hits, Optional.empty());
        }
    }

    /** The groups, and the {@code took} of every search sent for them. */
    record Groups(List<Group> groups, long tookMillis, int searches) {
    }

    private final EngineClient client;
    /** The search endpoint, e.g. {@code /ruleforge-test-…/_search} or {@code /logs-*,winlogbeat-*}{@code /_search?…}. */
    private final String searchPath;
    private final boolean withEvents;
    private final RuleTimestamp time;
    private long took;
    private int searches;

    /** @param time which of an event's fields places it in the window (the rule's {@code timestamp_override}) */
    AlertAggregations(EngineClient client, String searchPath, boolean withEvents, RuleTimestamp time) {
        this.client = client;
        this.searchPath = searchPath;
        this.withEvents = withEvents;
        this.time = time;
    }

    /** @throws DslEvaluationException when the cluster rejects a search */
    Groups threshold(JsonNode query, AlertRuleSpec.Threshold t, Instant from, Instant to) {
        ObjectNode body = search(query, from, to);
        if (t.fields().isEmpty()) {
            body.put("track_total_hits", true);
            body.put("size", withEvents ? TOP_HITS : 0);
            body.put("_source", false);
            body.putArray("sort").add("_doc");
            t.cardinality().ifPresent(c -> body.putObject("aggs").putObject("cardinality_count").putObject("cardinality").put("field", c));
            JsonNode response = post(body);
            long total = response.path("hits").path("total").path("value").asLong();
            OptionalLong cardinality = t.cardinality().isPresent()
                    ? OptionalLong.of(response.path("aggregations").path("cardinality_count").path("value").asLong()) : OptionalLong.empty();
            if (total == 0 || !thresholdMet(t, total, cardinality)) {
                return done(List.of());
            }
            return done(List.of(new Group(Map.of(), total, cardinality, response.path("hits").path("hits"))));
        }
        ObjectNode aggs = composite(body, "thresholdTerms", t.fields());
        t.cardinality().ifPresent(c -> aggs.putObject("cardinality_count").putObject("cardinality").put("field", c));
        if (withEvents) {
            aggs.set("events", topHits("_doc", TOP_HITS));
        }
        List<Group> groups = new ArrayList<>();
        for (JsonNode bucket : buckets(body, "thresholdTerms")) {
            long docCount = bucket.path("doc_count").asLong();
            OptionalLong cardinality = t.cardinality().isPresent()
                    ? OptionalLong.of(bucket.path("cardinality_count").path("value").asLong()) : OptionalLong.empty();
            // Kibana's count_check and cardinality_check bucket selectors
            if (thresholdMet(t, docCount, cardinality)) {
                groups.add(new Group(key(bucket.path("key")), docCount, cardinality, bucket.path("events").path("hits").path("hits")));
            }
        }
        return done(groups);
    }

    /** The composite source of the windows: a name no threshold field can have (field names do not start with "_rf"). */
    private static final String WINDOW_SOURCE = "_rf_window";

    /**
     * A threshold rule run every {@code window} from {@code from} on: one composite aggregation whose first source is a
     * {@code date_histogram} of {@code window}-sized buckets starting at {@code from} ({@code offset}), then the
     * threshold's terms, so each bucket is one run's group; those reaching the threshold are the runs' alerts, each at
     * its group's last event ({@code max} of the time). Back-to-back windows share no event, as the executor's signal
     * history keeps an event of an alerted group out of the next run. With a {@code timestamp_override} fallback, each
     * side of the {@code exists} filter is asked on its own and a window's group adds up both; a cardinality spread
     * over both sides is then asked of that window and group alone, since distinct counts do not add up.
     *
     * @throws DslEvaluationException when the cluster rejects a search
     */
    Groups thresholdPerWindow(JsonNode query, AlertRuleSpec.Threshold t, Instant from, Instant to, Duration window) {
        long windowMillis = window.toMillis();
        String offset = "+" + Math.floorMod(from.toEpochMilli(), windowMillis) + "ms";
        record Side(String field, Optional<ObjectNode> filter) {
        }
        List<Side> sides = time.secondary().isEmpty() ? List.of(new Side(time.primary(), Optional.empty())) : List.of(
                new Side(time.primary(), Optional.of(exists(time.primary()))),
                new Side(time.secondary().get(), Optional.of(notExists(time.primary()))));
        final class WindowGroup {
            final JsonNode key;
            long count;
            long last = Long.MIN_VALUE;
            long cardinality;
            int sidesSeen;

            WindowGroup(JsonNode key) {
                this.key = key;
            }
        }
        Map<String, WindowGroup> byWindowAndKey = new LinkedHashMap<>();
        for (Side side : sides) {
            ObjectNode body = search(query, from, to);
            side.filter().ifPresent(((ArrayNode) body.path("query").path("bool").path("filter"))::add);
            ObjectNode aggregation = body.putObject("aggs").putObject("thresholdWindows");
            ObjectNode composite = aggregation.putObject("composite");
            composite.put("size", COMPOSITE_PAGE);
            ArrayNode sources = composite.putArray("sources");
            sources.addObject().putObject(WINDOW_SOURCE).putObject("date_histogram").put("field", side.field())
                    .put("fixed_interval", windowMillis + "ms").put("offset", offset);
            t.fields().forEach(f -> sources.addObject().putObject(f).putObject("terms").put("field", f));
            ObjectNode aggs = aggregation.putObject("aggs");
            aggs.putObject("last_event").putObject("max").put("field", side.field());
            t.cardinality().ifPresent(c -> aggs.putObject("cardinality_count").putObject("cardinality").put("field", c));
            boolean oneSide = sides.size() == 1;
            forEachBucket(body, "thresholdWindows", bucket -> {
                if (oneSide && bucket.path("doc_count").asLong() < t.value()) {
                    return; // below the threshold in its window, with no other side to add to it: never an alert
                }
                WindowGroup g = byWindowAndKey.computeIfAbsent(bucket.path("key").toString(), k -> new WindowGroup(bucket.path("key")));
                g.count += bucket.path("doc_count").asLong();
                g.last = Math.max(g.last, bucket.path("last_event").path("value").asLong(Long.MIN_VALUE));
                g.cardinality = Math.max(g.cardinality, bucket.path("cardinality_count").path("value").asLong());
                g.sidesSeen++;
            });
        }
        List<Group> groups = new ArrayList<>();
        for (WindowGroup g : byWindowAndKey.values()) {
            OptionalLong cardinality = OptionalLong.empty();
            if (t.cardinality().isPresent()) {
                cardinality = OptionalLong.of(g.sidesSeen > 1 && g.count >= t.value() && g.cardinality < t.cardinalityValue()
                        ? windowCardinality(query, t, g.key, Instant.ofEpochMilli(g.key.path(WINDOW_SOURCE).asLong()), window, from, to)
                        : g.cardinality);
            }
            if (thresholdMet(t, g.count, cardinality)) {
                Map<String, String> key = key(g.key);
                key.remove(WINDOW_SOURCE);
                groups.add(new Group(key, g.count, cardinality, client.json().createArrayNode(),
                        g.last == Long.MIN_VALUE ? Optional.empty() : Optional.of(Instant.ofEpochMilli(g.last))));
            }
        }
        return done(groups);
    }

    /** The distinct values of the cardinality field of one window's group, both sides of a fallback together. */
    private long windowCardinality(JsonNode query, AlertRuleSpec.Threshold t, JsonNode key, Instant windowStart, Duration window,
                                   Instant from, Instant to) {
        Instant start = windowStart.isBefore(from) ? from : windowStart;
        Instant end = windowStart.plus(window);
        ObjectNode body = search(query, from, to);
        ArrayNode filter = (ArrayNode) body.path("query").path("bool").path("filter");
        filter.add(end.isAfter(to) ? time.rangeFilter(start, to) : time.rangeFilterBefore(start, end));
        t.fields().forEach(f -> filter.addObject().putObject("term").set(f, key.path(f)));
        body.putObject("aggs").putObject("cardinality_count").putObject("cardinality").put("field", t.cardinality().orElseThrow());
        return post(body).path("aggregations").path("cardinality_count").path("value").asLong();
    }

    private ObjectNode exists(String field) {
        ObjectNode exists = client.json().createObjectNode();
        exists.putObject("exists").put("field", field);
        return exists;
    }

    private ObjectNode notExists(String field) {
        ObjectNode not = client.json().createObjectNode();
        not.putObject("bool").set("must_not", exists(field));
        return not;
    }

    private static boolean thresholdMet(AlertRuleSpec.Threshold t, long count, OptionalLong cardinality) {
        return count >= t.value() && (cardinality.isEmpty() || cardinality.getAsLong() >= t.cardinalityValue());
    }

    /** @throws DslEvaluationException when the cluster rejects a search */
    Groups newTerms(JsonNode query, AlertRuleSpec.NewTerms n, Instant from, Instant to, Instant history) {
        // Phase 1: the terms (combinations) of the window, each with its earliest event there, which the alert is built from.
        ObjectNode recent = search(query, from, to);
        ObjectNode recentAggs = composite(recent, "new_terms", n.fields());
        if (withEvents) {
            TimeAggregations.add(recentAggs, "first_event", time, field -> topHits(field, 1));
        }
        List<JsonNode> windowBuckets = buckets(recent, "new_terms");
        if (windowBuckets.isEmpty()) {
            return done(List.of());
        }
        // Phase 2: their first time seen over history…to, a batch of terms per search as Kibana pages them; new only
        // when after the window's start.
        Map<Map<String, String>, Double> firstSeen = new LinkedHashMap<>();
        for (int start = 0; start < windowBuckets.size(); start += NEW_TERMS_BATCH) {
            ObjectNode page = search(query, history, to);
            ArrayNode should = ((ArrayNode) page.path("query").path("bool").path("filter")).addObject().putObject("bool").putArray("should");
            for (JsonNode bucket : windowBuckets.subList(start, Math.min(windowBuckets.size(), start + NEW_TERMS_BATCH))) {
                ArrayNode must = should.addObject().putObject("bool").putArray("must");
                bucket.path("key").fields().forEachRemaining(e -> must.addObject().putObject("match").set(e.getKey(), e.getValue()));
            }
            TimeAggregations.add(composite(page, "new_terms", n.fields()), "first_seen", time, field -> {
                ObjectNode min = client.json().createObjectNode();
                min.putObject("min").put("field", field);
                return min;
            });
            for (JsonNode bucket : buckets(page, "new_terms")) {
                for (JsonNode seen : TimeAggregations.answers(bucket, "first_seen", time)) {
                    if (seen.path("value").isNumber()) {
                        firstSeen.merge(key(bucket.path("key")), seen.path("value").asDouble(), Math::min);
                    }
                }
            }
        }
        List<Group> groups = new ArrayList<>();
        for (JsonNode bucket : windowBuckets) {
            Map<String, String> key = key(bucket.path("key"));
            Double seen = firstSeen.get(key);
            // Kibana's filtering_agg bucket selector: params.first_seen_value > params.start_time (the window's start).
            // The phase 2 filter matches each field on its own, so other combinations come back too: only the
            // window's combinations are candidates.
            if (seen != null && seen > from.toEpochMilli()) {
                groups.add(new Group(key, 1, OptionalLong.empty(), firstHit(TimeAggregations.answers(bucket, "first_event", time)),
                        Optional.of(Instant.ofEpochMilli(seen.longValue()))));
            }
        }
        return done(groups);
    }

    /**
     * What a new_terms rule's runs write over a range ({@link #newTermsPerRun}).
     *
     * @param alerts     each alert written, in no particular order: at its term's first event of the run's window;
     *                   with suppression at its group's first event there (the first event of the alert's term)
     * @param leftOut    without suppression, alerts found new but cut by {@code max_signals} in every run that found
     *                   them; with suppression, alerts {@code max_signals} left out, summed over the runs (as replay
     *                   counts them: a later run may still write one)
     * @param runsAtMax  runs that left out an alert because they had written {@code max_signals}
     * @param suppressed events alert suppression folded (0 without suppression)
     * @param buckets    composite buckets read: the request's size, paged
     * @param lookups    first events of new terms looked up for their {@code group_by} values (suppression only)
     */
    record RunAlerts(List<Instant> alerts, long leftOut, int runsAtMax, long suppressed, long buckets, long lookups,
                     long tookMillis, int searches) {
    }

    /** The composite source of an event's time by the override's fallback, when the override field is missing. */
    private static final String FALLBACK_SOURCE = "_rf_fallback";

    /** First events of new terms looked up per request (Kibana's executor pages its terms by 500 too). */
    private static final int LOOKUP_BATCH = NEW_TERMS_BATCH;

    /**
     * A new_terms rule run every interval from the schedule's origin, {@code runs} runs, over events up to
     * {@code end}: one paged composite aggregation whose sources are the terms first and then a {@code date_histogram}
     * of the rule's time at a granularity dividing the interval and the look-back, aligned to the runs ({@code offset}),
     * with the {@code min} and {@code max} time of each bucket; over the history window of the first run up to
     * {@code end}. Every run's window bound is then a bucket bound, so each run is decided exactly from the buckets
     * ({@link NewTermsRuns}); an event exactly on a window's {@code lte} bound starts a bucket there, and its
     * {@code min} says it is at the bound. The terms come first so that a term's buckets arrive together and in the
     * executor's order: one term is held at a time, and {@code max_signals} is counted per run as the executor cuts.
     * With a {@code timestamp_override} fallback, a second histogram source on the fallback field and
     * {@code missing_bucket} on both place an event without the override by its fallback, in the same one stream.
     * <p>
     * With alert suppression, the runs are decided by {@link SuppressedNewTermsRuns} after the last page, from the
     * {@code group_by} values of each new term's first event in a run's window: looked up while the pages are read,
     * {@value #LOOKUP_BATCH} first events a request ({@link #lookUpFirstEvents}) — only the findings, not every
     * bucket, are read (a {@code top_hits} on every bucket made the search four times as slow).
     *
     * @throws DslEvaluationException when the cluster rejects a search
     * @throws SuppressedNewTermsRuns.TooManyException when a suppressed rule's runs find too many new terms, or groups, to hold
     */
    RunAlerts newTermsPerRun(JsonNode query, AlertRuleSpec spec, RuleSchedule schedule, int runs, Instant end) {
        AlertRuleSpec.NewTerms n = spec.newTerms().orElseThrow();
        long slot = granularity(schedule);
        String offset = "+" + Math.floorMod(schedule.origin(), slot) + "ms";
        Instant firstTo = Instant.ofEpochMilli(schedule.windowEnd(0));
        long historyStart = io.ruleforge.evaluate.alerts.RuleAlerts.resolve(n.historyWindowStart(), firstTo).toEpochMilli();
        Instant start = Instant.ofEpochMilli(Math.min(historyStart, schedule.windowStart(0)));
        List<Instant> alerts = new ArrayList<>();
        if (start.isAfter(end)) {
            return new RunAlerts(alerts, 0, 0, 0, 0, 0, took, searches);
        }
        boolean fallback = time.secondary().isPresent();
        Optional<AlertRuleSpec.Suppression> suppression = spec.suppression();
        ObjectNode body = search(query, start, end);
        ObjectNode aggregation = body.putObject("aggs").putObject("new_terms_runs");
        ObjectNode composite = aggregation.putObject("composite");
        composite.put("size", COMPOSITE_PAGE);
        ArrayNode sources = composite.putArray("sources");
        n.fields().forEach(f -> sources.addObject().putObject(f).putObject("terms").put("field", f));
        ObjectNode window = sources.addObject().putObject(WINDOW_SOURCE).putObject("date_histogram").put("field", time.primary())
                .put("fixed_interval", slot + "ms").put("offset", offset);
        ObjectNode aggs = aggregation.putObject("aggs");
        aggs.putObject("first_event").putObject("min").put("field", time.primary());
        aggs.putObject("last_event").putObject("max").put("field", time.primary());
        if (fallback) {
            window.put("missing_bucket", true);
            sources.addObject().putObject(FALLBACK_SOURCE).putObject("date_histogram").put("field", time.secondary().get())
                    .put("fixed_interval", slot + "ms").put("offset", offset).put("missing_bucket", true);
            aggs.putObject("fallback_first").putObject("min").put("field", time.secondary().get());
            aggs.putObject("fallback_last").putObject("max").put("field", time.secondary().get());
        }
        SuppressedNewTermsRuns suppressed = suppression.isPresent() ? new SuppressedNewTermsRuns(spec, schedule, runs) : null;
        // the paths of an event's source its group_by keys are read from (a multi-field's leaf): as replay keys the event
        List<String> groupSources = suppression.map(s -> s.groupBy().stream().flatMap(f -> spec.groupKeys().sourcePaths(f).stream())
                .distinct().toList()).orElse(List.of());
        NewTermsRuns decider = suppressed == null ? new NewTermsRuns(schedule, runs, n.historyWindowStart(), spec.maxSignals()) : null;
        // one term's occurrences, by bucket start: both sides of a fallback may fill the same bucket
        java.util.TreeMap<Long, NewTermsRuns.Seen> term = new java.util.TreeMap<>();
        JsonNode[] currentKey = {null};
        long[] buckets = {0};
        // findings whose first events are still to be looked up, with their term
        List<Map.Entry<JsonNode, SuppressedNewTermsRuns.Lookup>> pending = new ArrayList<>();
        Runnable decideTerm = () -> {
            List<NewTermsRuns.Seen> seen = new ArrayList<>(term.values());
            if (suppressed != null) {
                for (SuppressedNewTermsRuns.Lookup lookup : suppressed.term(seen)) {
                    pending.add(Map.entry(currentKey[0], lookup));
                }
                if (pending.size() >= LOOKUP_BATCH) {
                    lookUpFirstEvents(query, n.fields(), groupSources, pending, suppressed);
                }
            } else {
                decider.decide(seen).forEach(w -> alerts.add(Instant.ofEpochMilli(w.at())));
            }
            term.clear();
        };
        forEachBucket(body, "new_terms_runs", bucket -> {
            buckets[0]++;
            JsonNode key = bucket.path("key");
            ObjectNode terms = client.json().createObjectNode();
            n.fields().forEach(f -> terms.set(f, key.path(f)));
            if (!terms.equals(currentKey[0])) {
                if (currentKey[0] != null) {
                    decideTerm.run();
                }
                currentKey[0] = terms;
            }
            boolean byPrimary = key.path(WINDOW_SOURCE).isNumber();
            JsonNode first = bucket.path(byPrimary ? "first_event" : "fallback_first").path("value");
            JsonNode last = bucket.path(byPrimary ? "last_event" : "fallback_last").path("value");
            JsonNode bucketStart = key.path(byPrimary ? WINDOW_SOURCE : FALLBACK_SOURCE);
            if (bucketStart.isNumber() && first.isNumber() && last.isNumber()) {
                term.merge(bucketStart.asLong(), new NewTermsRuns.Seen(first.asLong(), last.asLong()),
                        (a, b) -> new NewTermsRuns.Seen(Math.min(a.first(), b.first()), Math.max(a.last(), b.last())));
            }
        });
        if (currentKey[0] != null) {
            decideTerm.run();
        }
        if (suppressed != null) {
            lookUpFirstEvents(query, n.fields(), groupSources, pending, suppressed);
            SuppressedNewTermsRuns.Result result = suppressed.decide();
            result.alerts().forEach(w -> alerts.add(Instant.ofEpochMilli(w.at())));
            return new RunAlerts(alerts, result.capped(), result.runsAtMax(), result.suppressed(), buckets[0],
                    result.lookups(), took, searches);
        }
        return new RunAlerts(alerts, decider.leftOut(), decider.runsAtMax(), 0, buckets[0], 0, took, searches);
    }

    /**
     * The {@code group_by} values of pending findings' first events, {@link #LOOKUP_BATCH} a request: the rule's query
     * with one {@code filters} bucket per finding — its terms ({@code term} on each new_terms field: an event holding
     * the value among others is one of the term's) within its millisecond ({@link RuleTimestamp#rangeFilterBefore},
     * {@code gte} it, {@code lt} the next: a {@code date_nanos} event at {@code .123456789} is in {@code .123}'s) — each
     * with a {@code top_hits} of its first event by the rule's time, its {@code _source} only the paths the
     * {@code group_by} keys are read from ({@code groupSources}: whole values, arrays as arrays; a multi-field's leaf),
     * keyed by the rule's mapping as replay keys the event. Of two events of the term at that same millisecond the
     * cluster's first is taken.
     *
     * @throws DslEvaluationException when the cluster rejects a search, or does not find a first event it counted
     */
    private void lookUpFirstEvents(JsonNode query, List<String> fields, List<String> groupSources,
                                   List<Map.Entry<JsonNode, SuppressedNewTermsRuns.Lookup>> pending, SuppressedNewTermsRuns runs) {
        for (int start = 0; start < pending.size(); start += LOOKUP_BATCH) {
            List<Map.Entry<JsonNode, SuppressedNewTermsRuns.Lookup>> batch = pending.subList(start, Math.min(pending.size(), start + LOOKUP_BATCH));
            long earliest = batch.stream().mapToLong(e -> e.getValue().at()).min().orElseThrow();
            long latest = batch.stream().mapToLong(e -> e.getValue().at()).max().orElseThrow();
            ObjectNode body = search(query, time.rangeFilterBefore(Instant.ofEpochMilli(earliest), Instant.ofEpochMilli(latest + 1)));
            ObjectNode aggregation = body.putObject("aggs").putObject("first_events");
            ObjectNode filters = aggregation.putObject("filters").putObject("filters");
            for (Map.Entry<JsonNode, SuppressedNewTermsRuns.Lookup> e : batch) {
                ArrayNode filter = filters.putObject(Integer.toString(e.getValue().finding())).putObject("bool").putArray("filter");
                fields.forEach(f -> filter.addObject().putObject("term").set(f, e.getKey().path(f)));
                Instant at = Instant.ofEpochMilli(e.getValue().at());
                filter.add(time.rangeFilterBefore(at, at.plusMillis(1)));
            }
            aggregation.putObject("aggs").set("first", firstEventFields(groupSources));
            JsonNode answered = post(body).path("aggregations").path("first_events").path("buckets");
            for (Map.Entry<JsonNode, SuppressedNewTermsRuns.Lookup> e : batch) {
                JsonNode hit = answered.path(Integer.toString(e.getValue().finding())).path("first").path("hits").path("hits").path(0);
                if (hit.isMissingNode()) {
                    throw new DslEvaluationException("first event not found: the new term " + e.getKey() + "'s at "
                            + Instant.ofEpochMilli(e.getValue().at()) + ", which the cluster counted, is not in its answer "
                            + "(deleted or changed while the backtest ran?)");
                }
                // a hit without any group_by field answers no _source: every field missing
                JsonNode source = hit.path("_source");
                runs.firstEvent(e.getValue().finding(), source.isObject() ? (ObjectNode) source : client.json().createObjectNode());
            }
        }
        pending.clear();
    }

    /**
     * A bucket's first event by the rule's time (the override, then its fallback, as the executors sort), with only
     * the paths of its {@code _source} the {@code group_by} keys are read from: what in-memory suppression groups a new
     * term's alert by.
     */
    private ObjectNode firstEventFields(List<String> groupSources) {
        ObjectNode topHits = client.json().createObjectNode();
        ObjectNode spec = topHits.putObject("top_hits");
        spec.put("size", 1);
        ArrayNode includes = spec.putObject("_source").putArray("includes");
        groupSources.forEach(includes::add);
        ArrayNode sort = spec.putArray("sort");
        sort.addObject().putObject(time.primary()).put("order", "asc").put("unmapped_type", "date");
        time.secondary().ifPresent(s -> sort.addObject().putObject(s).put("order", "asc").put("unmapped_type", "date"));
        return topHits;
    }

    /**
     * The coarsest bucket every run's window bound falls on: the greatest common divisor of the interval and the
     * window's offsets from the run ({@code now-6m} … {@code now} every {@code 5m}: one minute).
     */
    static long granularity(RuleSchedule schedule) {
        return gcd(gcd(schedule.interval(), Math.abs(schedule.fromOffset())), Math.abs(schedule.toOffset()));
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private Groups done(List<Group> groups) {
        return new Groups(groups, took, searches);
    }

    /** A size-0 search of the query within {@code gte from, lte to} ({@code buildTimeRangeFilter}), as the executors send. */
    private ObjectNode search(JsonNode query, Instant from, Instant to) {
        return search(query, time.rangeFilter(from, to));
    }

    /** A size-0 search of the query within {@code timeFilter}. */
    private ObjectNode search(JsonNode query, ObjectNode timeFilter) {
        ObjectNode body = client.json().createObjectNode();
        body.put("size", 0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(query.deepCopy());
        filter.add(timeFilter);
        return body;
    }

    /** The earliest of the first hits of {@code top_hits} answers (by their sort value, the time), as a hits array. */
    private JsonNode firstHit(List<JsonNode> answers) {
        ArrayNode out = client.json().createArrayNode();
        JsonNode first = null;
        for (JsonNode answer : answers) {
            JsonNode hit = answer.path("hits").path("hits").path(0);
            if (!hit.isMissingNode() && (first == null || hit.path("sort").path(0).asLong() < first.path("sort").path(0).asLong())) {
                first = hit;
            }
        }
        if (first != null) {
            out.add(first);
        }
        return out;
    }

    /** Adds a composite aggregation with a terms source per field; returns its (empty) sub-aggregations object. */
    private static ObjectNode composite(ObjectNode body, String name, List<String> fields) {
        ObjectNode aggregation = body.putObject("aggs").putObject(name);
        ObjectNode composite = aggregation.putObject("composite");
        composite.put("size", COMPOSITE_PAGE);
        ArrayNode sources = composite.putArray("sources");
        fields.forEach(f -> sources.addObject().putObject(f).putObject("terms").put("field", f));
        return aggregation.putObject("aggs");
    }

    /** A {@code top_hits} aggregation naming the first {@code size} events of a bucket by {@code sortField}. */
    private ObjectNode topHits(String sortField, int size) {
        ObjectNode topHits = client.json().createObjectNode();
        ObjectNode spec = topHits.putObject("top_hits");
        spec.put("size", size);
        spec.put("_source", false);
        ObjectNode sort = spec.putArray("sort").addObject();
        if (sortField.equals("_doc")) {
            sort.put(sortField, "asc");
        } else {
            // an index without the override field sorts as the executors' searches do: as a date with no values
            sort.putObject(sortField).put("order", "asc").put("unmapped_type", "date");
        }
        return topHits;
    }

    /** Every bucket of a composite aggregation, page after page ({@code after_key}). */
    private List<JsonNode> buckets(ObjectNode body, String name) {
        List<JsonNode> out = new ArrayList<>();
        forEachBucket(body, name, out::add);
        return out;
    }

    /** Hands on each bucket of a composite aggregation, page by page: a caller that keeps few holds few. */
    private void forEachBucket(ObjectNode body, String name, java.util.function.Consumer<JsonNode> each) {
        ObjectNode composite = (ObjectNode) body.path("aggs").path(name).path("composite");
        while (true) {
            JsonNode aggregation = post(body).path("aggregations").path(name);
            aggregation.path("buckets").forEach(each);
            JsonNode after = aggregation.path("after_key");
            if (aggregation.path("buckets").size() < COMPOSITE_PAGE || after.isMissingNode()) {
                return;
            }
            composite.set("after", after);
        }
    }

    private JsonNode post(ObjectNode body) {
        EngineClient.Response response = client.post(searchPath, body);
        if (!response.ok()) {
            throw new DslEvaluationException("Elasticsearch rejected the alert search: " + response.errorReason());
        }
        JsonNode shards = response.body().path("_shards");
        if (shards.path("failed").asInt(0) > 0) {
            throw new DslEvaluationException("Elasticsearch rejected the alert search: "
                    + EngineErrors.reason(shards.path("failures").path(0).path("reason")));
        }
        searches++;
        took += response.body().path("took").asLong();
        return response.body();
    }

    /** A bucket key as alerts state it: values as text, numbers in plain form, a missing value {@code null}. */
    private static Map<String, String> key(JsonNode key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isNull() ? null : TermKeys.sourceText(e.getValue()));
        }
        return out;
    }
}
