package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.rule.Rule;
import io.ruleforge.testing.SingleRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where Kibana's detection engine places an event for a rule with {@code timestamp_override}: the override's time,
 * else (with the fallback) {@code @timestamp}; the range filter it sends; and the alerts that follow.
 */
class RuleTimestampTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final RuleTimestamp INGESTED = new RuleTimestamp("event.ingested", Optional.of("@timestamp"));
    private static final RuleTimestamp INGESTED_ONLY = new RuleTimestamp("event.ingested", Optional.empty());

    @TempDir
    Path dir;

    private Rule rule(String extra) {
        return SingleRule.load(dir, SingleRule.toml("query", "kuery", "event.category : \"process\"", extra));
    }

    private static ObjectNode event(String json) throws Exception {
        return (ObjectNode) JSON.readTree(json);
    }

    @Test
    void theOverrideFallsBackToTimestampUnlessTheRuleDisablesIt() throws Exception {
        assertThat(RuleTimestamp.of(rule(""))).isEqualTo(RuleTimestamp.DEFAULT);
        // Kibana: no secondary field when the override is @timestamp itself
        assertThat(RuleTimestamp.of(rule("timestamp_override = \"@timestamp\"\n"))).isEqualTo(RuleTimestamp.DEFAULT);
        assertThat(RuleTimestamp.of(rule("timestamp_override = \"event.ingested\"\n"))).isEqualTo(INGESTED);
        assertThat(RuleTimestamp.of(rule("timestamp_override = \"event.ingested\"\ntimestamp_override_fallback_disabled = true\n")))
                .isEqualTo(INGESTED_ONLY);
        assertThat(AlertRuleSpec.of(rule("timestamp_override = \"event.ingested\"\n")).time()).isEqualTo(INGESTED);
    }

    @Test
    void anEventIsPlacedByTheOverrideElseByTimestampWhenTheRuleFallsBack() throws Exception {
        ObjectNode both = event("{\"@timestamp\":\"2024-05-01T11:50:00Z\",\"event\":{\"ingested\":\"2024-05-01T11:58:00.250Z\"}}");
        ObjectNode dotted = event("{\"@timestamp\":\"2024-05-01T11:50:00Z\",\"event.ingested\":1714564680000}");
        ObjectNode timestampOnly = event("{\"@timestamp\":\"2024-05-01T11:50:00Z\"}");
        ObjectNode notADate = event("{\"@timestamp\":\"2024-05-01T11:50:00Z\",\"event\":{\"ingested\":\"yesterday\"}}");
        ObjectNode several = event("{\"@timestamp\":1714564200000,\"event\":{\"ingested\":[\"2024-05-01T11:59:00Z\",\"2024-05-01T11:57:00+00:00\"]}}");

        assertThat(INGESTED.time(both)).contains(Instant.parse("2024-05-01T11:58:00.250Z"));
        assertThat(INGESTED.fallsBack(both)).isFalse();
        assertThat(INGESTED.time(dotted)).contains(Instant.parse("2024-05-01T11:58:00Z"));
        assertThat(INGESTED.time(timestampOnly)).contains(Instant.parse("2024-05-01T11:50:00Z"));
        assertThat(INGESTED.fallsBack(timestampOnly)).isTrue();
        assertThat(INGESTED.time(notADate)).contains(Instant.parse("2024-05-01T11:50:00Z"));
        assertThat(INGESTED.time(several)).contains(Instant.parse("2024-05-01T11:57:00Z"));
        assertThat(INGESTED_ONLY.time(timestampOnly)).isEmpty();
        assertThat(INGESTED_ONLY.fallsBack(timestampOnly)).isFalse();
        assertThat(RuleTimestamp.DEFAULT.time(both)).contains(Instant.parse("2024-05-01T11:50:00Z"));
    }

    /** The filter as Kibana's {@code buildTimeRangeFilter} writes it (build_events_query.ts), bounds as toISOString. */
    @Test
    void theRangeFilterIsKibanasTimeRangeFilter() throws Exception {
        Instant from = Instant.parse("2024-05-01T11:54:00Z");
        JsonNode fallback = JSON.readTree("""
                {"bool":{"minimum_should_match":1,"should":[
                  {"range":{"event.ingested":{"lte":"2024-05-01T12:00:00.000Z","gte":"2024-05-01T11:54:00.000Z","format":"strict_date_optional_time"}}},
                  {"bool":{"filter":[
                    {"range":{"@timestamp":{"lte":"2024-05-01T12:00:00.000Z","gte":"2024-05-01T11:54:00.000Z","format":"strict_date_optional_time"}}},
                    {"bool":{"must_not":{"exists":{"field":"event.ingested"}}}}]}}]}}""");
        assertThat(INGESTED.rangeFilter(from, NOW)).isEqualTo(fallback);
        assertThat(INGESTED_ONLY.rangeFilter(from, NOW)).isEqualTo(JSON.readTree("""
                {"range":{"event.ingested":{"lte":"2024-05-01T12:00:00.000Z","gte":"2024-05-01T11:54:00.000Z","format":"strict_date_optional_time"}}}"""));
        assertThat(RuleTimestamp.DEFAULT.rangeFilter(from, NOW).at("/range/@timestamp/gte").asText()).isEqualTo("2024-05-01T11:54:00.000Z");
    }

    private static List<StreamEvent> stream(RuleTimestamp time, ObjectNode... events) {
        List<StreamEvent> stream = new ArrayList<>();
        for (ObjectNode e : events) {
            stream.add(StreamEvent.of(stream.size(), e, time, true));
        }
        return stream;
    }

    private static AlertRuleSpec query(int maxSignals, RuleTimestamp time) {
        return new AlertRuleSpec("query", "now-6m", "now", maxSignals, Optional.empty(), Optional.empty(), Optional.empty())
                .placedBy(time);
    }

    private static List<Integer> alerted(AlertRuleSpec spec, List<StreamEvent> stream) {
        return RuleAlerts.run(spec, stream, NOW).alerts().stream().map(a -> a.events().get(0)).toList();
    }

    @Test
    void aRunAlertsOnTheEventsItsWindowHoldsByTheOverride() throws Exception {
        ObjectNode[] events = {
                // happened in the window, ingested after the run: the next run's
                event("{\"@timestamp\":\"2024-05-01T11:59:00Z\",\"event\":{\"ingested\":\"2024-05-01T12:00:00.001Z\"}}"),
                // happened before the window, ingested in it: this run's
                event("{\"@timestamp\":\"2024-05-01T11:40:00Z\",\"event\":{\"ingested\":\"2024-05-01T11:55:00Z\"}}"),
                // no ingest time: by @timestamp only with the fallback
                event("{\"@timestamp\":\"2024-05-01T11:58:00Z\"}"),
                // ingested exactly at the window's start: gte
                event("{\"@timestamp\":\"2024-05-01T11:53:00Z\",\"event\":{\"ingested\":\"2024-05-01T11:54:00Z\"}}")};
        assertThat(alerted(query(100, RuleTimestamp.DEFAULT), stream(RuleTimestamp.DEFAULT, events))).containsExactly(2, 0);
        assertThat(alerted(query(100, INGESTED), stream(INGESTED, events))).containsExactly(3, 1, 2);
        assertThat(alerted(query(100, INGESTED_ONLY), stream(INGESTED_ONLY, events))).containsExactly(3, 1);
    }

    /** The search sorts by the override, then by @timestamp, missing values last: max_signals keeps the override's first. */
    @Test
    void maxSignalsKeepsTheEventsWithTheOverrideFirst() throws Exception {
        List<StreamEvent> stream = stream(INGESTED,
                event("{\"@timestamp\":\"2024-05-01T11:55:00Z\"}"),
                event("{\"@timestamp\":\"2024-05-01T11:56:00Z\",\"event\":{\"ingested\":\"2024-05-01T11:59:00Z\"}}"));
        assertThat(alerted(query(1, INGESTED), stream)).containsExactly(1);
        assertThat(RuleAlerts.run(query(1, INGESTED), stream, NOW).capped()).isEqualTo(1);
    }

    /**
     * A suppression group's alert is built from its earliest event by the rule's time, though the search returns the
     * events without the override last (the composite's top hit sorts by the combined timestamp).
     */
    @Test
    void aSuppressedGroupIsBuiltFromItsEarliestEventThoughTheFallbackSortsLast() throws Exception {
        List<StreamEvent> stream = stream(INGESTED,
                event("{\"@timestamp\":\"2024-05-01T11:56:00Z\",\"user\":{\"name\":\"a\"}}"),
                event("{\"@timestamp\":\"2024-05-01T11:57:00Z\",\"event\":{\"ingested\":\"2024-05-01T11:58:00Z\"},\"user\":{\"name\":\"a\"}}"));
        AlertRuleSpec suppressed = new AlertRuleSpec("query", "now-6m", "now", 100, Optional.empty(), Optional.empty(),
                Optional.of(new AlertRuleSpec.Suppression(List.of("user.name"), Optional.empty(), true))).placedBy(INGESTED);
        AlertRun run = RuleAlerts.run(suppressed, stream, NOW);
        assertThat(run.alerts()).hasSize(1);
        assertThat(run.alerts().get(0).events().get(0)).isZero();
        assertThat(run.alerts().get(0).suppressed()).isEqualTo(1);
    }

    /**
     * Kibana's indicator match executor searches the events newest first unless the rule suppresses
     * ({@code create_threat_signals}: {@code sortOrder = isAlertSuppressionConfigured ? 'asc' : 'desc'}), so
     * {@code max_signals} keeps the newest; the events without the override still come last.
     */
    @Test
    void anUnsuppressedIndicatorMatchRunKeepsTheNewestEvents() throws Exception {
        List<StreamEvent> stream = stream(INGESTED,
                event("{\"@timestamp\":\"2024-05-01T11:59:30Z\"}"),
                event("{\"@timestamp\":\"2024-05-01T11:55:00Z\",\"event\":{\"ingested\":\"2024-05-01T11:56:00Z\"}}"),
                event("{\"@timestamp\":\"2024-05-01T11:56:00Z\",\"event\":{\"ingested\":\"2024-05-01T11:58:00Z\"}}"));
        AlertRuns.WindowSearch everyEvent = (now, window, events) -> events.stream()
                .filter(e -> e.within(window.from(), window.to())).map(e -> new AlertRuns.Found(e.index(), e.document())).toList();
        AlertRuleSpec threatMatch = new AlertRuleSpec("threat_match", "now-6m", "now", 2, Optional.empty(), Optional.empty(),
                Optional.empty()).placedBy(INGESTED);
        AlertRuns.Execution run = AlertRuns.runSearched(threatMatch, Duration.ofMinutes(5), everyEvent, stream, List.of(NOW)).get(0);
        assertThat(run.created()).extracting(a -> a.events().get(0)).containsExactly(2, 1);
        assertThat(run.capped()).isEqualTo(1);
        // with suppression the search is oldest first (and the groups are built from their earliest event)
        AlertRuleSpec suppressed = new AlertRuleSpec("threat_match", "now-6m", "now", 100, Optional.empty(), Optional.empty(),
                Optional.of(new AlertRuleSpec.Suppression(List.of("user.name"), Optional.empty(), true))).placedBy(INGESTED);
        AlertRuns.Execution grouped = AlertRuns.runSearched(suppressed, Duration.ofMinutes(5), everyEvent, stream, List.of(NOW)).get(0);
        assertThat(grouped.created()).extracting(a -> a.events().get(0)).containsExactly(1);
    }

    @Test
    void thresholdAndNewTermsCountTheEventsTheOverridePlaces() throws Exception {
        ObjectNode late = event("{\"@timestamp\":\"2024-05-01T11:58:00Z\",\"event\":{\"ingested\":\"2024-05-01T12:01:00Z\"},\"user\":{\"name\":\"a\"}}");
        ObjectNode onTime = event("{\"@timestamp\":\"2024-05-01T11:58:00Z\",\"event\":{\"ingested\":\"2024-05-01T11:58:01Z\"},\"user\":{\"name\":\"a\"}}");
        AlertRuleSpec threshold = new AlertRuleSpec("threshold", "now-6m", "now", 100,
                Optional.of(new AlertRuleSpec.Threshold(List.of("user.name"), 2, Optional.empty(), 0)), Optional.empty(), Optional.empty());
        assertThat(RuleAlerts.run(threshold, stream(RuleTimestamp.DEFAULT, late, onTime), NOW).alerts()).hasSize(1);
        assertThat(RuleAlerts.run(threshold.placedBy(INGESTED), stream(INGESTED, late, onTime), NOW).alerts()).isEmpty();

        // first seen by its ingest time a day ago: not new, though it happened (by @timestamp) in the window
        ObjectNode seenBefore = event("{\"@timestamp\":\"2024-05-01T11:58:00Z\",\"event\":{\"ingested\":\"2024-04-30T12:00:00Z\"},\"user\":{\"name\":\"b\"}}");
        ObjectNode now = event("{\"@timestamp\":\"2024-05-01T11:59:00Z\",\"user\":{\"name\":\"b\"}}");
        AlertRuleSpec newTerms = new AlertRuleSpec("new_terms", "now-6m", "now", 100, Optional.empty(),
                Optional.of(new AlertRuleSpec.NewTerms(List.of("user.name"), "now-7d")), Optional.empty());
        assertThat(RuleAlerts.run(newTerms, stream(RuleTimestamp.DEFAULT, seenBefore, now), NOW).alerts()).hasSize(1);
        assertThat(RuleAlerts.run(newTerms.placedBy(INGESTED), stream(INGESTED, seenBefore, now), NOW).alerts()).isEmpty();
    }
}
