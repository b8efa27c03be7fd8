package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** Several executions over one stream: what each run writes, given what the runs before it wrote. */
class AlertRunsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private final List<StreamEvent> stream = new ArrayList<>();

    private void event(String at, String json) throws Exception {
        stream.add(new StreamEvent(stream.size(), (ObjectNode) JSON.readTree(json), Instant.parse(at), true));
    }

    private static List<Instant> runs(String... at) {
        return java.util.Arrays.stream(at).map(Instant::parse).toList();
    }

    private static AlertRuleSpec query(String from, Optional<AlertRuleSpec.Suppression> suppression) {
        return new AlertRuleSpec("query", from, "now", 100, Optional.empty(), Optional.empty(), suppression);
    }

    private static Optional<AlertRuleSpec.Suppression> byUser(Optional<Duration> duration) {
        return Optional.of(new AlertRuleSpec.Suppression(List.of("user.name"), duration, true));
    }

    private static Map<String, String> user(String name) {
        Map<String, String> key = new LinkedHashMap<>();
        key.put("user.name", name);
        return key;
    }

    @Test
    void aDurationSuppressesLaterRunsIntoTheOpenAlertUntilItHasPassed() throws Exception {
        event("2024-05-01T11:58:00Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T11:59:30Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T12:03:00Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T12:04:00Z", "{\"user\":{\"name\":\"bob\"}}");
        event("2024-05-01T12:59:30Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T13:04:00Z", "{\"user\":{\"name\":\"alice\"}}");
        List<AlertRuns.Execution> executions = AlertRuns.run(query("now-6m", byUser(Optional.of(Duration.ofHours(1)))),
                FIVE_MINUTES, stream, runs("2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z", "2024-05-01T13:00:00Z", "2024-05-01T13:05:00Z"));
        assertThat(executions.get(0).created()).extracting(Alert::key, Alert::suppressed).containsExactly(tuple(user("alice"), 1L));
        // alice's 12:03 goes into the 12:00 alert; bob has no alert yet
        assertThat(executions.get(1).created()).extracting(Alert::key, Alert::suppressed).containsExactly(tuple(user("bob"), 0L));
        assertThat(executions.get(1).extended()).containsExactly(new AlertRuns.Extended(user("alice"), 2, 1));
        assertThat(executions.get(1).suppressed()).isEqualTo(1);
        // 13:00 is exactly one hour after the alert started (gte): still suppressed into it
        assertThat(executions.get(2).created()).isEmpty();
        assertThat(executions.get(2).extended()).containsExactly(new AlertRuns.Extended(user("alice"), 3, 1));
        // at 13:05 the 12:00 alert is older than the hour: a new one
        assertThat(executions.get(3).created()).extracting(Alert::key, Alert::suppressed).containsExactly(tuple(user("alice"), 0L));
        assertThat(executions.get(3).extended()).isEmpty();
    }

    @Test
    void suppressionPerRuleExecutionWritesANewAlertInEachRun() throws Exception {
        event("2024-05-01T11:58:00Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T12:03:00Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T12:04:00Z", "{\"user\":{\"name\":\"alice\"}}");
        List<AlertRuns.Execution> executions = AlertRuns.run(query("now-6m", byUser(Optional.empty())), FIVE_MINUTES, stream,
                runs("2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z"));
        assertThat(executions.get(0).created()).extracting(Alert::key, Alert::suppressed).containsExactly(tuple(user("alice"), 0L));
        assertThat(executions.get(1).created()).extracting(Alert::key, Alert::suppressed).containsExactly(tuple(user("alice"), 1L));
        assertThat(executions.get(1).extended()).isEmpty();
    }

    @Test
    void anEventInTwoOverlappingWindowsIsCountedOnce() throws Exception {
        event("2024-05-01T11:59:30Z", "{\"user\":{\"name\":\"alice\"}}");
        List<Instant> twoRuns = runs("2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z");
        // unsuppressed: the same event gives the same alert id, written once
        List<AlertRuns.Execution> plain = AlertRuns.run(query("now-6m", Optional.empty()), FIVE_MINUTES, stream, twoRuns);
        assertThat(plain.get(0).created()).hasSize(1);
        assertThat(plain.get(1).created()).isEmpty();
        // suppressed with a duration: not suppressed into its own alert a second time
        List<AlertRuns.Execution> suppressed = AlertRuns.run(query("now-6m", byUser(Optional.of(Duration.ofHours(1)))), FIVE_MINUTES,
                stream, twoRuns);
        assertThat(suppressed.get(1).created()).isEmpty();
        assertThat(suppressed.get(1).extended()).isEmpty();
        // per rule execution: the group's history keeps the event out of the second window
        List<AlertRuns.Execution> perExecution = AlertRuns.run(query("now-6m", byUser(Optional.empty())), FIVE_MINUTES, stream, twoRuns);
        assertThat(perExecution.get(1).created()).isEmpty();
    }

    /**
     * Kibana's {@code filterBucketHistory} keeps a bucket while {@code endDate > tuple.from}: a group whose latest
     * event is exactly the next window's start is forgotten, so that event is searched, and counted, again.
     */
    @Test
    void aGroupWhoseLatestEventIsTheWindowStartIsSearchedAgain() throws Exception {
        event("2024-05-01T11:58:00Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T11:59:00Z", "{\"user\":{\"name\":\"alice\"}}");
        List<AlertRuns.Execution> executions = AlertRuns.run(query("now-6m", byUser(Optional.empty())), FIVE_MINUTES, stream,
                runs("2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z"));
        assertThat(executions.get(0).created()).extracting(Alert::key, Alert::suppressed).containsExactly(tuple(user("alice"), 1L));
        // the 12:05 window starts at 11:59: alice's bucket (ending 11:59) is not kept, her 11:59 event is found again;
        // without a duration the executor writes its buckets with a plain bulkCreate (an _id of the bucket's first
        // event, terms, start and end: not the earlier alert's), so it is a new alert
        assertThat(executions.get(1).created()).extracting(Alert::key, Alert::suppressed, Alert::events)
                .containsExactly(tuple(user("alice"), 0L, List.of(1)));
    }

    /**
     * With a duration, the same forgotten bucket meets the group's open alert: its event at the window's start, already
     * the alert's own, is counted again. {@code alertWithSuppression} adds the bucket's {@code doc_count − 1}, plus 1
     * for the bucket's alert itself, to the open alert's {@code docs_count}: 2 for one event more.
     */
    @Test
    void anEventAtTheWindowStartIsFoldedIntoItsOwnAlertAgain() throws Exception {
        event("2024-05-01T11:59:00Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T12:01:00Z", "{\"user\":{\"name\":\"alice\"}}");
        List<AlertRuns.Execution> executions = AlertRuns.run(query("now-6m", byUser(Optional.of(Duration.ofHours(1)))),
                FIVE_MINUTES, stream, runs("2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z"));
        assertThat(executions.get(0).created()).extracting(Alert::key, Alert::suppressed).containsExactly(tuple(user("alice"), 0L));
        assertThat(executions.get(1).created()).isEmpty();
        assertThat(executions.get(1).extended()).containsExactly(new AlertRuns.Extended(user("alice"), 2, 2));
        // one event off the window's start, the bucket history keeps it out: the later event alone is folded in
        stream.clear();
        event("2024-05-01T11:59:01Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T12:01:00Z", "{\"user\":{\"name\":\"alice\"}}");
        executions = AlertRuns.run(query("now-6m", byUser(Optional.of(Duration.ofHours(1)))),
                FIVE_MINUTES, stream, runs("2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z"));
        assertThat(executions.get(1).extended()).containsExactly(new AlertRuns.Extended(user("alice"), 1, 1));
    }

    /**
     * {@code groupAndBulkCreate} takes one page of the composite aggregation: {@code max_signals} groups in key order,
     * a missing value last ({@code missing_order: 'last'}); only those enter the bucket history, so a group left out
     * is found by the next execution, with all of its events still in the window.
     */
    @Test
    void aGroupBeyondMaxSignalsIsFoundByTheNextExecution() throws Exception {
        event("2024-05-01T11:58:00Z", "{\"host\":{\"name\":\"h\"}}");
        event("2024-05-01T11:59:10Z", "{\"user\":{\"name\":\"carol\"}}");
        event("2024-05-01T11:58:30Z", "{\"user\":{\"name\":\"bob\"}}");
        event("2024-05-01T11:59:30Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T12:01:00Z", "{\"user\":{\"name\":\"bob\"}}");
        AlertRuleSpec two = new AlertRuleSpec("query", "now-6m", "now", 2, Optional.empty(), Optional.empty(), byUser(Optional.empty()));
        List<AlertRuns.Execution> executions = AlertRuns.run(two, FIVE_MINUTES, stream, runs("2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z"));
        // alice and bob are the first page; carol and the event without a user (last) are left out
        assertThat(executions.get(0).created()).extracting(Alert::key).containsExactly(user("alice"), user("bob"));
        assertThat(executions.get(0).capped()).isEqualTo(2);
        // next (from 11:59): alice's event is history; bob's 12:01 is new; carol's 11:59:10 is searched again
        assertThat(executions.get(1).created()).extracting(Alert::key, Alert::events)
                .containsExactly(tuple(user("bob"), List.of(4)), tuple(user("carol"), List.of(1)));
        assertThat(executions.get(1).capped()).isZero();
    }

    /**
     * With {@code doNotSuppress}, events missing a group field alert one by one up to {@code max_signals} minus the
     * composite's buckets ({@code maxUnsuppressedCount}), also when those buckets are folded into earlier alerts.
     */
    @Test
    void eventsMissingAFieldFillWhatTheBucketsLeaveOfMaxSignals() throws Exception {
        event("2024-05-01T11:58:00Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T12:01:00Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T12:02:00Z", "{\"host\":{\"name\":\"h1\"}}");
        event("2024-05-01T12:03:00Z", "{\"host\":{\"name\":\"h2\"}}");
        AlertRuleSpec two = new AlertRuleSpec("query", "now-6m", "now", 2, Optional.empty(), Optional.empty(),
                Optional.of(new AlertRuleSpec.Suppression(List.of("user.name"), Optional.of(Duration.ofHours(1)), false)));
        List<AlertRuns.Execution> executions = AlertRuns.run(two, FIVE_MINUTES, stream, runs("2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z"));
        assertThat(executions.get(0).created()).extracting(Alert::key).containsExactly(user("alice"));
        // alice's bucket goes into the 12:00 alert, yet takes one of the two: one event without a user alerts
        assertThat(executions.get(1).extended()).containsExactly(new AlertRuns.Extended(user("alice"), 1, 1));
        assertThat(executions.get(1).created()).hasSize(1);
        assertThat(executions.get(1).capped()).isEqualTo(1);
    }

    @Test
    void aThresholdGroupThatAlertedDoesNotCountItsEventsAgain() throws Exception {
        AlertRuleSpec spec = new AlertRuleSpec("threshold", "now-10m", "now", 100,
                Optional.of(new AlertRuleSpec.Threshold(List.of("source.ip"), 2, Optional.empty(), 0)), Optional.empty(), Optional.empty());
        event("2024-05-01T11:55:00Z", "{\"source\":{\"ip\":\"10.0.0.5\"}}");
        event("2024-05-01T11:56:00Z", "{\"source\":{\"ip\":\"10.0.0.5\"}}");
        event("2024-05-01T12:01:00Z", "{\"source\":{\"ip\":\"10.0.0.5\"}}");
        event("2024-05-01T12:02:00Z", "{\"source\":{\"ip\":\"10.0.0.5\"}}");
        List<AlertRuns.Execution> executions = AlertRuns.run(spec, FIVE_MINUTES, stream,
                runs("2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z", "2024-05-01T12:10:00Z"));
        assertThat(executions.get(0).created()).extracting(Alert::count).containsExactly(2L);
        // 11:55 and 11:56 are still in the 12:05 window, but the group alerted on them: only 12:01 and 12:02 count
        assertThat(executions.get(1).created()).extracting(Alert::count, Alert::events).containsExactly(tuple(2L, List.of(2, 3)));
        assertThat(executions.get(2).created()).isEmpty();
    }

    @Test
    void aLateRunSearchesCatchUpWindowsOneIntervalApartFirst() throws Exception {
        event("2024-05-01T12:07:00Z", "{\"user\":{\"name\":\"alice\"}}");
        event("2024-05-01T12:01:00Z", "{\"user\":{\"name\":\"bob\"}}");
        AlertRuleSpec spec = query("now-6m", Optional.empty());
        List<AlertRuns.Execution> executions = AlertRuns.run(spec, FIVE_MINUTES, stream, runs("2024-05-01T12:00:00Z", "2024-05-01T12:20:00Z"));
        // gap = 20m − 6m = 14m: ceil(14 / 5) = 3 catch-up windows, oldest first
        assertThat(executions.get(1).windows()).extracting(AlertRuns.Window::from).containsExactly(
                Instant.parse("2024-05-01T11:59:00Z"), Instant.parse("2024-05-01T12:04:00Z"),
                Instant.parse("2024-05-01T12:09:00Z"), Instant.parse("2024-05-01T12:14:00Z"));
        assertThat(executions.get(1).created()).extracting(a -> a.events().get(0)).containsExactly(1, 0);
        // an hour late: at most 4 catch-up windows, so 12:07 is never searched
        List<AlertRuns.Execution> late = AlertRuns.run(spec, FIVE_MINUTES, stream, runs("2024-05-01T12:00:00Z", "2024-05-01T13:00:00Z"));
        assertThat(late.get(1).windows()).hasSize(5).first().extracting(AlertRuns.Window::from).isEqualTo(Instant.parse("2024-05-01T12:34:00Z"));
        assertThat(late.get(1).created()).isEmpty();
    }

    /**
     * Each window of an execution is its own call of the executor with the rule's {@code max_signals}
     * ({@code getRuleRangeTuples} gives every catch-up tuple {@code maxSignals}): a late run can write more than
     * {@code max_signals} alerts in all.
     */
    @Test
    void eachCatchUpWindowHasMaxSignalsOfItsOwn() throws Exception {
        for (String at : List.of("12:06", "12:07", "12:08", "12:16", "12:17")) {
            event("2024-05-01T" + at + ":00Z", "{\"user\":{\"name\":\"alice\"}}");
        }
        AlertRuleSpec two = new AlertRuleSpec("query", "now-6m", "now", 2, Optional.empty(), Optional.empty(), Optional.empty());
        List<AlertRuns.Execution> executions = AlertRuns.run(two, FIVE_MINUTES, stream, runs("2024-05-01T12:00:00Z", "2024-05-01T12:20:00Z"));
        // windows 11:59–12:05, 12:04–12:10 (12:06, 12:07; 12:08 cut, and in no later window), 12:09–12:15,
        // 12:14–12:20 (12:16, 12:17): 4 alerts in the execution (max_signals over the execution would give 2)
        assertThat(executions.get(1).created()).extracting(a -> a.events().get(0)).containsExactly(0, 1, 3, 4);
        assertThat(executions.get(1).capped()).isEqualTo(1);
    }

    @Test
    void aTermAlertedInOneRunIsHistoryInTheNext() throws Exception {
        AlertRuleSpec spec = new AlertRuleSpec("new_terms", "now-6m", "now", 100, Optional.empty(),
                Optional.of(new AlertRuleSpec.NewTerms(List.of("user.name"), "now-7d")),
                Optional.of(new AlertRuleSpec.Suppression(List.of("host.name"), Optional.of(Duration.ofMinutes(30)), true)));
        event("2024-05-01T11:59:00Z", "{\"user\":{\"name\":\"alice\"},\"host\":{\"name\":\"ws-1\"}}");
        event("2024-05-01T12:03:00Z", "{\"user\":{\"name\":\"alice\"},\"host\":{\"name\":\"ws-1\"}}");
        event("2024-05-01T12:04:00Z", "{\"user\":{\"name\":\"bob\"},\"host\":{\"name\":\"ws-1\"}}");
        List<AlertRuns.Execution> executions = AlertRuns.run(spec, FIVE_MINUTES, stream, runs("2024-05-01T12:00:00Z", "2024-05-01T12:05:00Z"));
        assertThat(executions.get(0).created()).extracting(Alert::suppressed).containsExactly(0L);
        // alice is no longer new; bob is, and host ws-1 has an open alert for 30 minutes: bob's alert is suppressed into it
        assertThat(executions.get(1).created()).isEmpty();
        Map<String, String> host = new LinkedHashMap<>();
        host.put("host.name", "ws-1");
        assertThat(executions.get(1).extended()).containsExactly(new AlertRuns.Extended(host, 1, 1));
    }

    /** One execution is exactly {@link RuleAlerts#run}, for every type and suppression setting, on random streams. */
    @Test
    void oneExecutionGivesTheAlertsOfOneRun() throws Exception {
        Random random = new Random(17);
        Instant now = Instant.parse("2024-05-01T12:00:00Z");
        List<AlertRuleSpec> specs = List.of(
                query("now-6m", Optional.empty()),
                query("now-6m", byUser(Optional.empty())),
                query("now-6m", byUser(Optional.of(Duration.ofHours(1)))),
                query("now-6m", Optional.of(new AlertRuleSpec.Suppression(List.of("user.name", "host.name"), Optional.empty(), false))),
                new AlertRuleSpec("query", "now-6m", "now", 3, Optional.empty(), Optional.empty(), byUser(Optional.empty())),
                new AlertRuleSpec("threshold", "now-6m", "now", 100,
                        Optional.of(new AlertRuleSpec.Threshold(List.of("user.name"), 2, Optional.of("host.name"), 2)), Optional.empty(), Optional.empty()),
                new AlertRuleSpec("threshold", "now-6m", "now", 100,
                        Optional.of(new AlertRuleSpec.Threshold(List.of("user.name"), 2, Optional.empty(), 0)), Optional.empty(),
                        Optional.of(new AlertRuleSpec.Suppression(List.of("user.name"), Optional.of(Duration.ofHours(1)), true))),
                new AlertRuleSpec("new_terms", "now-6m", "now", 100, Optional.empty(),
                        Optional.of(new AlertRuleSpec.NewTerms(List.of("user.name", "host.name"), "now-1h")), Optional.empty()),
                new AlertRuleSpec("new_terms", "now-6m", "now", 100, Optional.empty(),
                        Optional.of(new AlertRuleSpec.NewTerms(List.of("user.name"), "now-1h")), byUser(Optional.of(Duration.ofMinutes(10)))));
        int compared = 0;
        for (int round = 0; round < 60; round++) {
            stream.clear();
            int n = random.nextInt(25);
            List<Instant> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                times.add(now.minusSeconds(random.nextInt(900)));
            }
            times.sort(null);
            for (Instant t : times) {
                String userName = random.nextInt(5) == 0 ? "" : "\"user\":{\"name\":" + (random.nextBoolean() ? "\"u" + random.nextInt(3) + "\""
                        : "[\"u" + random.nextInt(3) + "\",\"u" + random.nextInt(3) + "\"]") + "},";
                stream.add(new StreamEvent(stream.size(), (ObjectNode) JSON.readTree("{" + userName + "\"host\":{\"name\":\"h"
                        + random.nextInt(2) + "\"}}"), t, random.nextInt(6) != 0));
            }
            for (AlertRuleSpec spec : specs) {
                AlertRun single = RuleAlerts.run(spec, stream, now);
                AlertRuns.Execution execution = AlertRuns.run(spec, FIVE_MINUTES, stream, List.of(now)).get(0);
                assertThat(execution.created()).as("%s on %s", spec, stream).usingRecursiveFieldByFieldElementComparator()
                        .containsExactlyElementsOf(single.alerts());
                assertThat(execution.capped()).isEqualTo(single.capped());
                compared++;
            }
        }
        assertThat(compared).isEqualTo(540);
    }
}
