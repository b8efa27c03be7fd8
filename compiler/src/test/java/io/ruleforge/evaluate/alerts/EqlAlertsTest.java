package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.eql.EqlParseResult;
import io.ruleforge.eql.EqlParser;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.evaluate.eql.EqlSettings;
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

/**
 * EQL rules' alerts as Kibana's EQL executor writes them. Expected values follow from Kibana's code: the search
 * (window filter {@code gte from, lte to}, {@code size = max_signals}, first results), one alert per event or per
 * sequence, and the in-memory suppression — event keys from the fields API, sequence keys from the intersection of
 * the sequence's events.
 */
class EqlAlertsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");
    private static final String WHOAMI = "process where process.name == \"whoami.exe\"";
    private static final String NET_THEN_NET1 = "sequence by host.name with maxspan=1m "
            + "[process where process.name == \"net.exe\"] [process where process.name == \"net1.exe\"]";

    private final List<StreamEvent> stream = new ArrayList<>();

    private void event(Duration ago, String process, String host, String userJson) throws Exception {
        Instant t = NOW.minus(ago);
        String json = "{\"@timestamp\":\"" + t + "\",\"event\":{\"category\":[\"process\"]},\"process\":{\"name\":\"" + process
                + "\"},\"host\":{\"name\":\"" + host + "\"}" + (userJson == null ? "" : ",\"user\":{\"name\":" + userJson + "}") + "}";
        stream.add(new StreamEvent(stream.size(), (ObjectNode) JSON.readTree(json), t, false));
    }

    private static AlertRuleSpec spec(int maxSignals, Optional<AlertRuleSpec.Suppression> suppression) {
        return new AlertRuleSpec("eql", "now-6m", "now", maxSignals, Optional.empty(), Optional.empty(), suppression);
    }

    private static Optional<AlertRuleSpec.Suppression> groupBy(boolean suppressMissing, String... fields) {
        return Optional.of(new AlertRuleSpec.Suppression(List.of(fields), Optional.of(Duration.ofHours(1)), suppressMissing));
    }

    private AlertRun run(String query, AlertRuleSpec spec) {
        EqlQuery parsed = ((EqlParseResult.Success) EqlParser.parse(query)).query();
        return EqlAlerts.run(spec, parsed, EcsSchemas.defaultSchema(), EqlSettings.defaults(), stream, NOW);
    }

    private static Map<String, String> key(String... fieldsAndValues) {
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            key.put(fieldsAndValues[i], fieldsAndValues[i + 1]);
        }
        return key;
    }

    /**
     * {@code now} in a rule's filter is the run's moment (Kibana sends the filter with the run), not the machine's
     * clock: a case in 2024 with a filter keeping the last hour gets its alerts whenever it is run.
     */
    @Test
    void aFiltersDateMathIsResolvedAtTheRunsMoment() throws Exception {
        event(Duration.ofMinutes(2), "whoami.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(1), "whoami.exe", "ws-2", "\"bob\"");
        EqlQuery parsed = ((EqlParseResult.Success) EqlParser.parse(WHOAMI)).query();
        EqlSettings lastHour = EqlSettings.defaults().withFilter(Optional.of((ObjectNode) JSON.readTree(
                "{\"bool\":{\"filter\":[{\"range\":{\"@timestamp\":{\"gte\":\"now-1h\"}}}]}}")));
        AlertRun run = EqlAlerts.run(spec(100, Optional.empty()), parsed, EcsSchemas.defaultSchema(), lastHour, stream, NOW);
        assertThat(run.alerts()).hasSize(2);
        List<AlertRuns.Execution> runs = AlertRuns.runEql(spec(100, Optional.empty()), Duration.ofMinutes(5), parsed,
                EcsSchemas.defaultSchema(), lastHour, stream, List.of(NOW));
        assertThat(runs.get(0).created()).hasSize(2);
    }

    @Test
    void anEventQueryAlertsOncePerEventInTheWindowBothEndsIncluded() throws Exception {
        event(Duration.ofMinutes(6).plusMillis(1), "whoami.exe", "ws-1", "\"alice\""); // 1 ms before the window
        event(Duration.ofMinutes(6), "whoami.exe", "ws-1", "\"alice\"");              // exactly at from
        event(Duration.ofMinutes(3), "cmd.exe", "ws-1", "\"alice\"");                 // not returned
        event(Duration.ZERO, "whoami.exe", "ws-2", "\"bob\"");                        // exactly at to
        AlertRun run = run(WHOAMI, spec(100, Optional.empty()));
        assertThat(run.alerts()).extracting(Alert::events).containsExactly(List.of(1), List.of(3));
        assertThat(run.alerts()).allSatisfy(a -> assertThat(a.key()).isEmpty());
    }

    @Test
    void maxSignalsIsTheSearchSizeSoTheFirstEventsAlert() throws Exception {
        for (int i = 5; i >= 1; i--) {
            event(Duration.ofMinutes(i), "whoami.exe", "ws-" + i, "\"alice\"");
        }
        AlertRun run = run(WHOAMI, spec(2, Optional.empty()));
        assertThat(run.alerts()).extracting(Alert::events).containsExactly(List.of(0), List.of(1));
    }

    @Test
    void aSequenceIsOneAlertWithItsEventsAsBuildingBlocksAndOnlyWindowEventsTakePart() throws Exception {
        event(Duration.ofMinutes(6).plusSeconds(10), "net.exe", "ws-1", "\"alice\""); // before the window: filtered out
        event(Duration.ofMinutes(5).plusSeconds(50), "net1.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(2), "net.exe", "ws-2", "\"bob\"");
        event(Duration.ofMinutes(1).plusSeconds(30), "net1.exe", "ws-2", "\"bob\"");
        AlertRun run = run(NET_THEN_NET1, spec(100, Optional.empty()));
        assertThat(run.alerts()).extracting(Alert::events).containsExactly(List.of(2, 3));
    }

    @Test
    void maxSignalsKeepsTheFirstSequences() throws Exception {
        event(Duration.ofMinutes(4), "net.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(3).plusSeconds(30), "net1.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(2), "net.exe", "ws-2", "\"alice\"");
        event(Duration.ofMinutes(1).plusSeconds(30), "net1.exe", "ws-2", "\"alice\"");
        AlertRun run = run(NET_THEN_NET1, spec(1, Optional.empty()));
        assertThat(run.alerts()).extracting(Alert::events).containsExactly(List.of(0, 1));
    }

    @Test
    void suppressedEventsGroupByTheirValuesTheFirstEventKeptAndMissingIsANullGroup() throws Exception {
        event(Duration.ofMinutes(5), "whoami.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(4), "whoami.exe", "ws-1", "\"bob\"");
        event(Duration.ofMinutes(3), "whoami.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(2), "whoami.exe", "ws-1", null);
        event(Duration.ofMinutes(1), "whoami.exe", "ws-1", null);
        AlertRun run = run(WHOAMI, spec(100, groupBy(true, "host.name", "user.name")));
        assertThat(run.alerts()).extracting(Alert::key).containsExactly(
                key("host.name", "ws-1", "user.name", "alice"), key("host.name", "ws-1", "user.name", "bob"),
                key("host.name", "ws-1", "user.name", null));
        assertThat(run.alerts()).extracting(Alert::suppressed).containsExactly(1L, 0L, 1L);
        assertThat(run.alerts()).extracting(a -> a.events().get(0)).containsExactly(0, 1, 3);
    }

    @Test
    void doNotSuppressWritesEventsMissingAGroupFieldOneByOneBeforeTheGroups() throws Exception {
        event(Duration.ofMinutes(5), "whoami.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(4), "whoami.exe", "ws-1", null);
        event(Duration.ofMinutes(3), "whoami.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(2), "whoami.exe", "ws-1", null);
        AlertRun run = run(WHOAMI, spec(100, groupBy(false, "host.name", "user.name")));
        assertThat(run.alerts()).extracting(a -> a.events().get(0)).containsExactly(1, 3, 0);
        assertThat(run.alerts()).extracting(Alert::suppressed).containsExactly(0L, 0L, 1L);
    }

    @Test
    void aMultiValuedFieldIsOneTermOfAllItsValuesInAnyOrder() throws Exception {
        event(Duration.ofMinutes(5), "whoami.exe", "ws-1", "[\"bob\",\"alice\"]");
        event(Duration.ofMinutes(4), "whoami.exe", "ws-1", "[\"alice\",\"bob\"]");
        event(Duration.ofMinutes(3), "whoami.exe", "ws-1", "\"alice\"");
        AlertRun run = run(WHOAMI, spec(100, groupBy(true, "user.name")));
        assertThat(run.alerts()).extracting(Alert::key).containsExactly(key("user.name", "alice,bob"), key("user.name", "alice"));
        assertThat(run.alerts()).extracting(Alert::suppressed).containsExactly(1L, 0L);
    }

    @Test
    void aSequenceIsKeyedByWhatAllItsEventsShare() throws Exception {
        // ws-1: alice then alice, twice — one group; ws-2: alice then bob — user.name differs, the shell lacks it
        event(Duration.ofMinutes(5), "net.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(4).plusSeconds(40), "net1.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(4), "net.exe", "ws-2", "\"alice\"");
        event(Duration.ofMinutes(3).plusSeconds(40), "net1.exe", "ws-2", "\"bob\"");
        event(Duration.ofMinutes(2), "net.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(1).plusSeconds(40), "net1.exe", "ws-1", "\"alice\"");
        AlertRun suppressed = run(NET_THEN_NET1, spec(100, groupBy(true, "host.name", "user.name")));
        assertThat(suppressed.alerts()).extracting(Alert::key).containsExactly(
                key("host.name", "ws-1", "user.name", "alice"), key("host.name", "ws-2", "user.name", null));
        assertThat(suppressed.alerts()).extracting(Alert::suppressed).containsExactly(1L, 0L);
        assertThat(suppressed.alerts()).extracting(Alert::events).containsExactly(List.of(0, 1), List.of(2, 3));

        AlertRun notSuppressed = run(NET_THEN_NET1, spec(100, groupBy(false, "host.name", "user.name")));
        assertThat(notSuppressed.alerts()).extracting(Alert::events).containsExactly(List.of(2, 3), List.of(0, 1));
        assertThat(notSuppressed.alerts()).extracting(Alert::suppressed).containsExactly(0L, 1L);
    }

    @Test
    void suppressedSequencesAreCutAtMaxSignalsCountingTheirBuildingBlocks() throws Exception {
        // two groups (ws-1, ws-2), each one 2-event sequence: written as [shell, block, block, shell, …], cut at 3
        event(Duration.ofMinutes(5), "net.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(4).plusSeconds(40), "net1.exe", "ws-1", "\"alice\"");
        event(Duration.ofMinutes(4), "net.exe", "ws-2", "\"alice\"");
        event(Duration.ofMinutes(3).plusSeconds(40), "net1.exe", "ws-2", "\"alice\"");
        AlertRun cut = run(NET_THEN_NET1, spec(3, groupBy(true, "host.name")));
        assertThat(cut.alerts()).extracting(Alert::events).containsExactly(List.of(0, 1));
        assertThat(cut.capped()).isEqualTo(1);
        AlertRun room = run(NET_THEN_NET1, spec(4, groupBy(true, "host.name")));
        assertThat(room.alerts()).extracting(Alert::events).containsExactly(List.of(0, 1), List.of(2, 3));
    }

    @Test
    void arraysInASequenceKeepTheValuesEveryEventHasAndAScalarMetByAnArrayBecomesAnArray() throws Exception {
        event(Duration.ofMinutes(5), "net.exe", "ws-1", "[\"alice\",\"bob\"]");
        event(Duration.ofMinutes(4).plusSeconds(40), "net1.exe", "ws-1", "[\"carol\",\"bob\"]");
        event(Duration.ofMinutes(4), "net.exe", "ws-1", "\"bob\"");
        event(Duration.ofMinutes(3).plusSeconds(40), "net1.exe", "ws-1", "\"bob\"");
        event(Duration.ofMinutes(3), "net.exe", "ws-1", "\"bob\"");
        event(Duration.ofMinutes(2).plusSeconds(40), "net1.exe", "ws-1", "[\"bob\"]");
        AlertRun run = run(NET_THEN_NET1, spec(100, groupBy(true, "user.name")));
        // [alice,bob] ∩ [carol,bob] = [bob] and "bob" ∩ [bob] = [bob]: one group; "bob" === "bob" stays a scalar: another
        assertThat(run.alerts()).extracting(Alert::events).containsExactly(List.of(0, 1), List.of(2, 3));
        assertThat(run.alerts()).extracting(Alert::suppressed).containsExactly(1L, 0L);
    }

    @Test
    void theIntersectionTellsANumberFromItsTextAndKeepsNestedAndDottedSpellingsApart() throws Exception {
        JsonNodes docs = new JsonNodes();
        assertThat(SequenceIntersection.of(List.of(docs.of("{\"a\":5}"), docs.of("{\"a\":5.0}")))).map(Object::toString).hasValue("{\"a\":5}");
        assertThat(SequenceIntersection.of(List.of(docs.of("{\"a\":5}"), docs.of("{\"a\":\"5\"}")))).isEmpty();
        assertThat(SequenceIntersection.of(List.of(docs.of("{\"host\":{\"name\":\"x\",\"id\":1}}"), docs.of("{\"host\":{\"name\":\"x\",\"id\":2}}"))))
                .map(Object::toString).hasValue("{\"host\":{\"name\":\"x\"}}");
        assertThat(SequenceIntersection.of(List.of(docs.of("{\"host\":{\"name\":\"x\"}}"), docs.of("{\"host.name\":\"x\"}")))).isEmpty();
        assertThat(SequenceIntersection.get(docs.of("{\"host.name\":\"x\"}"), "host.name")).map(Object::toString).hasValue("\"x\"");
        assertThat(SequenceIntersection.get(docs.of("{\"host\":{\"name\":\"x\"}}"), "host.name")).map(Object::toString).hasValue("\"x\"");
    }

    private static final class JsonNodes {
        com.fasterxml.jackson.databind.JsonNode of(String json) throws Exception {
            return JSON.readTree(json);
        }
    }
}
