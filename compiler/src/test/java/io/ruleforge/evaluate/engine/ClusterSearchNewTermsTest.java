package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.NewTermsRunAlerts;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import io.ruleforge.evaluate.alerts.StreamEvent;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
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
import java.util.OptionalLong;
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
        return on.newTerms(List.of("logs-*"), QUERY, spec, schedule, runs,
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

    // --- alert suppression (Kibana 8.14+): a run's new terms grouped by the group_by values of their first events ---

    /** New terms on {@code user.name}, alerts suppressed by {@code host.name}; every 5 minutes over the last 6. */
    private static AlertRuleSpec suppressedByHost(int maxSignals, Optional<Duration> duration, boolean suppressMissing) {
        return new AlertRuleSpec("new_terms", "now-6m", "now", maxSignals, Optional.empty(),
                Optional.of(new AlertRuleSpec.NewTerms(List.of("user.name"), "now-1h")),
                Optional.of(new AlertRuleSpec.Suppression(List.of("host.name"), duration, suppressMissing)));
    }

    /** A process event of {@code user} on {@code host} (a text, an array of texts, or null: no host.name). */
    private ObjectNode process(Instant at, Object host, String user) {
        ObjectNode e = JSON.createObjectNode();
        e.put("@timestamp", at.toString());
        e.putObject("event").put("category", "process");
        if (host instanceof String name) {
            e.putObject("host").put("name", name);
        } else if (host instanceof List<?> names) {
            ArrayNode array = e.putObject("host").putArray("name");
            names.forEach(n -> array.add((String) n));
        }
        e.putObject("user").put("name", user);
        events.add(e);
        return e;
    }

    @Test
    void aRunsNewTermsOfOneGroupAreOneAlertAtTheGroupsFirstEventAndTheOthersAreNewAgainInTheNextRun() {
        process(at("1M"), "a", "u1");
        process(at("2M"), "a", "u2");
        process(at("3M"), "b", "u3");
        process(at("3M30S"), "a", "u4");
        // in the overlap of the first run (−1m…5m) and the second (4m…10m): folded into a's alert by the first, written
        // by none, so new again in the second, where it opens a's alert of that run (per rule execution)
        process(at("4M30S"), "a", "u5");

        ClusterSearch.NewTermsCounts counts = backtest(suppressedByHost(100, Optional.empty(), true));

        assertThat(counts.at()).containsExactly(at("1M"), at("3M"), at("4M30S"));
        // the first run's a: u2, u4, u5 folded into u1's alert
        assertThat(counts.suppressed()).isEqualTo(3);
        assertThat(counts.leftOut()).isZero();
        // the composite, then one request for the group_by values of the five first events that are new terms (u5's in
        // both runs is one alert's, asked once): a filter per finding, its term at its millisecond, and its first hit
        // by the rule's time with only those fields
        assertThat(requests).hasSize(2);
        assertThat(requests.get(0).path("aggs").path("new_terms_runs").path("aggs").has("first_events")).isFalse();
        JsonNode lookup = requests.get(1).path("aggs").path("first_events");
        assertThat(lookup.path("filters").path("filters")).hasSize(5);
        JsonNode u4 = lookup.path("filters").path("filters").elements().next().path("bool").path("filter");
        assertThat(u4.get(0).path("term").path("user.name").asText()).isEqualTo("u1");
        // within its millisecond: gte it, lt the next (a date_nanos event at .123456789 is in .123's)
        assertThat(u4.get(1).path("range").path("@timestamp").path("gte").asText()).isEqualTo(at("1M").toString());
        assertThat(u4.get(1).path("range").path("@timestamp").path("lt").asText()).isEqualTo(at("1M").plusMillis(1).toString());
        assertThat(u4.get(1).path("range").path("@timestamp").has("lte")).isFalse();
        JsonNode topHits = lookup.path("aggs").path("first").path("top_hits");
        assertThat(topHits.path("size").asInt()).isEqualTo(1);
        assertThat(topHits.path("_source").path("includes")).hasSize(1).first().extracting(JsonNode::asText).isEqualTo("host.name");
        assertThat(topHits.path("sort").get(0).path("@timestamp").path("order").asText()).isEqualTo("asc");
    }

    /**
     * A group_by keyed by the rule's mapping, as replay keys the event: {@code host.name.keyword}, the keyword
     * multi-field dynamic mapping gives a text {@code host.name}, is read from {@code host.name} in the first event's
     * source (not a {@code host.name.keyword} path no source has, which made every event one "missing" group); an
     * {@code ip} is grouped by its address, whichever way it is written.
     */
    @Test
    void aGroupByOnAMultiFieldOrAnIpIsKeyedByTheMappingAsReplayKeysTheEvent() {
        FieldSchema schema = EcsSchemas.defaultSchema().overlay(FieldSchema.of("dynamic", List.of(
                new FieldMapping("host.name", "text"), new FieldMapping("host.name.keyword", "keyword", 256))));
        process(at("1M"), "a", "u1");
        process(at("2M"), "b", "u2");
        process(at("3M"), "a", "u3");
        AlertRuleSpec byKeyword = suppressedBy("host.name.keyword", true).keyedBy(schema);
        ClusterSearch.NewTermsCounts keyword = backtest(byKeyword);
        assertThat(keyword.at()).containsExactly(at("1M"), at("2M"));
        assertThat(keyword.suppressed()).isEqualTo(1);
        Decided replayed = decidedOnEvents(byKeyword, F.plus(Duration.ofHours(3)));
        assertThat(keyword.at()).isEqualTo(replayed.at().stream().sorted().toList());
        assertThat(keyword.suppressed()).isEqualTo(replayed.suppressed());
        JsonNode includes = requests.get(requests.size() - 1).path("aggs").path("first_events").path("aggs").path("first")
                .path("top_hits").path("_source").path("includes");
        assertThat(includes).extracting(JsonNode::asText).contains("host.name");

        events.clear();
        requests.clear();
        process(at("1M"), "a", "u1").putObject("source").put("ip", "2001:DB8::1");
        process(at("2M"), "a", "u2").putObject("source").put("ip", "2001:db8:0::1");
        process(at("3M"), "a", "u3").putObject("source").put("ip", "2001:db8::2");
        AlertRuleSpec byIp = suppressedBy("source.ip", true).keyedBy(schema);
        ClusterSearch.NewTermsCounts ip = backtest(byIp);
        assertThat(ip.at()).containsExactly(at("1M"), at("3M"));
        assertThat(ip.suppressed()).isEqualTo(1);
        Decided ipReplayed = decidedOnEvents(byIp, F.plus(Duration.ofHours(3)));
        assertThat(ip.at()).isEqualTo(ipReplayed.at().stream().sorted().toList());
        assertThat(ip.suppressed()).isEqualTo(ipReplayed.suppressed());
    }

    /** New terms on {@code user.name}, alerts suppressed by {@code field} per rule execution; every 5 minutes over the last 6. */
    private static AlertRuleSpec suppressedBy(String field, boolean suppressMissing) {
        return new AlertRuleSpec("new_terms", "now-6m", "now", 100, Optional.empty(),
                Optional.of(new AlertRuleSpec.NewTerms(List.of("user.name"), "now-1h")),
                Optional.of(new AlertRuleSpec.Suppression(List.of(field), Optional.empty(), suppressMissing)));
    }

    @Test
    void aGroupsAlertsInLaterRunsWithinTheDurationAreFoldedIntoTheAlertThatOpenedIt() {
        process(at("1M"), "a", "u1");    // run at 5m: a's alert, suppression from 5m
        process(at("7M"), "a", "u2");    // run at 10m, 5 minutes on: folded into it
        process(at("17M"), "a", "u3");   // run at 20m, 15 minutes on: beyond 10 minutes, a new alert

        ClusterSearch.NewTermsCounts tenMinutes = backtest(suppressedByHost(100, Optional.of(Duration.ofMinutes(10)), true));

        assertThat(tenMinutes.at()).containsExactly(at("1M"), at("17M"));
        assertThat(tenMinutes.suppressed()).isEqualTo(1);
        // per rule execution each run writes its own
        requests.clear();
        assertThat(backtest(suppressedByHost(100, Optional.empty(), true)).at()).containsExactly(at("1M"), at("7M"), at("17M"));
    }

    @Test
    void aMissingGroupFieldIsOneMoreGroupOrWithDoNotSuppressAnAlertOfItsOwn() {
        process(at("1M"), null, "u1");
        process(at("2M"), null, "u2");
        process(at("3M"), "a", "u3");

        ClusterSearch.NewTermsCounts suppress = backtest(suppressedByHost(100, Optional.empty(), true));
        assertThat(suppress.at()).containsExactly(at("1M"), at("3M"));
        assertThat(suppress.suppressed()).isEqualTo(1);

        ClusterSearch.NewTermsCounts doNotSuppress = backtest(suppressedByHost(100, Optional.empty(), false));
        assertThat(doNotSuppress.at()).containsExactly(at("1M"), at("2M"), at("3M"));
        assertThat(doNotSuppress.suppressed()).isZero();
    }

    @Test
    void aGroupFieldHoldingAnArrayGroupsByTheWholeArrayItsValuesSorted() {
        process(at("1M"), List.of("a", "b"), "u1");
        process(at("2M"), "a", "u2");              // "a" alone: another group than ["a", "b"]
        process(at("3M"), List.of("b", "a"), "u3"); // the same values as the first: its group

        ClusterSearch.NewTermsCounts counts = backtest(suppressedByHost(100, Optional.empty(), true));

        assertThat(counts.at()).containsExactly(at("1M"), at("2M"));
        assertThat(counts.suppressed()).isEqualTo(1);
    }

    @Test
    void aSuppressedRulePlacingEventsByItsOverrideReadsEachFirstEventByItsOwnTime() {
        // by event.ingested, else @timestamp: u1 placed at 3m (ingested), u2 at 2m (no override), u3 at 2m30s on b
        ((ObjectNode) process(at("1M"), "a", "u1").get("event")).put("ingested", at("3M").toString());
        process(at("2M"), "a", "u2");
        ((ObjectNode) process(at("10S"), "b", "u3").get("event")).put("ingested", at("2M30S").toString());

        ClusterSearch placed = search.placedBy(new RuleTimestamp("event.ingested", Optional.of("@timestamp")));
        ClusterSearch.NewTermsCounts counts = backtest(placed, suppressedByHost(100, Optional.empty(), true), F.plus(Duration.ofHours(3)));

        // a's alert at its earliest placed event (u2, by its @timestamp), u1 folded into it; b's at u3's ingest time
        assertThat(counts.at()).containsExactly(at("2M"), at("2M30S"));
        assertThat(counts.suppressed()).isEqualTo(1);
        JsonNode sort = requests.get(1).path("aggs").path("first_events").path("aggs").path("first").path("top_hits").path("sort");
        assertThat(sort.get(0).has("event.ingested")).isTrue();
        assertThat(sort.get(1).has("@timestamp")).isTrue();
    }

    @Test
    void maxSignalsKeepsASuppressedRunsEarliestGroups() {
        process(at("2M"), "a", "u1");
        process(at("1M"), "b", "u2");   // b's group starts first: kept, though after a in key order
        process(at("3M"), "b", "u3");

        ClusterSearch.NewTermsCounts counts = backtest(suppressedByHost(1, Optional.empty(), true));

        assertThat(counts.at()).containsExactly(at("1M"));
        assertThat(counts.suppressed()).isEqualTo(1);
        assertThat(counts.leftOut()).isEqualTo(1);
        assertThat(counts.runsAtMax()).isEqualTo(1);
    }

    /**
     * Random events over three hours, with history before the range, some without a host and some with two: the
     * backtest's runs decided from the buckets equal each run decided on the events themselves as replay decides it
     * (the new terms of the run's window no earlier run wrote, handed to {@link NewTermsRunAlerts}), for suppression
     * per rule execution and with durations shorter and longer than the look-back, each missing fields strategy.
     */
    @Test
    void suppressedRunsFromBucketsEqualEachRunDecidedOnItsEvents() {
        long alerts = 0;
        long suppressed = 0;
        long capped = 0;
        long foldedIntoEarlierRuns = 0;
        for (int seed = 1; seed <= 40; seed++) {
            events.clear();
            requests.clear();
            Random random = new Random(seed);
            int count = 20 + random.nextInt(60);
            for (int i = 0; i < count; i++) {
                long offset = randomOffsetMillis(random);
                int shape = random.nextInt(10);
                Object host = shape == 0 ? null : shape == 1 ? List.of("h" + random.nextInt(3), "h" + random.nextInt(3)) : "h" + random.nextInt(3);
                process(F.plusMillis(offset), host, "u" + random.nextInt(12));
            }
            Optional<Duration> duration = switch (seed % 3) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(Duration.ofMinutes(5));
                default -> Optional.of(Duration.ofMinutes(30));
            };
            AlertRuleSpec spec = suppressedByHost(1 + random.nextInt(4), duration, random.nextBoolean());
            Instant to = F.plus(Duration.ofHours(3));

            ClusterSearch.NewTermsCounts counts = backtest(search, spec, to);

            Decided expected = decidedOnEvents(spec, to);
            assertThat(counts.at()).as("seed %d", seed).isEqualTo(expected.at().stream().sorted().toList());
            assertThat(counts.suppressed()).as("seed %d", seed).isEqualTo(expected.suppressed());
            assertThat(counts.leftOut()).as("seed %d", seed).isEqualTo(expected.capped());
            alerts += counts.alerts().total();
            suppressed += counts.suppressed();
            capped += counts.leftOut();
            foldedIntoEarlierRuns += expected.folded();
        }
        // the seeds fold, cut and alert: not a comparison of empty runs
        assertThat(alerts).isGreaterThan(50);
        assertThat(suppressed).isGreaterThan(50);
        assertThat(capped).isPositive();
        assertThat(foldedIntoEarlierRuns).as("alerts folded into an earlier run's by a duration").isPositive();
    }

    private record Decided(List<Instant> at, long suppressed, long capped, long folded) {
    }

    /**
     * Each run decided on the events, as replay's runs decide: per term of the window (in key order) its first event
     * there and whether it is new (first seen over history…to after the window's start); those whose term and first
     * event no earlier run wrote go to {@link NewTermsRunAlerts}; the term each alert is built from is written.
     */
    private Decided decidedOnEvents(AlertRuleSpec spec, Instant end) {
        RuleSchedule schedule = RuleSchedule.of(Duration.ofMinutes(5), spec, F.toEpochMilli());
        long runs = schedule.runsUntil(end.toEpochMilli());
        // in time order, ties in the order the cluster holds them (the stub's top_hits keeps that order too)
        List<ObjectNode> byTime = events.stream().sorted(Comparator.comparing(e -> Instant.parse(e.path("@timestamp").asText()))).toList();
        Set<String> written = new HashSet<>();
        NewTermsRunAlerts runAlerts = new NewTermsRunAlerts(spec);
        List<Instant> at = new ArrayList<>();
        long suppressed = 0;
        long capped = 0;
        long folded = 0;
        for (long k = 0; k < runs; k++) {
            long from = schedule.windowStart(k);
            long to = schedule.windowEnd(k);
            long history = RuleAlerts.resolve("now-1h", Instant.ofEpochMilli(to)).toEpochMilli();
            TreeMap<String, Long> firstSeen = new TreeMap<>();
            TreeMap<String, Integer> firstInWindow = new TreeMap<>();
            List<StreamEvent> stream = new ArrayList<>();
            for (ObjectNode e : byTime) {
                long t = Instant.parse(e.path("@timestamp").asText()).toEpochMilli();
                if (t < history || t > to) {
                    continue;
                }
                String user = e.path("user").path("name").asText();
                firstSeen.merge(user, t, Math::min);
                if (t >= from) {
                    firstInWindow.putIfAbsent(user, stream.size());
                    stream.add(new StreamEvent(stream.size(), e, Instant.ofEpochMilli(t), true));
                }
            }
            List<Alert> newTerms = new ArrayList<>();
            firstInWindow.forEach((user, i) -> {
                if (firstSeen.get(user) > from && !written.contains(user + "@" + stream.get(i).timestamp())) {
                    newTerms.add(new Alert(Map.of("user.name", user), 1, OptionalLong.empty(), 0, List.of(i)));
                }
            });
            NewTermsRunAlerts.Run run = runAlerts.decide(Instant.ofEpochMilli(schedule.at(k)), newTerms, stream,
                    Instant.ofEpochMilli(from), Instant.ofEpochMilli(to), Instant.ofEpochMilli(history));
            for (NewTermsRunAlerts.Decided d : run.alerts()) {
                Alert term = newTerms.get(d.candidate());
                written.add(term.key().get("user.name") + "@" + stream.get(term.events().get(0)).timestamp());
                if (!d.folded()) {
                    at.add(stream.get(d.alert().events().get(0)).timestamp());
                } else {
                    folded++;
                }
            }
            suppressed += run.suppressed();
            capped += run.capped();
        }
        return new Decided(at, suppressed, capped, folded);
    }

    /**
     * An event's time from the range's start: up to three hours after it or one before, a fifth of them exactly on a
     * minute bound from the start (on window bounds).
     */
    private static long randomOffsetMillis(Random random) {
        long offset = (long) (random.nextDouble() * Duration.ofMinutes(240).toMillis()) - Duration.ofMinutes(60).toMillis();
        return random.nextInt(5) == 0 ? offset / 60_000 * 60_000 : offset;
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
                long offset = randomOffsetMillis(random);
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
        JsonNode lookup = body.path("aggs").path("first_events");
        if (!lookup.isMissingNode()) {
            // a filters aggregation: per named filter, the events matching the query and it, and their top hits
            ObjectNode buckets = response.putObject("aggregations").putObject("first_events").putObject("buckets");
            lookup.path("filters").path("filters").fields().forEachRemaining(f -> {
                List<ObjectNode> docs = events.stream().filter(e -> EVALUATOR.evaluate(body.path("query"), e).matched()
                        && EVALUATOR.evaluate(f.getValue(), e).matched()).toList();
                ObjectNode bucket = buckets.putObject(f.getKey());
                bucket.put("doc_count", docs.size());
                bucket.set("first", topHits(lookup.path("aggs").path("first").path("top_hits"), docs));
            });
            return response;
        }
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
                if (agg.getValue().has("top_hits")) {
                    bucket.set(agg.getKey(), topHits(agg.getValue().path("top_hits"), docs));
                    return;
                }
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

    /**
     * A {@code top_hits} answer as Elasticsearch gives it: the bucket's documents sorted by each sort field in turn
     * (ascending, a document without the field after those with it; ties in index order), the first {@code size},
     * each with only the {@code _source} fields named in {@code includes} (none named: no {@code _source}).
     */
    private static ObjectNode topHits(JsonNode spec, List<ObjectNode> docs) {
        List<String> sortFields = new ArrayList<>();
        spec.path("sort").forEach(s -> s.fieldNames().forEachRemaining(sortFields::add));
        Comparator<ObjectNode> order = (a, b) -> 0;
        for (String field : sortFields) {
            order = order.thenComparing(d -> millis(d, field).stream().min(Long::compare).orElse(Long.MAX_VALUE));
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode hits = answer.putObject("hits").putArray("hits");
        docs.stream().sorted(order).limit(spec.path("size").asInt(3)).forEach(d -> {
            ObjectNode hit = hits.addObject();
            ObjectNode source = JSON.createObjectNode();
            spec.path("_source").path("includes").forEach(path -> {
                String[] parts = path.asText().split("\\.");
                JsonNode value = d;
                for (String part : parts) {
                    value = value.path(part);
                }
                if (!value.isMissingNode()) {
                    ObjectNode parent = source;
                    for (int i = 0; i < parts.length - 1; i++) {
                        parent = parent.has(parts[i]) ? (ObjectNode) parent.get(parts[i]) : parent.putObject(parts[i]);
                    }
                    parent.set(parts[parts.length - 1], value.deepCopy());
                }
            });
            if (source.size() > 0) {
                hit.set("_source", source);
            }
        });
        return answer;
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
