package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.fields.EcsSchemas;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RuleAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private final List<StreamEvent> stream = new ArrayList<>();

    /** Adds an event the query returns (unless {@code matched} is false) at {@code NOW - ago}. */
    private void event(Duration ago, String json, boolean matched) throws Exception {
        stream.add(new StreamEvent(stream.size(), (ObjectNode) JSON.readTree(json), NOW.minus(ago), matched));
    }

    private void event(Duration ago, String json) throws Exception {
        event(ago, json, true);
    }

    private static AlertRuleSpec threshold(List<String> fields, long value, String cardinality, long cardinalityValue) {
        return new AlertRuleSpec("threshold", "now-5m", "now", 100,
                Optional.of(new AlertRuleSpec.Threshold(fields, value, Optional.ofNullable(cardinality), cardinalityValue)),
                Optional.empty(), Optional.empty());
    }

    private static AlertRuleSpec newTerms(String history, String... fields) {
        return new AlertRuleSpec("new_terms", "now-6m", "now", 100, Optional.empty(),
                Optional.of(new AlertRuleSpec.NewTerms(List.of(fields), history)), Optional.empty());
    }

    /** A new_terms rule on one field, suppressed in memory by another (history now-7d, no duration). */
    private static AlertRuleSpec suppressedNewTerms(String newTermsField, String groupBy, int maxSignals, boolean suppressMissing) {
        return new AlertRuleSpec("new_terms", "now-6m", "now", maxSignals, Optional.empty(),
                Optional.of(new AlertRuleSpec.NewTerms(List.of(newTermsField), "now-7d")),
                Optional.of(new AlertRuleSpec.Suppression(List.of(groupBy), Optional.empty(), suppressMissing)));
    }

    private static AlertRuleSpec suppressed(String type, Optional<Duration> duration, boolean suppressMissing, String... groupBy) {
        return new AlertRuleSpec(type, "now-6m", "now", 100, Optional.empty(), Optional.empty(),
                Optional.of(new AlertRuleSpec.Suppression(List.of(groupBy), duration, suppressMissing)));
    }

    private static Map<String, String> key(String... fieldsAndValues) {
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            key.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return key;
    }

    @Test
    void thresholdAlertsFromValueEventsOfAGroupNotOneBelow() throws Exception {
        for (int i = 0; i < 3; i++) {
            event(Duration.ofMinutes(1), "{\"source\":{\"ip\":\"10.0.0.5\"}}");
        }
        for (int i = 0; i < 2; i++) {
            event(Duration.ofMinutes(1), "{\"source\":{\"ip\":\"10.0.0.9\"}}");
        }
        event(Duration.ofMinutes(1), "{\"source\":{\"ip\":\"10.0.0.9\"}}", false);
        event(Duration.ofMinutes(1), "{\"user\":{\"name\":\"no address\"}}");
        AlertRun run = RuleAlerts.run(threshold(List.of("source.ip"), 3, null, 0), stream, NOW);
        assertThat(run.alerts()).extracting(Alert::key, Alert::count)
                .containsExactly(tuple(key("source.ip", "10.0.0.5"), 3L));
    }

    /**
     * Elasticsearch coerces a long field's {@code 5.7} and {@code "5"} to 5, so the threshold composite counts all
     * three events in the bucket {@code 5}; a date group is keyed by its instant, whatever the format written.
     */
    @Test
    void thresholdGroupsValuesAsTheMappedTypeStoresThem() throws Exception {
        event(Duration.ofMinutes(1), "{\"process\":{\"pid\":5.7},\"event\":{\"created\":\"2024-05-01T10:00:00Z\"}}");
        event(Duration.ofMinutes(1), "{\"process\":{\"pid\":\"5\"},\"event\":{\"created\":\"2024-05-01T12:00:00.000+02:00\"}}");
        event(Duration.ofMinutes(1), "{\"process\":{\"pid\":5},\"event\":{\"created\":1714557600000}}");
        event(Duration.ofMinutes(1), "{\"process\":{\"pid\":6},\"event\":{\"created\":1714557600000}}");
        AlertRuleSpec spec = threshold(List.of("process.pid", "event.created"), 3, null, 0).keyedBy(EcsSchemas.defaultSchema());
        assertThat(RuleAlerts.run(spec, stream, NOW).alerts()).extracting(Alert::key, Alert::count)
                .containsExactly(tuple(key("process.pid", "5", "event.created", "1714557600000"), 3L));
        // without the mapping each value is its own text: no group reaches 3
        assertThat(RuleAlerts.run(threshold(List.of("process.pid", "event.created"), 3, null, 0), stream, NOW).alerts()).isEmpty();
    }

    @Test
    void thresholdWindowIncludesBothEnds() throws Exception {
        event(Duration.ofMinutes(5).plusMillis(1), "{}");
        event(Duration.ofMinutes(5), "{}");
        event(Duration.ZERO, "{}");
        AlertRun run = RuleAlerts.run(threshold(List.of(), 2, null, 0), stream, NOW);
        assertThat(run.from()).isEqualTo(Instant.parse("2024-05-01T11:55:00Z"));
        assertThat(run.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEmpty();
            assertThat(a.count()).isEqualTo(2);
            assertThat(a.events()).containsExactly(1, 2);
        });
        assertThat(RuleAlerts.run(threshold(List.of(), 3, null, 0), stream, NOW).alerts()).isEmpty();
    }

    @Test
    void thresholdCardinalityCountsDistinctValuesAndAnArrayJoinsAGroupPerValue() throws Exception {
        event(Duration.ofMinutes(1), "{\"source\":{\"ip\":[\"10.0.0.5\",\"10.0.0.6\"]},\"user\":{\"name\":\"alice\"}}");
        event(Duration.ofMinutes(1), "{\"source\":{\"ip\":\"10.0.0.5\"},\"user\":{\"name\":\"bob\"}}");
        event(Duration.ofMinutes(1), "{\"source\":{\"ip\":\"10.0.0.6\"},\"user\":{\"name\":\"alice\"}}");
        AlertRun run = RuleAlerts.run(threshold(List.of("source.ip"), 2, "user.name", 2), stream, NOW);
        // 10.0.0.5: alice and bob (2 distinct); 10.0.0.6: alice twice (1 distinct, below 2).
        assertThat(run.alerts()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo(key("source.ip", "10.0.0.5"));
            assertThat(a.cardinality()).hasValue(2);
        });
    }

    @Test
    void thresholdOnTwoFieldsGroupsPerCombination() throws Exception {
        event(Duration.ofMinutes(1), "{\"source\":{\"ip\":\"10.0.0.5\"},\"user\":{\"name\":[\"alice\",\"bob\"]}}");
        event(Duration.ofMinutes(2), "{\"source\":{\"ip\":\"10.0.0.5\"},\"user\":{\"name\":\"alice\"}}");
        AlertRun run = RuleAlerts.run(threshold(List.of("source.ip", "user.name"), 2, null, 0), stream, NOW);
        assertThat(run.alerts()).extracting(Alert::key).containsExactly(key("source.ip", "10.0.0.5", "user.name", "alice"));
    }

    @Test
    void newTermAlertsOnlyWhenAbsentFromTheHistoryWindow() throws Exception {
        event(Duration.ofDays(3), "{\"user\":{\"name\":\"alice\"}}");
        event(Duration.ofMinutes(1), "{\"user\":{\"name\":\"alice\"}}");
        event(Duration.ofMinutes(2), "{\"user\":{\"name\":\"bob\"}}");
        event(Duration.ofMinutes(1), "{\"user\":{\"name\":\"bob\"}}");
        event(Duration.ofDays(9), "{\"user\":{\"name\":\"carol\"}}");
        event(Duration.ofMinutes(1), "{\"user\":{\"name\":\"carol\"}}");
        AlertRun run = RuleAlerts.run(newTerms("now-7d", "user.name"), stream, NOW);
        // alice: seen 3 days ago (in history); bob: new, one alert from its first event; carol: 9 days ago is before history.
        assertThat(run.alerts()).extracting(Alert::key, Alert::events).containsExactly(
                tuple(key("user.name", "bob"), List.of(2)),
                tuple(key("user.name", "carol"), List.of(5)));
        assertThat(run.historyStart()).hasValue(Instant.parse("2024-04-24T12:00:00Z"));
    }

    @Test
    void newTermsEdges() throws Exception {
        event(Duration.ofDays(7), "{\"user\":{\"name\":\"at-history-start\"}}");
        event(Duration.ofMinutes(1), "{\"user\":{\"name\":\"at-history-start\"}}");
        event(Duration.ofDays(7).plusMillis(1), "{\"user\":{\"name\":\"before-history\"}}");
        event(Duration.ofMinutes(1), "{\"user\":{\"name\":\"before-history\"}}");
        event(Duration.ofMinutes(6), "{\"user\":{\"name\":\"at-window-start\"}}");
        event(Duration.ofMinutes(6).minusMillis(1), "{\"user\":{\"name\":\"just-inside\"}}");
        AlertRun run = RuleAlerts.run(newTerms("now-7d", "user.name"), stream, NOW);
        assertThat(run.alerts()).extracting(a -> a.key().get("user.name")).containsExactlyInAnyOrder("before-history", "just-inside");
    }

    @Test
    void newTermsOfSeveralFieldsAreCombinationsOfEachValue() throws Exception {
        event(Duration.ofDays(1), "{\"host\":{\"id\":\"h1\"},\"user\":{\"name\":\"alice\"}}");
        event(Duration.ofMinutes(1), "{\"host\":{\"id\":\"h1\"},\"user\":{\"name\":[\"alice\",\"bob\"]}}");
        event(Duration.ofMinutes(1), "{\"user\":{\"name\":\"dave\"}}");
        AlertRun run = RuleAlerts.run(newTerms("now-7d", "host.id", "user.name"), stream, NOW);
        assertThat(run.alerts()).extracting(Alert::key).containsExactly(key("host.id", "h1", "user.name", "bob"));
    }

    /**
     * New terms suppression keys each alert by its event's {@code fields} (getSuppressionTerms: the fields API's values,
     * sorted, repeats kept): a long's {@code 5.7} and {@code "5"} are both {@code [5]}, one group; {@code [5, 5]} is
     * another array, another group.
     */
    @Test
    void newTermsSuppressionKeysByTheFieldsApiValues() throws Exception {
        event(Duration.ofMinutes(3), "{\"user\":{\"name\":\"u1\"},\"process\":{\"pid\":5.7}}");
        event(Duration.ofMinutes(2), "{\"user\":{\"name\":\"u2\"},\"process\":{\"pid\":\"5\"}}");
        event(Duration.ofMinutes(1), "{\"user\":{\"name\":\"u3\"},\"process\":{\"pid\":[5, 5]}}");
        AlertRuleSpec spec = suppressedNewTerms("user.name", "process.pid", 100, true).keyedBy(EcsSchemas.defaultSchema());
        assertThat(RuleAlerts.run(spec, stream, NOW).alerts()).extracting(Alert::key, Alert::suppressed).containsExactly(
                tuple(key("process.pid", "5"), 1L),
                tuple(key("process.pid", "5,5"), 0L));
    }

    /**
     * Kibana hashes a term's value: the array {@code ["a","b"]} and the value {@code "a,b"} are two groups, though
     * both are shown {@code a,b}; one value and an array of it are one (the fields API answers with arrays).
     */
    @Test
    void anArrayIsAnotherSuppressionTermThanItsJoinedText() throws Exception {
        event(Duration.ofMinutes(3), "{\"user\":{\"name\":[\"b\",\"a\"]},\"host\":{\"name\":\"h1\"}}");
        event(Duration.ofMinutes(2), "{\"user\":{\"name\":\"a,b\"},\"host\":{\"name\":\"h2\"}}");
        event(Duration.ofMinutes(1), "{\"user\":{\"name\":[\"a,b\"]},\"host\":{\"name\":\"h3\"}}");
        AlertRuleSpec spec = suppressedNewTerms("host.name", "user.name", 100, true).keyedBy(EcsSchemas.defaultSchema());
        assertThat(RuleAlerts.run(spec, stream, NOW).alerts()).extracting(Alert::key, Alert::suppressed).containsExactly(
                tuple(key("user.name", "a,b"), 0L),
                tuple(key("user.name", "a,b"), 1L));
    }

    /**
     * New terms suppressed in memory (Kibana's executeBulkCreateAlerts): the alerts missing a group field are written
     * first, then the groups in suppressAlertsInMemory's order — by suppression start — cut at what max_signals leaves;
     * when nothing is left the cut is off (alertWithSuppression truncates only for a maxAlerts that is not 0).
     */
    @Test
    void newTermsSuppressedInMemoryWriteTheAlertsMissingAFieldFirstThenGroupsByStart() throws Exception {
        event(Duration.ofMinutes(5), "{\"user\":{\"name\":\"u1\"}}");
        event(Duration.ofMinutes(4), "{\"user\":{\"name\":\"u2\"},\"host\":{\"name\":\"h-z\"}}");
        event(Duration.ofMinutes(3), "{\"user\":{\"name\":\"u3\"},\"host\":{\"name\":\"h-a\"}}");
        for (int maxSignals : new int[]{2, 1}) {
            AlertRuleSpec spec = suppressedNewTerms("user.name", "host.name", maxSignals, false);
            AlertRun run = RuleAlerts.run(spec, stream, NOW);
            AlertRuns.Execution execution = AlertRuns.run(spec, Duration.ofMinutes(5), stream, List.of(NOW)).get(0);
            if (maxSignals == 2) {
                // u1 (no host) first; then h-z (started 11:56) before h-a (11:57), cut at the one place left
                assertThat(run.alerts()).extracting(a -> a.events().get(0)).containsExactly(0, 1);
                assertThat(run.capped()).isEqualTo(1);
            } else {
                // u1 takes the only place; with none left the groups are not cut
                assertThat(run.alerts()).extracting(a -> a.events().get(0)).containsExactly(0, 1, 2);
                assertThat(run.capped()).isZero();
            }
            assertThat(execution.created()).extracting(a -> a.events().get(0)).isEqualTo(run.alerts().stream().map(a -> a.events().get(0)).toList());
            assertThat(execution.capped()).isEqualTo(run.capped());
        }
    }

    @Test
    void suppressionGroupsAlertsAndCountsTheOthers() throws Exception {
        event(Duration.ofMinutes(4), "{\"host\":{\"name\":\"ws-1\"},\"user\":{\"name\":\"alice\"}}");
        event(Duration.ofMinutes(3), "{\"host\":{\"name\":\"ws-1\"},\"user\":{\"name\":\"alice\"}}");
        event(Duration.ofMinutes(2), "{\"host\":{\"name\":\"ws-1\"},\"user\":{\"name\":\"alice\"}}");
        event(Duration.ofMinutes(2), "{\"host\":{\"name\":\"ws-1\"}}");
        event(Duration.ofMinutes(1), "{\"host\":{\"name\":\"ws-1\"}}");
        event(Duration.ofMinutes(9), "{\"host\":{\"name\":\"ws-1\"},\"user\":{\"name\":\"alice\"}}");
        AlertRun suppress = RuleAlerts.run(suppressed("query", Optional.of(Duration.ofHours(1)), true, "host.name", "user.name"), stream, NOW);
        Map<String, String> missing = key("host.name", "ws-1", "user.name", null);
        // buckets in the composite's key order, a missing value last (Kibana: missing_order 'last')
        assertThat(suppress.alerts()).extracting(Alert::key, Alert::suppressed).containsExactly(
                tuple(key("host.name", "ws-1", "user.name", "alice"), 2L),
                tuple(missing, 1L));
        assertThat(suppress.suppressed()).isEqualTo(3);
        AlertRun doNotSuppress = RuleAlerts.run(suppressed("query", Optional.empty(), false, "host.name", "user.name"), stream, NOW);
        assertThat(doNotSuppress.alerts()).extracting(Alert::key, Alert::suppressed).containsExactly(
                tuple(key("host.name", "ws-1", "user.name", "alice"), 2L),
                tuple(missing, 0L),
                tuple(missing, 0L));
    }

    @Test
    void maxSignalsCapsTheAlertsOfARun() throws Exception {
        for (int i = 0; i < 5; i++) {
            event(Duration.ofMinutes(1), "{}");
        }
        AlertRuleSpec spec = new AlertRuleSpec("query", "now-6m", "now", 3, Optional.empty(), Optional.empty(), Optional.empty());
        AlertRun run = RuleAlerts.run(spec, stream, NOW);
        assertThat(run.alerts()).hasSize(3);
        assertThat(run.capped()).isEqualTo(2);
    }
}
