package io.ruleforge.evaluate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import io.ruleforge.evaluate.eql.EqlSettings;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The requests a backtest sends, and how it reads the answers, against a stub cluster that records each request and
 * answers as Elasticsearch's REST API documents it: the detection engine's search shape (bool.filter of the query and
 * an {@code @timestamp} range in {@code strict_date_optional_time}), EQL searched bucket by bucket, ES|QL rows, a
 * missing endpoint told apart from a rejected query.
 */
class ClusterSearchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Request(String method, String path, JsonNode body) {
    }

    private HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private Function<Request, String> answer = r -> "{}";
    private int status = 200;
    private ClusterSearch search;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] in = exchange.getRequestBody().readAllBytes();
            Request r = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    in.length == 0 ? JSON.createObjectNode() : JSON.readTree(in));
            requests.add(r);
            byte[] out = answer.apply(r).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(out);
            }
        });
        server.start();
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        search = new ClusterSearch(new EngineClient(EngineConnection.anonymous(url)));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static ClusterSearch.TimeRange days(String from, String to) {
        return new ClusterSearch.TimeRange(Instant.parse(from), Instant.parse(to), ClusterSearch.Interval.DAY);
    }

    @Test
    void aQueryRuleIsSearchedWithTheEnginesTimeRangeAndADailyHistogram() {
        answer = r -> """
                {"took": 7, "hits": {"total": {"value": 5, "relation": "eq"}, "hits": []},
                 "aggregations": {"per_bucket": {"buckets": [
                   {"key": 1714521600000, "doc_count": 2}, {"key": 1714608000000, "doc_count": 0}, {"key": 1714694400000, "doc_count": 3}]}}}""";
        JsonNode query = JSON.createObjectNode().set("term", JSON.createObjectNode().put("process.name", "cmd.exe"));
        ClusterSearch.Counts counts = search.query(List.of("winlogbeat-*", "logs-endpoint.events.*"), query,
                days("2024-05-01T06:00:00Z", "2024-05-03T06:00:00Z"));

        assertThat(requests).hasSize(1);
        Request sent = requests.get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).startsWith("/winlogbeat-*,logs-endpoint.events.*/_search?")
                .contains("ignore_unavailable=true", "allow_no_indices=true");
        JsonNode body = sent.body();
        assertThat(body.path("size").asInt(-1)).isZero();
        assertThat(body.path("track_total_hits").asBoolean()).isTrue();
        JsonNode filter = body.path("query").path("bool").path("filter");
        assertThat(filter.get(0)).isEqualTo(query);
        JsonNode range = filter.get(1).path("range").path("@timestamp");
        // with milliseconds, as Kibana writes them: an lte bound without them is rounded up to .999 by Elasticsearch
        assertThat(range.path("gte").asText()).isEqualTo("2024-05-01T06:00:00.000Z");
        assertThat(range.path("lte").asText()).isEqualTo("2024-05-03T06:00:00.000Z");
        assertThat(range.path("format").asText()).isEqualTo("strict_date_optional_time");
        JsonNode histogram = body.path("aggs").path("per_bucket").path("date_histogram");
        assertThat(histogram.path("field").asText()).isEqualTo("@timestamp");
        assertThat(histogram.path("fixed_interval").asText()).isEqualTo("1d");

        assertThat(counts.total()).isEqualTo(5);
        assertThat(counts.tookMillis()).isEqualTo(7);
        assertThat(counts.perBucket()).containsEntry(Instant.parse("2024-05-01T00:00:00Z"), 2L)
                .containsEntry(Instant.parse("2024-05-03T00:00:00Z"), 3L);
    }

    @Test
    void anEqlEventQueryIsSearchedOneBucketAtATimeSoThatEachCountIsExact() {
        // two events in the first bucket, none in the second, one in the third
        int[] perSearch = {2, 0, 1};
        answer = r -> {
            int n = perSearch[requests.size() - 1];
            StringBuilder events = new StringBuilder();
            for (int i = 0; i < n; i++) {
                events.append(i == 0 ? "" : ",").append("{\"_source\": {\"@timestamp\": \"2024-05-01T07:00:00Z\"}}");
            }
            return "{\"took\": 3, \"hits\": {\"events\": [" + events + "]}}";
        };
        ObjectNode filters = JSON.createObjectNode().set("bool", JSON.createObjectNode());
        ClusterSearch.Counts counts = search.eql(List.of("winlogbeat-*"), "process where process.name == \"cmd.exe\"", true,
                days("2024-05-01T06:00:00Z", "2024-05-03T06:00:00Z"), EqlSettings.defaults().withFilter(Optional.of(filters)));

        assertThat(requests).hasSize(3);
        assertThat(requests).allSatisfy(r -> {
            assertThat(r.path()).startsWith("/winlogbeat-*/_eql/search?");
            assertThat(r.body().path("query").asText()).isEqualTo("process where process.name == \"cmd.exe\"");
            assertThat(r.body().path("filter").path("bool").path("filter").get(1)).isEqualTo(filters);
            // Elasticsearch's defaults are not sent
            assertThat(r.body().has("timestamp_field") || r.body().has("event_category_field") || r.body().has("tiebreaker_field")).isFalse();
        });
        // [from, next midnight), [midnight, midnight), [midnight, to]: the buckets do not overlap, the range's end is in
        JsonNode first = requests.get(0).body().path("filter").path("bool").path("filter").get(0).path("range").path("@timestamp");
        assertThat(first.path("gte").asText()).isEqualTo("2024-05-01T06:00:00.000Z");
        assertThat(first.path("lt").asText()).isEqualTo("2024-05-02T00:00:00.000Z");
        JsonNode last = requests.get(2).body().path("filter").path("bool").path("filter").get(0).path("range").path("@timestamp");
        assertThat(last.path("gte").asText()).isEqualTo("2024-05-03T00:00:00.000Z");
        assertThat(last.path("lte").asText()).isEqualTo("2024-05-03T06:00:00.000Z");
        assertThat(last.has("lt")).isFalse();

        assertThat(counts.total()).isEqualTo(3);
        assertThat(counts.searches()).isEqualTo(3);
        assertThat(counts.tookMillis()).isEqualTo(9);
        assertThat(counts.perBucket()).containsEntry(Instant.parse("2024-05-01T00:00:00Z"), 2L)
                .containsEntry(Instant.parse("2024-05-03T00:00:00Z"), 1L);
        assertThat(counts.capped()).isFalse();
    }

    @Test
    void anEqlSequenceIsSearchedOnceAndCountedAtItsLastEvent() {
        answer = r -> """
                {"took": 4, "hits": {"sequences": [
                  {"events": [{"_source": {"@timestamp": "2024-05-01T23:59:30Z"}}, {"_source": {"@timestamp": "2024-05-02T00:00:10Z"}}]},
                  {"events": [{"_source": {"@timestamp": "2024-05-02T10:00:00Z"}}, {"_source": {"@timestamp": 1714644060000}}]}]}}""";
        ClusterSearch.Counts counts = search.eql(List.of("winlogbeat-*"), "sequence by host.id [process where true] [network where true]",
                false, days("2024-05-01T00:00:00Z", "2024-05-03T00:00:00Z"), EqlSettings.defaults());
        assertThat(requests).hasSize(1);
        assertThat(counts.total()).isEqualTo(2);
        // both end on May 2nd (1714644060000 = 2024-05-02T10:01:00Z)
        assertThat(counts.perBucket()).containsExactlyEntriesOf(java.util.Map.of(Instant.parse("2024-05-02T00:00:00Z"), 2L));
    }

    @Test
    void esqlRowsAreCountedByTheirTimestampColumn() {
        answer = r -> """
                {"took": 11, "columns": [{"name": "host.name", "type": "keyword"}, {"name": "@timestamp", "type": "date"}],
                 "values": [["a", "2024-05-01T10:00:00.000Z"], ["b", "2024-05-01T11:00:00.000Z"], ["c", null]]}""";
        // the rule's exception items, as CompiledRule.filters() has them, follow the range in the request's filter
        com.fasterxml.jackson.databind.node.ObjectNode items = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        items.putObject("bool").putArray("must_not").addObject().putObject("exists").put("field", "user.name");
        ClusterSearch.Counts counts = search.esql("FROM logs-* | WHERE host.name IS NOT NULL",
                days("2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"), java.util.Optional.of(items));
        assertThat(requests.get(0).path()).startsWith("/_query");
        assertThat(requests.get(0).body().path("query").asText()).isEqualTo("FROM logs-* | WHERE host.name IS NOT NULL");
        assertThat(requests.get(0).body().path("filter").path("bool").path("filter").get(0).path("range").has("@timestamp")).isTrue();
        assertThat(requests.get(0).body().path("filter").path("bool").path("filter").get(1)).isEqualTo(items);
        assertThat(counts.total()).isEqualTo(3);
        assertThat(counts.withoutTime()).isEqualTo(1);
        assertThat(counts.perBucket()).containsExactlyEntriesOf(java.util.Map.of(Instant.parse("2024-05-01T00:00:00Z"), 2L));
    }

    @Test
    void aMissingEndpointIsUnsupportedNotARejection() {
        status = 400;
        answer = r -> "{\"error\": \"no handler found for uri [/winlogbeat-*/_eql/search] and method [POST]\"}";
        assertThatThrownBy(() -> search.eql(List.of("winlogbeat-*"), "any where true", true,
                days("2024-05-01T00:00:00Z", "2024-05-01T12:00:00Z"), EqlSettings.defaults()))
                .isInstanceOf(ClusterSearch.UnsupportedException.class)
                .hasMessageContaining("does not support EQL search (_eql/search)");
    }

    @Test
    void esqlOnANodeWithoutItIsUnsupported() {
        // Elasticsearch 8.19 without the ES|QL plugin takes /_query for an index name, which POST does not serve
        status = 405;
        answer = r -> "{\"error\": \"Incorrect HTTP method for uri [/_query?format=json] and method [POST], allowed: [GET, PUT, DELETE, HEAD]\", \"status\": 405}";
        assertThatThrownBy(() -> search.esql("FROM logs-*", days("2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"), java.util.Optional.empty()))
                .isInstanceOf(ClusterSearch.UnsupportedException.class)
                .hasMessageContaining("does not support ES|QL (_query)");
    }

    @Test
    void aRejectedSearchCarriesElasticsearchsReason() {
        status = 400;
        answer = r -> """
                {"error": {"root_cause": [{"type": "query_shard_exception", "reason": "failed to create query: For input string: \\"abc\\""}],
                 "type": "search_phase_execution_exception", "reason": "all shards failed"}, "status": 400}""";
        assertThatThrownBy(() -> search.query(List.of("winlogbeat-*"), JSON.createObjectNode().putObject("match_all"),
                days("2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z")))
                .isInstanceOf(ClusterSearch.RejectedException.class)
                .hasMessageContaining("query_shard_exception: failed to create query: For input string: \"abc\"");
    }

    @Test
    void shortRangesAreBucketedByHour() {
        assertThat(ClusterSearch.Interval.forRange(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-02T00:00:00Z")))
                .isEqualTo(ClusterSearch.Interval.HOUR);
        assertThat(ClusterSearch.Interval.forRange(Instant.parse("2024-05-01T00:00:00Z"), Instant.parse("2024-05-08T00:00:00Z")))
                .isEqualTo(ClusterSearch.Interval.DAY);
    }

    @Test
    void aRulesEqlSettingsAreSentAsTheDetectionEngineSendsThem() {
        answer = r -> "{\"took\": 1, \"hits\": {\"events\": []}}";
        search.eql(List.of("winlogbeat-*"), "process where true", false,
                days("2024-05-01T06:00:00Z", "2024-05-03T06:00:00Z"),
                EqlSettings.defaults().withEventCategoryField("event.type")
                        .withTiebreakerField("event.sequence").withTimestampField("event.ingested"));
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.body().path("event_category_field").asText()).isEqualTo("event.type");
            assertThat(r.body().path("tiebreaker_field").asText()).isEqualTo("event.sequence");
            assertThat(r.body().path("timestamp_field").asText()).isEqualTo("event.ingested");
        });
    }

    @Test
    void aThresholdRuleIsCountedRunByRunInWindowsOfItsIntervalFromTheRangesStart() {
        // window 10:03 … 10:08: 20 failures from 10.0.0.5 alert, 4 from 10.0.0.9 do not; window 10:08 … 10:13: 20 again
        answer = r -> """
                {"took": 4, "aggregations": {"thresholdWindows": {"buckets": [
                  {"key": {"_rf_window": 1714557780000, "source.ip": "10.0.0.5"}, "doc_count": 20, "last_event": {"value": 1714557960000}},
                  {"key": {"_rf_window": 1714557780000, "source.ip": "10.0.0.9"}, "doc_count": 4, "last_event": {"value": 1714557900000}},
                  {"key": {"_rf_window": 1714558080000, "source.ip": "10.0.0.5"}, "doc_count": 21, "last_event": {"value": 1714558200000}}]}}}""";
        JsonNode query = JSON.createObjectNode().set("term", JSON.createObjectNode().put("event.outcome", "failure"));
        ClusterSearch.TimeRange range = new ClusterSearch.TimeRange(Instant.parse("2024-05-01T10:03:00Z"),
                Instant.parse("2024-05-01T12:00:00Z"), ClusterSearch.Interval.HOUR);
        ClusterSearch.Counts counts = search.threshold(List.of("winlogbeat-*"), query,
                new io.ruleforge.evaluate.alerts.AlertRuleSpec.Threshold(List.of("source.ip"), 20, Optional.empty(), 0),
                java.time.Duration.ofMinutes(5), range);

        assertThat(requests).hasSize(1);
        JsonNode composite = requests.get(0).body().path("aggs").path("thresholdWindows").path("composite");
        // the first source cuts the range into the rule's runs: 5-minute windows starting at the range's start
        JsonNode window = composite.path("sources").get(0).path("_rf_window").path("date_histogram");
        assertThat(window.path("field").asText()).isEqualTo("@timestamp");
        assertThat(window.path("fixed_interval").asText()).isEqualTo("300000ms");
        // 10:03 is 3 minutes past a 5-minute boundary of the epoch
        assertThat(window.path("offset").asText()).isEqualTo("+180000ms");
        assertThat(composite.path("sources").get(1).path("source.ip").path("terms").path("field").asText()).isEqualTo("source.ip");
        JsonNode filter = requests.get(0).body().path("query").path("bool").path("filter");
        assertThat(filter.get(1).path("range").path("@timestamp").path("gte").asText()).isEqualTo("2024-05-01T10:03:00.000Z");

        // one alert per window and group reaching 20: two, not one group over the whole range
        assertThat(counts.total()).isEqualTo(2);
        assertThat(counts.perBucket()).containsExactlyEntriesOf(java.util.Map.of(Instant.parse("2024-05-01T10:00:00Z"), 2L));
    }

    /** The privilege a refused search needs names the patterns read, not an exclusion (no index to grant read on). */
    @Test
    void thePrivilegeNeededNamesNoExclusion() {
        assertThat(ClusterSearch.readOn(List.of("winlogbeat-*", "-winlogbeat-test*", "logs-x-*")))
                .isEqualTo("the index privilege read on winlogbeat-*, logs-x-*");
    }
}
