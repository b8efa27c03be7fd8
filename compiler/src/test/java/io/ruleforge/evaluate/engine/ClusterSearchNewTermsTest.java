package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import io.ruleforge.fields.EcsSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new_terms rule backtested run by run ({@link ClusterSearch#newTerms}) against a stub cluster holding events: it
 * answers the one composite aggregation the backtest sends as Elasticsearch computes it (the request's query decided
 * by the in-process DSL evaluator, its {@code terms} and {@code date_histogram} sources with {@code offset} and
 * {@code missing_bucket}, keys in order, {@code min}/{@code max} per bucket), so each test states events and the
 * alerts the rule's runs would write, as Kibana's executor decides them.
 */
class ClusterSearchNewTermsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DslEvaluator EVALUATOR = new DslEvaluator(EcsSchemas.defaultSchema());
    /** The range's start: not on a minute, so the histogram's offset aligns its buckets to the runs, not the clock. */
    private static final Instant F = Instant.parse("2024-05-01T10:00:07.123Z");
    private static final JsonNode QUERY = JSON.createObjectNode().set("term",
            JSON.createObjectNode().put("event.category", "process"));

    private HttpServer server;
    private final List<JsonNode> requests = new ArrayList<>();
    private final List<ObjectNode> events = new ArrayList<>();
    private ClusterSearch search;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            requests.add(body);
            byte[] out = JSON.writeValueAsBytes(answer(body));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, out.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
        search = new ClusterSearch(new EngineClient(EngineConnection.anonymous(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()))));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** The rule: every 5 minutes over the last 6 (a minute of overlap), one hour of history. */
    private static AlertRuleSpec rule(List<String> fields, int maxSignals, String from) {
        return new AlertRuleSpec("new_terms", from, "now", maxSignals, Optional.empty(),
                Optional.of(new AlertRuleSpec.NewTerms(fields, "now-1h")), Optional.empty());
    }

    private static AlertRuleSpec rule(List<String> fields) {
        return rule(fields, 100, "now-6m");
    }

    private ClusterSearch.NewTermsCounts backtest(ClusterSearch on, AlertRuleSpec spec, Instant to) {
        RuleSchedule schedule = RuleSchedule.of(Duration.ofMinutes(5), spec, F.toEpochMilli());
        int runs = (int) schedule.runsUntil(to.toEpochMilli());
        return on.newTerms(List.of("logs-*"), QUERY, spec.newTerms().orElseThrow(), spec.maxSignals(), schedule, runs,
                new ClusterSearch.TimeRange(F, to, ClusterSearch.Interval.HOUR));
    }

    private ClusterSearch.NewTermsCounts backtest(AlertRuleSpec spec) {
        return backtest(search, spec, F.plus(Duration.ofHours(3)));
    }

    private static Instant at(String afterF) {
        return F.plus(Duration.parse("PT" + afterF));
    }

    private ObjectNode event(Instant at, String host) {
        ObjectNode e = JSON.createObjectNode();
        e.put("@timestamp", at.toString());
        e.putObject("event").put("category", "process");
        e.putObject("host").put("name", host);
        events.add(e);
        return e;
    }

    private ObjectNode event(Instant at, String host, String... users) {
        ObjectNode e = event(at, host);
        if (users.length == 1) {
            e.putObject("user").put("name", users[0]);
        } else if (users.length > 1) {
            ArrayNode names = e.putObject("user").putArray("name");
            for (String u : users) {
                names.add(u);
            }
        }
        return e;
    }

    @Test
    void theRequestIsOneCompositeWithTheTermsFirstAndBucketsAlignedToTheRuns() {
        event(at("1M"), "a");
        backtest(rule(List.of("host.name")));

        assertThat(requests).hasSize(1);
        JsonNode body = requests.get(0);
        JsonNode sources = body.path("aggs").path("new_terms_runs").path("composite").path("sources");
        assertThat(sources.get(0).path("host.name").path("terms").path("field").asText()).isEqualTo("host.name");
        JsonNode window = sources.get(1).path("_rf_window").path("date_histogram");
        // every 5 minutes over the last 6: each window bound falls on a minute from the range's start
        assertThat(window.path("fixed_interval").asText()).isEqualTo("60000ms");
        assertThat(window.path("offset").asText()).isEqualTo("+7123ms");
        assertThat(window.has("missing_bucket")).isFalse();
        JsonNode range = body.path("query").path("bool").path("filter").get(1).path("range").path("@timestamp");
        // from the first run's history window (its window ends at F + 5m, an hour back) to the range's end
        assertThat(range.path("gte").asText()).isEqualTo("2024-05-01T09:05:07.123Z");
        assertThat(range.path("lte").asText()).isEqualTo("2024-05-01T13:00:07.123Z");
        assertThat(body.path("size").asInt(-1)).isZero();
    }

    @Test
    void aTermSeenAgainAfterItsHistoryWindowIsNewAgain() {
        event(at("1M"), "a");      // new: alert
        event(at("30M"), "a");     // seen 29 minutes before, within the hour: not new
        event(at("2H"), "a");      // last seen 90 minutes before: new again
        // seen before the range, within the history of the run that finds it: the cluster's history counts
        event(F.minus(Duration.ofMinutes(30)), "b");
        event(at("10M"), "b");

        ClusterSearch.NewTermsCounts counts = backtest(rule(List.of("host.name")));

        assertThat(counts.alerts().total()).isEqualTo(2);
        assertThat(counts.at()).containsExactly(at("1M"), at("2H"));
        assertThat(counts.alerts().perBucket()).isEqualTo(Map.of(
                Instant.parse("2024-05-01T10:00:00Z"), 1L, Instant.parse("2024-05-01T12:00:00Z"), 1L));
        assertThat(counts.leftOut()).isZero();
    }

    @Test
    void anEventInTheOverlapOfTwoRunsOrOnAWindowsEndIsOneAlert() {
        // 4m30s after the start: in the windows of the runs at 5m (−1m…5m) and 10m (4m…10m), new in both, one alert _id
        event(at("4M30S"), "c");
        // exactly at the first run's lte bound (5m) and inside the next window: one alert, at that event
        event(at("5M"), "d");
        // exactly at the third run's gte bound (15m − 6m = 9m): the second run (4m…10m) holds it and finds it new
        event(at("9M"), "e");

        ClusterSearch.NewTermsCounts counts = backtest(rule(List.of("host.name")));

        assertThat(counts.at()).containsExactly(at("4M30S"), at("5M"), at("9M"));
        assertThat(counts.leftOut()).isZero();
    }

    @Test
    void anEventOnAWindowsStartIsHistoryThereSoAFirstRunThatCutItLosesIt() {
        // back-to-back windows (from now-5m): 5m is the first run's lte bound and the second run's gte bound
        event(at("1M"), "a");
        event(at("5M"), "b");
        ClusterSearch.NewTermsCounts counts = backtest(rule(List.of("host.name"), 1, "now-5m"));

        // the first run writes "a" and cuts "b" (max_signals 1); the second run sees "b" first at its window's start,
        // where first_seen > from fails: it is never written
        assertThat(counts.at()).containsExactly(at("1M"));
        assertThat(counts.leftOut()).isEqualTo(1);
        assertThat(counts.runsAtMax()).isEqualTo(1);
    }

    @Test
    void maxSignalsKeepsTheFirstTermsInKeyOrderAndALaterRunWritesOneItStillFindsNew() {
        event(at("1M"), "b");       // cut by the first run (after "a" in key order), outside the second run's window: lost
        event(at("2M"), "a");       // written by the first run: first in key order, though not in time
        event(at("4M30S"), "c");    // cut by the first run, still new in the second (4m…10m): written there

        ClusterSearch.NewTermsCounts counts = backtest(rule(List.of("host.name"), 1, "now-6m"));

        assertThat(counts.alerts().total()).isEqualTo(2);
        assertThat(counts.leftOut()).isEqualTo(1);
        assertThat(counts.runsAtMax()).isEqualTo(1);
        assertThat(counts.at()).containsExactly(at("2M"), at("4M30S"));
    }

    @Test
    void severalFieldsAlertOnANewCombinationEachValueOfAnArrayItsOwn() {
        event(at("1M"), "h1", "u1");             // new combination
        event(at("20M"), "h1", "u2");            // same host, new user: a new combination
        event(at("40M"), "h1", "u1");            // seen 39 minutes before: not new
        event(at("50M"), "h1", "u3", "u4");      // two new combinations from one event
        event(at("55M"), "h2");                  // no user.name: no combination
        event(at("56M"), "h1", "u2", "u5");      // (h1, u2) seen within the hour; (h1, u5) new

        ClusterSearch.NewTermsCounts counts = backtest(rule(List.of("host.name", "user.name")));

        assertThat(counts.at()).containsExactly(at("1M"), at("20M"), at("50M"), at("50M"), at("56M"));
        JsonNode sources = requests.get(0).path("aggs").path("new_terms_runs").path("composite").path("sources");
        assertThat(sources.get(1).path("user.name").path("terms").path("field").asText()).isEqualTo("user.name");
        assertThat(sources.get(2).has("_rf_window")).isTrue();
    }

    @Test
    void aTimestampOverrideWithItsFallbackPlacesEachEventByItsOwnTime() {
        // ingested two hours after its @timestamp: placed at 2h; an event without event.ingested at its @timestamp
        ((ObjectNode) event(at("1M"), "x").get("event")).put("ingested", at("2H").toString());
        event(at("3M"), "y");
        // "y" again 90 minutes later by @timestamp, but ingested 10 minutes after the first: not new
        ((ObjectNode) event(at("1H30M"), "y").get("event")).put("ingested", at("13M").toString());

        ClusterSearch placed = search.placedBy(new RuleTimestamp("event.ingested", Optional.of("@timestamp")));
        ClusterSearch.NewTermsCounts counts = backtest(placed, rule(List.of("host.name")), F.plus(Duration.ofHours(3)));

        assertThat(counts.at()).containsExactly(at("3M"), at("2H"));
        JsonNode sources = requests.get(0).path("aggs").path("new_terms_runs").path("composite").path("sources");
        assertThat(sources.get(1).path("_rf_window").path("date_histogram").path("field").asText()).isEqualTo("event.ingested");
        assertThat(sources.get(1).path("_rf_window").path("date_histogram").path("missing_bucket").asBoolean()).isTrue();
        assertThat(sources.get(2).path("_rf_fallback").path("date_histogram").path("field").asText()).isEqualTo("@timestamp");
    }

    /**
     * Random events of a few terms over three hours, with history before the range, against the executor's rules
     * applied run by run to the events themselves (the test's own model, below): the same alerts, whatever the
     * buckets merged.
     */
    @Test
    void runByRunFromBucketsEqualsEachRunDecidedOnItsEvents() {
        long alerts = 0;
        long leftOut = 0;
        for (int seed = 1; seed <= 30; seed++) {
            events.clear();
            requests.clear();
            Random random = new Random(seed);
            int count = 20 + random.nextInt(60);
            for (int i = 0; i < count; i++) {
                long offset = (long) (random.nextDouble() * Duration.ofMinutes(240).toMillis()) - Duration.ofMinutes(60).toMillis();
                // a few events exactly on minute bounds from the start: on window bounds
                if (random.nextInt(5) == 0) {
                    offset = offset / 60_000 * 60_000;
                }
                event(F.plusMillis(offset), "h" + random.nextInt(6), "u" + random.nextInt(2));
            }
            int maxSignals = 1 + random.nextInt(3);
            String from = random.nextBoolean() ? "now-6m" : "now-12m";
            AlertRuleSpec spec = rule(List.of("host.name", "user.name"), maxSignals, from);
            Instant to = F.plus(Duration.ofHours(3));

            ClusterSearch.NewTermsCounts counts = backtest(search, spec, to);

            List<String> expected = expectedAlerts(spec, to);
            assertThat(counts.alerts().total()).as("seed %d: %s", seed, expected).isEqualTo(expected.size());
            assertThat(counts.at()).as("seed %d: %s", seed, expected)
                    .isEqualTo(expected.stream().map(a -> Instant.parse(a.substring(a.indexOf('@') + 1))).sorted().toList());
            alerts += counts.alerts().total();
            leftOut += counts.leftOut();
        }
        // the seeds cover runs that alert and runs that max_signals cuts, not only quiet ones
        assertThat(alerts).isGreaterThan(100);
        assertThat(leftOut).isPositive();
    }

    /** The alerts as "terms@time", each run decided on the events as Kibana's executor does (the oracle of the test). */
    private List<String> expectedAlerts(AlertRuleSpec spec, Instant end) {
        RuleSchedule schedule = RuleSchedule.of(Duration.ofMinutes(5), spec, F.toEpochMilli());
        long runs = schedule.runsUntil(end.toEpochMilli());
        Set<String> written = new HashSet<>();
        List<String> out = new ArrayList<>();
        for (long k = 0; k < runs; k++) {
            long from = schedule.windowStart(k);
            long to = Math.min(schedule.windowEnd(k), end.toEpochMilli());
            long history = RuleAlerts.resolve("now-1h", Instant.ofEpochMilli(schedule.windowEnd(k))).toEpochMilli();
            // per combination: its first time over history…to, and its first event in the window
            TreeMap<String, Long> firstSeen = new TreeMap<>();
            TreeMap<String, Long> firstInWindow = new TreeMap<>();
            for (ObjectNode e : events) {
                long t = Instant.parse(e.path("@timestamp").asText()).toEpochMilli();
                if (t < history || t > to) {
                    continue;
                }
                for (String terms : combinations(e)) {
                    firstSeen.merge(terms, t, Math::min);
                    if (t >= from) {
                        firstInWindow.merge(terms, t, Math::min);
                    }
                }
            }
            int writtenThisRun = 0;
            for (Map.Entry<String, Long> w : firstInWindow.entrySet()) {
                String alert = w.getKey() + "@" + Instant.ofEpochMilli(w.getValue());
                if (firstSeen.get(w.getKey()) > from && !written.contains(alert) && writtenThisRun < spec.maxSignals()) {
                    written.add(alert);
                    out.add(alert);
                    writtenThisRun++;
                }
            }
        }
        return out;
    }

    private static List<String> combinations(JsonNode e) {
        List<String> out = new ArrayList<>();
        for (JsonNode host : EventFields.values(e, "host.name")) {
            for (JsonNode user : EventFields.values(e, "user.name")) {
                out.add(host.asText() + "," + user.asText());
            }
        }
        return out;
    }

    // --- the stub cluster's aggregation ---

    /** Elasticsearch's answer to the backtest's search: the composite aggregation over the events the query matches. */
    private ObjectNode answer(JsonNode body) {
        ObjectNode response = JSON.createObjectNode();
        response.put("took", 1);
        response.putObject("_shards").put("failed", 0);
        JsonNode composite = body.path("aggs").path("new_terms_runs").path("composite");
        List<Map.Entry<String, JsonNode>> sources = new ArrayList<>();
        composite.path("sources").forEach(s -> s.fields().forEachRemaining(sources::add));
        TreeMap<List<Object>, List<ObjectNode>> buckets = new TreeMap<>(ClusterSearchNewTermsTest::compareKeys);
        for (ObjectNode e : events) {
            if (!EVALUATOR.evaluate(body.path("query"), e).matched()) {
                continue;
            }
            List<List<Object>> keys = new ArrayList<>();
            keys.add(new ArrayList<>());
            for (Map.Entry<String, JsonNode> source : sources) {
                List<Object> values = sourceValues(source.getValue(), e);
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> key : keys) {
                    for (Object v : values) {
                        List<Object> longer = new ArrayList<>(key);
                        longer.add(v);
                        next.add(longer);
                    }
                }
                keys = next;
            }
            keys.forEach(k -> buckets.computeIfAbsent(k, x -> new ArrayList<>()).add(e));
        }
        ArrayNode out = response.putObject("aggregations").putObject("new_terms_runs").putArray("buckets");
        buckets.forEach((key, docs) -> {
            ObjectNode bucket = out.addObject();
            ObjectNode k = bucket.putObject("key");
            for (int i = 0; i < sources.size(); i++) {
                Object v = key.get(i);
                if (v == null) {
                    k.putNull(sources.get(i).getKey());
                } else if (v instanceof Long l) {
                    k.put(sources.get(i).getKey(), l);
                } else {
                    k.put(sources.get(i).getKey(), (String) v);
                }
            }
            bucket.put("doc_count", docs.size());
            body.path("aggs").path("new_terms_runs").path("aggs").fields().forEachRemaining(agg -> {
                boolean min = agg.getValue().has("min");
                String field = agg.getValue().path(min ? "min" : "max").path("field").asText();
                Optional<Long> value = docs.stream().flatMap(d -> millis(d, field).stream())
                        .reduce(min ? Math::min : Math::max);
                if (value.isPresent()) {
                    bucket.putObject(agg.getKey()).put("value", (double) value.get());
                } else {
                    bucket.putObject(agg.getKey()).putNull("value");
                }
            });
        });
        return response;
    }

    /** One source's values of a document: terms' values as text, a histogram's bucket start; null when missing (if asked). */
    private static List<Object> sourceValues(JsonNode source, JsonNode doc) {
        List<Object> values = new ArrayList<>();
        if (source.has("terms")) {
            EventFields.values(doc, source.path("terms").path("field").asText()).forEach(v -> values.add(v.asText()));
        } else {
            JsonNode histogram = source.path("date_histogram");
            long interval = Long.parseLong(histogram.path("fixed_interval").asText().replace("ms", ""));
            long offset = Long.parseLong(histogram.path("offset").asText("+0ms").replace("ms", "").replace("+", ""));
            millis(doc, histogram.path("field").asText()).forEach(t -> values.add(Math.floorDiv(t - offset, interval) * interval + offset));
            if (values.isEmpty() && histogram.path("missing_bucket").asBoolean()) {
                values.add(null);
            }
        }
        return values;
    }

    private static List<Long> millis(JsonNode doc, String field) {
        return EventFields.values(doc, field).stream().map(v -> Instant.parse(v.asText()).toEpochMilli()).toList();
    }

    /** Composite key order: source by source, a missing value first, text as UTF-8 bytes (ASCII here), numbers by value. */
    @SuppressWarnings("unchecked")
    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < a.size(); i++) {
            Object x = a.get(i);
            Object y = b.get(i);
            int c = x == null ? (y == null ? 0 : -1) : y == null ? 1 : ((Comparable<Object>) x).compareTo(y);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
