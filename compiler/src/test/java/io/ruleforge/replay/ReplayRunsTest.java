package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.evaluate.alerts.RuleSchedule;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseEvent;
import io.ruleforge.harness.cases.CaseFileLoader;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.Rule;
import io.ruleforge.validate.SchemaValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay's runs of the multi-event rule types. First, a single-window setting: each multi-event case of the
 * project's threshold, new_terms and suppressed query rules is replayed with the rule's run placed at the case's
 * {@code now}, and the alerts that one run writes must be those the case states (the alerts the harness's case run
 * decides, checked against Elasticsearch). Then one hand-reasoned example per type over several overlapping runs,
 * the expected counts worked out in the comments from Kibana's schedule: runs every {@code interval} from one
 * interval after the first event, each searching {@code from}…{@code now}.
 */
class ReplayRunsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    private static CompiledRule compile(Path rulesDirectory) {
        LoadResult loaded = new RuleLoader(PROJECT).loadDirectory(rulesDirectory, List.of(rulesDirectory.resolve("target")));
        List<Rule> valid = new SchemaValidator().validate(loaded.documents()).rules();
        FieldSchema ecs = EcsSchemas.defaultSchema();
        List<CompiledRule> compiled = new RuleCompiler(new CompilerSettings(KibanaVersion.V8_12, ecs, ecs, DslOptions.DEFAULT)).compile(valid).rules();
        assertThat(compiled).hasSize(1);
        return compiled.get(0);
    }

    /** The project's rule of that file stem, as the project compiles it. */
    private static CompiledRule single(String stem) {
        Path rules = PROJECT.resolve("rules");
        LoadResult loaded = new RuleLoader(PROJECT).loadDirectory(rules, List.of(rules.resolve("target")));
        List<Rule> valid = new SchemaValidator().validate(loaded.documents()).rules();
        FieldSchema ecs = EcsSchemas.defaultSchema();
        return new RuleCompiler(new CompilerSettings(KibanaVersion.V8_12, ecs, ecs, DslOptions.DEFAULT)).compile(valid).rules()
                .stream().filter(r -> r.rule().fileStem().equals(stem)).findFirst().orElseThrow();
    }

    /** A project rule, its text changed by {@code edit}, alone in a rules directory. */
    private static CompiledRule projectRule(Path dir, String file, UnaryOperator<String> edit) throws IOException {
        Path rules = Files.createDirectories(dir.resolve("rules-" + file.replace('.', '-')));
        String text = Files.readString(PROJECT.resolve("rules").resolve(file), StandardCharsets.UTF_8);
        String edited = edit.apply(text);
        Files.writeString(rules.resolve(file), edited, StandardCharsets.UTF_8);
        return compile(rules);
    }

    /** One rule's timeline with its first run at {@code firstRun}, fed {@code events} in timestamp order. */
    private record Replayed(RuleTimeline runs, RuleTally tally, ReplayTimeline timeline) {
    }

    private static Replayed replay(CompiledRule rule, Instant firstRun, List<ObjectNode> events, Instant decideUntil) {
        return replay(rule, firstRun, events, decideUntil, new Replayer.Options(1, 3, 5, CLOCK, null));
    }

    private static Replayed replay(CompiledRule rule, Instant firstRun, List<ObjectNode> events, Instant decideUntil, Replayer.Options options) {
        Map<String, String> notReplayed = new TreeMap<>();
        List<ReplayRule> prepared = new Replayer(options).prepare(List.of(rule), notReplayed);
        assertThat(notReplayed).isEmpty();
        RuleTally[] tallies = {new RuleTally(prepared.get(0).keyFields(), 3)};
        ReplayTimeline timeline = new ReplayTimeline(prepared, tallies, options.alerts(), options.indicators(), options.kibanaVersion());
        long interval = RuleSchedule.intervalMillis(prepared.get(0).interval()).orElseThrow();
        timeline.start(firstRun.toEpochMilli() - interval);
        List<RecordedEvent> recorded = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            recorded.add(new RecordedEvent(events.get(i), 0, i + 1, i));
        }
        recorded.sort(Comparator.comparingLong(e -> EventTimes.millis(e.source())));
        Replayer.Decided decided = Replayer.decider(prepared, CLOCK.instant()).decide(recorded);
        for (int i = 0; i < recorded.size(); i++) {
            timeline.accept(recorded.get(i), decided.millis()[i], decided.matched()[i]);
        }
        if (decideUntil == null) {
            timeline.finish();
        } else {
            timeline.advanceTo(decideUntil.toEpochMilli());
        }
        return new Replayed(timeline.of(0), tallies[0], timeline);
    }

    @Test
    void oneRunAtACasesNowWritesTheAlertsTheCaseStates() {
        int checked = 0;
        for (String stem : List.of("failed_logons_from_one_source", "first_process_for_user_on_host", "whoami_discovery_suppressed",
                "whoami_then_net_discovery_suppressed")) {
            CompiledRule rule = single(stem);
            CaseFileLoader.Result cases = new CaseFileLoader(PROJECT).load(PROJECT.resolve("test-fixtures").resolve(stem));
            assertThat(cases.cases()).as(stem).isNotEmpty();
            for (AlertCase c : cases.cases()) {
                if (c.multiRun()) {
                    continue; // a case of several runs states each run's alerts, not one run's
                }
                // the events the run at "now" can see: none after it (a later run would)
                List<ObjectNode> events = c.events().stream().filter(e -> !e.timestamp().isAfter(c.now())).map(CaseEvent::document).toList();
                // decide the run at "now" only: the next run's window ends one interval later
                Replayed r = replay(rule, c.now(), events, c.now().plusMillis(1));
                assertThat(r.tally().alerts).as(c.label()).isEqualTo(c.expect().alerts());
                c.expect().suppressed().ifPresent(s -> assertThat(r.runs().suppressed).as(c.label() + " suppressed").isEqualTo(s));
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(13);
    }

    private static List<ObjectNode> ndjson(Path file) throws IOException {
        List<ObjectNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add((ObjectNode) JSON.readTree(line));
            }
        }
        return out;
    }

    @Test
    void oneIndicatorMatchRunAtACasesNowWritesTheAlertsTheCaseStates() throws IOException {
        String stem = "destination_ip_in_indicator_feed";
        CompiledRule rule = single(stem);
        List<ObjectNode> folderIndicators = ndjson(PROJECT.resolve("test-fixtures").resolve(stem).resolve("indicators.ndjson"));
        CaseFileLoader.Result cases = new CaseFileLoader(PROJECT).load(PROJECT.resolve("test-fixtures").resolve(stem));
        assertThat(cases.cases()).hasSizeGreaterThanOrEqualTo(5);
        for (AlertCase c : cases.cases()) {
            List<ObjectNode> indicators = c.indicators().isEmpty() ? folderIndicators : c.indicators().stream().map(CaseEvent::document).toList();
            List<ObjectNode> events = c.events().stream().filter(e -> !e.timestamp().isAfter(c.now())).map(CaseEvent::document).toList();
            Replayed r = replay(rule, c.now(), events, c.now().plusMillis(1), new Replayer.Options(1, 3, 5, CLOCK, null, indicators));
            assertThat(r.tally().alerts).as(c.label()).isEqualTo(c.expect().alerts());
        }
    }

    @Test
    void indicatorMatchRunsAlertOnceOnAnEventTwoWindowsHold() throws IOException {
        // interval 1h, from now-65m; first event 10:00 → runs at 11:00 (09:55–11:00) and 12:00 (10:55–12:00).
        // 203.0.113.7 is listed (indicator of 2024-04-25): 10:00 → run 11:00; 10:58 → run 11:00, and run 12:00 holds it
        // too (the same alert, not written again); 11:30 goes to 203.0.113.99, unlisted. Two alerts.
        CompiledRule rule = single("destination_ip_in_indicator_feed");
        List<ObjectNode> indicators = ndjson(PROJECT.resolve("test-fixtures/destination_ip_in_indicator_feed/indicators.ndjson"));
        List<ObjectNode> events = new ArrayList<>();
        for (String[] e : List.of(new String[]{"10:00:00", "203.0.113.7"}, new String[]{"10:58:00", "203.0.113.7"},
                new String[]{"11:30:00", "203.0.113.99"})) {
            events.add((ObjectNode) JSON.readTree("{\"@timestamp\":\"2024-05-01T" + e[0] + ".000Z\",\"event\":{\"category\":[\"network\"],"
                    + "\"type\":[\"connection\"]},\"source\":{\"ip\":\"10.1.2.3\"},\"destination\":{\"ip\":\"" + e[1] + "\",\"port\":443}}"));
        }
        Replayed r = replay(rule, Instant.parse("2024-05-01T11:00:00Z"), events, null, new Replayer.Options(1, 3, 5, CLOCK, null, indicators));
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(2);
        assertThat(r.timeline().runs(0)).isEqualTo(2);
    }

    @Test
    void theTermsShortcutOfIndicatorMatchIsKibana810AndLaterOnly() throws IOException {
        // one indicator listing two addresses in threat.indicator.ip; destination.ip and threat.indicator.ip are both
        // ip fields, so Kibana ≥ 8.10 searches the single-entry mapping with one terms query of each indicator's first
        // value: the event to .50 alerts, the one to .51 does not. Kibana 8.9 sends the per-indicator bool query, which
        // an indicator with several values in the field is left out of: neither alerts.
        CompiledRule rule = single("destination_ip_in_indicator_feed");
        List<ObjectNode> indicators = List.of((ObjectNode) JSON.readTree("{\"@timestamp\":\"2024-04-25T08:00:00.000Z\","
                + "\"event\":{\"kind\":\"enrichment\",\"category\":[\"threat\"],\"type\":[\"indicator\"]},"
                + "\"threat\":{\"feed\":{\"name\":\"feed\"},\"indicator\":{\"type\":\"ipv4-addr\",\"ip\":[\"203.0.113.50\",\"203.0.113.51\"]}}}"));
        List<ObjectNode> events = new ArrayList<>();
        for (String[] e : List.of(new String[]{"10:00:00", "203.0.113.50"}, new String[]{"10:10:00", "203.0.113.51"})) {
            events.add((ObjectNode) JSON.readTree("{\"@timestamp\":\"2024-05-01T" + e[0] + ".000Z\",\"event\":{\"category\":[\"network\"],"
                    + "\"type\":[\"connection\"]},\"source\":{\"ip\":\"10.1.2.3\"},\"destination\":{\"ip\":\"" + e[1] + "\",\"port\":443}}"));
        }
        Map<KibanaVersion, Long> alerts = new TreeMap<>();
        for (KibanaVersion version : List.of(KibanaVersion.V8_9, KibanaVersion.V8_10, KibanaVersion.V8_12)) {
            Replayed r = replay(rule, Instant.parse("2024-05-01T11:00:00Z"), events, null,
                    new Replayer.Options(1, 3, 5, CLOCK, null, indicators).withKibanaVersion(version));
            alerts.put(version, r.tally().alerts);
            if (r.tally().alerts > 0) {
                assertThat(r.tally().values.get("destination.ip")).as(version.label()).containsOnlyKeys("203.0.113.50");
            }
        }
        assertThat(KibanaVersion.parse("8.11")).contains(KibanaVersion.V8_10);
        assertThat(KibanaVersion.parse("8.9")).contains(KibanaVersion.V8_9);
        assertThat(alerts).containsExactly(Map.entry(KibanaVersion.V8_9, 0L), Map.entry(KibanaVersion.V8_10, 1L),
                Map.entry(KibanaVersion.V8_12, 1L));
    }

    @Test
    void aSuppressedIndicatorMatchRuleFoldsLaterRunsIntoTheOpenAlertAndCountsAnEventTwoWindowsHoldOnce(@TempDir Path dir) throws IOException {
        // group host.name for 2h (Kibana 8.13+: the matched events of a run grouped in memory, an open alert created
        // since now − 2h taking later runs' events of its group); interval 1h, from now-65m; first run 11:00.
        // Every connection is to 203.0.113.7 (listed) but 13:40's. Run 11:00 (09:55–11:00): ws-17 10:00, 10:30,
        // 10:58 → alert A (10:00), 2 suppressed, its suppression end 10:58. Run 12:00 (10:55–12:00): 10:58 again, not
        // after A's end (already counted): dropped; ws-18 11:30 → alert B; ws-17 11:40 → folded into A (+1).
        // Run 14:00 (12:55–14:00): ws-17 13:30 → A was created at 11:00, before 14:00 − 2h: alert C; 13:40 goes to an
        // unlisted address. 3 alerts (6 unsuppressed), 3 suppressed (4 if 10:58 were counted twice).
        CompiledRule rule = projectRule(dir, "destination_ip_in_indicator_feed.toml", t -> t.replace("\n[[rule.threat]]",
                "\n[rule.alert_suppression]\ngroup_by = [\"host.name\"]\n\n[rule.alert_suppression.duration]\nunit = \"h\"\nvalue = 2\n\n[[rule.threat]]"));
        List<ObjectNode> indicators = ndjson(PROJECT.resolve("test-fixtures/destination_ip_in_indicator_feed/indicators.ndjson"));
        List<ObjectNode> events = new ArrayList<>();
        for (String[] e : List.of(new String[]{"10:00:00", "ws-17", "203.0.113.7"}, new String[]{"10:30:00", "ws-17", "203.0.113.7"},
                new String[]{"10:58:00", "ws-17", "203.0.113.7"}, new String[]{"11:30:00", "ws-18", "203.0.113.7"},
                new String[]{"11:40:00", "ws-17", "203.0.113.7"}, new String[]{"13:30:00", "ws-17", "203.0.113.7"},
                new String[]{"13:40:00", "ws-17", "203.0.113.99"})) {
            events.add((ObjectNode) JSON.readTree("{\"@timestamp\":\"2024-05-01T" + e[0] + ".000Z\",\"event\":{\"category\":[\"network\"]},"
                    + "\"host\":{\"name\":\"" + e[1] + "\"},\"destination\":{\"ip\":\"" + e[2] + "\"}}"));
        }
        Replayed r = replay(rule, Instant.parse("2024-05-01T11:00:00Z"), events, null, new Replayer.Options(1, 3, 5, CLOCK, null, indicators));
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(3);
        assertThat(r.runs().suppressed).isEqualTo(3);
        assertThat(r.tally().first).isEqualTo(Instant.parse("2024-05-01T10:00:00Z").toEpochMilli());
        assertThat(r.tally().last).isEqualTo(Instant.parse("2024-05-01T13:30:00Z").toEpochMilli());
    }

    @Test
    void aSuppressedIndicatorMatchRulePerRunWritesEachRunsGroupsAnew(@TempDir Path dir) throws IOException {
        // the events above, suppression per rule execution (no duration), missing fields not suppressed. Run 11:00:
        // ws-17 10:00, 10:30, 10:58 → alert, 2 suppressed. Run 12:00: 10:58 counted by run 11:00's alert (up to its
        // end): dropped; ws-17 11:40 → a new alert (per execution nothing folds into an earlier run's); ws-18 11:30 →
        // alert; 11:50 without host.name → an alert of its own (doNotSuppress); 11:55 without host.name → another.
        // Run 14:00: ws-17 13:30 → alert. 6 alerts, 2 suppressed.
        CompiledRule rule = projectRule(dir, "destination_ip_in_indicator_feed.toml", t -> t.replace("\n[[rule.threat]]",
                "\n[rule.alert_suppression]\ngroup_by = [\"host.name\"]\nmissing_fields_strategy = \"doNotSuppress\"\n\n[[rule.threat]]"));
        List<ObjectNode> indicators = ndjson(PROJECT.resolve("test-fixtures/destination_ip_in_indicator_feed/indicators.ndjson"));
        List<ObjectNode> events = new ArrayList<>();
        for (String[] e : List.of(new String[]{"10:00:00", "ws-17"}, new String[]{"10:30:00", "ws-17"}, new String[]{"10:58:00", "ws-17"},
                new String[]{"11:30:00", "ws-18"}, new String[]{"11:40:00", "ws-17"}, new String[]{"11:50:00", null},
                new String[]{"11:55:00", null}, new String[]{"13:30:00", "ws-17"})) {
            events.add((ObjectNode) JSON.readTree("{\"@timestamp\":\"2024-05-01T" + e[0] + ".000Z\",\"event\":{\"category\":[\"network\"]},"
                    + (e[1] == null ? "" : "\"host\":{\"name\":\"" + e[1] + "\"},") + "\"destination\":{\"ip\":\"203.0.113.7\"}}"));
        }
        Replayed r = replay(rule, Instant.parse("2024-05-01T11:00:00Z"), events, null, new Replayer.Options(1, 3, 5, CLOCK, null, indicators));
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(6);
        assertThat(r.runs().suppressed).isEqualTo(2);
    }

    @Test
    void anIndicatorMatchRuleWithoutTheThreatIndexIsNotReplayedAndSaysWhy() {
        Map<String, String> notReplayed = new TreeMap<>();
        new Replayer(new Replayer.Options(1, 3, 5, CLOCK, null)).prepare(List.of(single("destination_ip_in_indicator_feed")), notReplayed);
        assertThat(notReplayed.values()).singleElement().asString().contains("--indicators");
    }

    /** The project's ES|QL rule with {@code suppression} added (before its first {@code [[rule.threat]]}). */
    private static String withSuppression(String toml, String suppression) {
        int threat = toml.indexOf("\n[[rule.threat]]");
        return toml.substring(0, threat) + "\n" + suppression + toml.substring(threat);
    }

    @Test
    void aSuppressedNonAggregatingEsqlRuleGroupsByItsSourceEventsFieldsAcrossRuns(@TempDir Path dir) throws IOException {
        // every failed logon, keeping @timestamp and source.ip only; group user.name for 30m (Kibana 8.15+: the row is
        // merged over its source event, so user.name comes from the event); interval 10m, from now-15m; first run 10:10.
        // Run 10:10 (09:55–10:10): u1 10:00, 10:01, 10:07 → alert A (10:00), 2 suppressed, its suppression end 10:07;
        // u2 10:02 → alert B. Run 10:20 (10:05–10:20): 10:07 again, not after A's end: dropped; u1 10:12 → folded into
        // A (+1). Run 10:50 (10:35–10:50): A was created at 10:10, before 10:50 − 30m: u1 10:50 → alert C.
        // 3 alerts, 3 suppressed (read from the row alone, user.name would be missing for all: 2 alerts, 4 suppressed).
        CompiledRule rule = projectRule(dir, "password_spraying_from_one_source_esql.toml", t -> {
            String q = t.substring(t.indexOf("query = '''"), t.indexOf("'''", t.indexOf("query = '''") + 11) + 3);
            return withSuppression(t.replace(q, "query = '''\nfrom logs-system.security-* metadata _id\n"
                            + "| where event.category == \"authentication\" and event.outcome == \"failure\"\n| keep @timestamp, source.ip, _id\n'''"),
                    "[rule.alert_suppression]\ngroup_by = [\"user.name\"]\n\n[rule.alert_suppression.duration]\nunit = \"m\"\nvalue = 30\n");
        });
        List<ObjectNode> events = new ArrayList<>();
        for (String[] e : List.of(new String[]{"10:00:00", "u1"}, new String[]{"10:01:00", "u1"}, new String[]{"10:02:00", "u2"},
                new String[]{"10:07:00", "u1"}, new String[]{"10:12:00", "u1"}, new String[]{"10:50:00", "u1"})) {
            events.add(event(e[0], failure("203.0.113.9", e[1])));
        }
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:10:00Z"), events, null);
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(3);
        assertThat(r.runs().suppressed).isEqualTo(3);
    }

    @Test
    void aSuppressedEsqlRuleGroupsByAFieldItsQueryNeverNames(@TempDir Path dir) throws IOException {
        // every failed logon, no METADATA _id and no KEEP: a row has no source event (esql.ts fetches none without
        // _id), so its group field is the row's own user.name column, which the query text never names; group
        // user.name. One run at 10:10 (09:55–10:10): u1 10:00, 10:01 → alert A, 1 suppressed; u2 10:02 → alert B:
        // 2 alerts, 1 suppressed, as the test stage, whose index holds the whole events, groups them. Were user.name
        // left out of the run's index, all three rows would miss it and (missing fields suppressed) be one group:
        // 1 alert, 2 suppressed.
        CompiledRule rule = projectRule(dir, "password_spraying_from_one_source_esql.toml", t -> {
            String q = t.substring(t.indexOf("query = '''"), t.indexOf("'''", t.indexOf("query = '''") + 11) + 3);
            return withSuppression(t.replace(q, "query = '''\nfrom logs-system.security-*\n"
                    + "| where event.category == \"authentication\" and event.outcome == \"failure\"\n'''"),
                    "[rule.alert_suppression]\ngroup_by = [\"user.name\"]\n");
        });
        assertThat(rule.rule().document().at("/rule/query").asText()).doesNotContain("user.name");
        List<ObjectNode> events = new ArrayList<>();
        for (String[] e : List.of(new String[]{"10:00:00", "u1"}, new String[]{"10:01:00", "u1"}, new String[]{"10:02:00", "u2"})) {
            events.add(event(e[0], failure("203.0.113.9", e[1])));
        }
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:10:00Z"), events, null);
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(2);
        assertThat(r.runs().suppressed).isEqualTo(1);
    }

    @Test
    void aSuppressedAggregatingEsqlRowIsTimedByItsRunAndFoldsIntoTheOpenAlertOfItsGroup(@TempDir Path dir) throws IOException {
        // ≥ 10 failures for ≥ 3 users from one source.ip; interval 10m, from now-15m; group source.ip. Twelve failures
        // 10:00:00–10:05:30 and twelve 10:12:00–10:17:30 (30 s apart, users u0–u3): run 10:10 (09:55–10:10) → a row,
        // alert A timed 10:10; run 10:20 (10:05–10:20, fourteen failures) → a row of the same source.ip, timed 10:20;
        // run 10:30 (10:15–10:30, six) → none. For 1h: the second row is folded into A — 1 alert, 1 suppressed.
        // Per rule execution: each run writes its own — 2 alerts, none suppressed.
        List<ObjectNode> events = new ArrayList<>();
        for (int start : List.of(0, 12)) {
            for (int i = 0; i < 12; i++) {
                events.add(event(String.format("10:%02d:%02d", start + i / 2, i % 2 * 30), failure("203.0.113.9", "u" + i % 4)));
            }
        }
        String group = "[rule.alert_suppression]\ngroup_by = [\"source.ip\"]\n";
        CompiledRule forAnHour = projectRule(dir, "password_spraying_from_one_source_esql.toml",
                t -> withSuppression(t, group + "\n[rule.alert_suppression.duration]\nunit = \"h\"\nvalue = 1\n"));
        Replayed r = replay(forAnHour, Instant.parse("2026-11-20T10:10:00Z"), events, null);
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(1);
        assertThat(r.runs().suppressed).isEqualTo(1);
        CompiledRule perRun = projectRule(Files.createDirectories(dir.resolve("per-run")), "password_spraying_from_one_source_esql.toml",
                t -> withSuppression(t, group));
        Replayed each = replay(perRun, Instant.parse("2026-11-20T10:10:00Z"), events, null);
        assertThat(each.tally().alerts).isEqualTo(2);
        assertThat(each.runs().suppressed).isZero();
    }

    private static ObjectNode event(String time, String json) {
        try {
            ObjectNode e = (ObjectNode) JSON.readTree(json);
            ObjectNode out = JSON.createObjectNode().put("@timestamp", "2026-11-20T" + time + "Z");
            out.setAll(e);
            return out;
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final String WHOAMI = "{\"event\":{\"category\":[\"process\"],\"type\":[\"start\"]},\"host\":{\"name\":\"ws-1\"},"
            + "\"process\":{\"name\":\"whoami.exe\"},\"user\":{\"name\":\"alice\"}}";

    private static final String WHOAMI_EVENTS = "process where event.type == \"start\" and process.name == \"whoami.exe\"\n";

    /** The suppressed sequence rule turned into an event query of its first filter, its suppression kept. */
    private static String whoamiEvents(String toml) {
        int open = toml.indexOf("query = '''") + "query = '''".length();
        return toml.substring(0, open) + "\n" + WHOAMI_EVENTS + toml.substring(toml.indexOf("'''", open));
    }

    /** whoami.exe run by {@code user} on ws-1, with the {@code host.id} the sequence joins on. */
    private static String whoami(String user) {
        return WHOAMI.replace("alice", user).replace("{\"name\":\"ws-1\"}", "{\"id\":\"h1\",\"name\":\"ws-1\"}");
    }

    private static String net(String user) {
        return whoami(user).replace("whoami.exe", "net.exe");
    }

    @Test
    void aSuppressedEqlEventQueryFoldsLaterRunsIntoTheOpenAlertAndCountsAnEventTwoWindowsHoldOnce(@TempDir Path dir) throws IOException {
        // group host.name + user.name, duration 30m; interval 5m, from now-6m; first run 10:05 (09:59–10:05).
        // Run 10:05: alice 10:00 and 10:04:30 → one alert A (10:00), 1 suppressed, A's suppression ends at 10:04:30.
        // Run 10:10 (10:04–10:10): 10:04:30 again — already counted by A (not after its end): dropped; 10:07 → folded
        // into A (+1). Run 10:20 (10:14–10:20): 10:20 → folded (+1). Run 10:50 (10:44–10:50): A was created at 10:05,
        // before now − 30m: a new alert. 2 alerts, 3 suppressed (4 if 10:04:30 were counted twice).
        CompiledRule rule = projectRule(dir, "whoami_then_net_discovery_suppressed.toml",
                t -> whoamiEvents(t).replace("value = 1\nunit = \"h\"", "value = 30\nunit = \"m\""));
        List<ObjectNode> events = List.of(event("10:00:00", WHOAMI), event("10:04:30", WHOAMI), event("10:07:00", WHOAMI),
                event("10:20:00", WHOAMI), event("10:50:00", WHOAMI));
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(2);
        assertThat(r.runs().suppressed).isEqualTo(3);
        assertThat(r.tally().first).isEqualTo(Instant.parse("2026-11-20T10:00:00Z").toEpochMilli());
        assertThat(r.tally().last).isEqualTo(Instant.parse("2026-11-20T10:50:00Z").toEpochMilli());
    }

    @Test
    void aSuppressedEqlEventQueryPerRunGroupsEachRunAndNeverRecountsWhatAnEarlierRunCounted(@TempDir Path dir) throws IOException {
        // per rule execution (no duration), group host.name + user.name; interval 5m, from now-6m.
        // Run 10:05 (09:59–10:05): alice 10:00, 10:01, 10:04:30 → alert (2 suppressed); bob 10:02 → alert.
        // Run 10:10 (10:04–10:10): alice 10:04:30 was counted by run 10:05's alert (up to its end, 10:04:30): dropped;
        // alice 10:08 → a new alert of this run (per execution nothing folds into an earlier run's alert).
        // 3 alerts, 2 suppressed (a run grouping its window on its own would count 10:04:30 again: 3 suppressed).
        CompiledRule rule = projectRule(dir, "whoami_then_net_discovery_suppressed.toml",
                t -> whoamiEvents(t).substring(0, whoamiEvents(t).indexOf("[rule.alert_suppression.duration]")));
        List<ObjectNode> events = List.of(event("10:00:00", WHOAMI), event("10:01:00", WHOAMI), event("10:02:00", whoami("bob")),
                event("10:04:30", WHOAMI), event("10:08:00", WHOAMI));
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.tally().alerts).isEqualTo(3);
        assertThat(r.runs().suppressed).isEqualTo(2);
        assertThat(r.tally().values.get("user.name")).containsEntry("alice", 2L).containsEntry("bob", 1L);
    }

    @Test
    void suppressedSequencesAreKeyedByTheirShellAlertAcrossRuns() {
        // the project's rule: sequence by host.id, maxspan 2m; group host.name + user.name for 1h; interval 5m, from
        // now-6m; first run 10:05. Run 10:05 (09:59–10:05): alice 10:00→10:01 → alert A; bob 10:02→10:03 → alert B
        // (another user: another key). Run 10:15 (10:09–10:15): alice 10:12→10:13 → folded into A (+1).
        // Run 11:25 (11:19–11:25): alice 11:20→11:21 → A was created before now − 1h: a new alert. 3 alerts, 1 suppressed.
        CompiledRule rule = single("whoami_then_net_discovery_suppressed");
        List<ObjectNode> events = List.of(event("10:00:00", whoami("alice")), event("10:01:00", net("alice")),
                event("10:02:00", whoami("bob")), event("10:03:00", net("bob")),
                event("10:12:00", whoami("alice")), event("10:13:00", net("alice")),
                event("11:20:00", whoami("alice")), event("11:21:00", net("alice")));
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(3);
        assertThat(r.runs().suppressed).isEqualTo(1);
        // a sequence whose users differ has no user in its shell alert: alice→bob at 10:30 groups apart from alice's A
        List<ObjectNode> mixed = new ArrayList<>(events.subList(0, 2));
        mixed.add(event("10:30:00", whoami("alice")));
        mixed.add(event("10:31:00", net("bob")));
        assertThat(replay(rule, Instant.parse("2026-11-20T10:05:00Z"), mixed, null).tally().alerts).isEqualTo(2);
    }

    @Test
    void aSuppressedSequenceTwoWindowsHoldIsWrittenOnce(@TempDir Path dir) throws IOException {
        // per rule execution; the first event (another rule's) places the runs: 10:05 (09:59–10:05), 10:10 (10:04–10:10).
        // alice 10:04:10→10:04:40 lies in both windows: run 10:05 writes it; run 10:10 finds the same sequence (the
        // same alert id) and writes nothing, not even a suppressed count. 1 alert, 0 suppressed.
        CompiledRule rule = projectRule(dir, "whoami_then_net_discovery_suppressed.toml",
                t -> t.substring(0, t.indexOf("[rule.alert_suppression.duration]")));
        List<ObjectNode> events = List.of(event("10:04:10", whoami("alice")), event("10:04:40", net("alice")));
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.tally().alerts).isEqualTo(1);
        assertThat(r.runs().suppressed).isZero();
    }

    @Test
    void anEqlRunsSearchReturnsItsFirstMaxSignalsResultsSoWrittenOnesBlockWhatAFullRunLeftOut(@TempDir Path dir) throws IOException {
        // max_signals 2, interval 5m, from now-6m; runs 10:05 (09:59–10:05) and 10:10 (10:04–10:10) both hold
        // alice's whoami at 10:04:10, 10:04:20, 10:04:30. EQL event query: run 10:05's search (size 2) returns
        // 10:04:10 and 10:04:20 → written; 10:04:30 left out. Run 10:10's search returns 10:04:10 and 10:04:20 again —
        // already written, dropped — and never reaches 10:04:30: 2 alerts, 1 left out for good.
        List<ObjectNode> events = List.of(event("10:04:10", WHOAMI), event("10:04:20", WHOAMI), event("10:04:30", WHOAMI));
        CompiledRule eql = projectRule(dir, "whoami_then_net_discovery_suppressed.toml",
                t -> whoamiEvents(t).substring(0, whoamiEvents(t).indexOf("[rule.alert_suppression]")).replace("max_signals = 100", "max_signals = 2"));
        Replayed r = replay(eql, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.tally().alerts).isEqualTo(2);
        assertThat(r.runs().cappedAlerts).isEqualTo(1);
        assertThat(r.runs().maxSignalsHits).isEqualTo(2);
        // a query rule pages through its window until it has written max_signals: run 10:10 takes 10:04:30 up
        CompiledRule query = projectRule(dir, "whoami_discovery_suppressed.toml",
                t -> withoutSuppression(t).replace("max_signals = 100", "max_signals = 2"));
        Replayed q = replay(query, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(q.tally().alerts).isEqualTo(3);
        assertThat(q.runs().cappedAlerts).isZero();
    }

    @Test
    void aSuppressedQueryGroupAFullRunLeftOutIsFoundByTheNextRun(@TempDir Path dir) throws IOException {
        // whoami_discovery_suppressed per rule execution (no duration), max_signals 2; interval 5m, from now-6m.
        // groupAndBulkCreate takes one composite page of 2 buckets (key order: alice, bob before carol) and puts only
        // those in its bucket history. Run 10:05 (09:59–10:05): alice 10:01, bob 10:02, carol 10:04:30 → alerts for
        // alice and bob; carol left out. Run 10:10 (10:04–10:10): carol's 10:04:30 is searched again and written; bob
        // 10:07 (his bucket ended 10:02, before this window) is a new alert. 4 alerts; run 10:05's cut counts as left
        // out (as a threshold group's: the later alert is another bucket's). Replay gave each
        // event to the first run holding it, so carol's 10:04:30 was lost with run 10:05's cut: 3.
        CompiledRule rule = projectRule(dir, "whoami_discovery_suppressed.toml",
                t -> t.substring(0, t.indexOf("[rule.alert_suppression.duration]")).replace("max_signals = 100", "max_signals = 2"));
        List<ObjectNode> events = List.of(event("10:01:00", WHOAMI), event("10:02:00", WHOAMI.replace("alice", "bob")),
                event("10:04:30", WHOAMI.replace("alice", "carol")), event("10:07:00", WHOAMI.replace("alice", "bob")));
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(4);
        assertThat(r.runs().cappedAlerts).isEqualTo(1);
        assertThat(r.tally().values.get("user.name")).containsEntry("alice", 1L).containsEntry("bob", 2L).containsEntry("carol", 1L);
    }

    @Test
    void anEsqlRowAFullRunLeftOutIsWrittenByALaterRunThatStillHoldsItsEvent(@TempDir Path dir) throws IOException {
        // a non-aggregating ES|QL query, max_signals 2, interval 10m, from now-15m: runs 10:10 (09:55–10:10) and 10:20
        // (10:05–10:20). Failures at 10:00, 10:01, 10:02, 10:06, 10:07: run 10:10 writes 10:00 and 10:01 and leaves
        // 10:02, 10:06, 10:07 out; run 10:20 pages past nothing already written and writes 10:06 and 10:07 (their
        // alert ids come from the events); 10:02 lies in no later window: 4 alerts, 1 left out for good.
        CompiledRule rule = projectRule(dir, "password_spraying_from_one_source_esql.toml", t -> {
            String q = t.substring(t.indexOf("query = '''"), t.indexOf("'''", t.indexOf("query = '''") + 11) + 3);
            return t.replace(q, "query = '''\nfrom logs-system.security-* metadata _id\n| where event.category == \"authentication\" and event.outcome == \"failure\"\n'''")
                    .replace("interval = \"10m\"", "interval = \"10m\"\nmax_signals = 2");
        });
        List<ObjectNode> events = new ArrayList<>();
        for (String time : List.of("10:00:00", "10:01:00", "10:02:00", "10:06:00", "10:07:00")) {
            events.add(event(time, failure("203.0.113.9", "u1")));
        }
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:10:00Z"), events, null);
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(4);
        assertThat(r.runs().cappedAlerts).isEqualTo(1);
        assertThat(r.runs().maxSignalsHits).isEqualTo(1);
    }

    @Test
    void aNonAggregatingEsqlRuleWithoutTheIdColumnAlertsAgainOnEveryRunThatHoldsTheEvent(@TempDir Path dir) throws IOException {
        // Kibana's generateAlertId (ES|QL): a row is named by its source event only when the query keeps _id
        // (METADATA _id); otherwise by the run's window and the row's place, so overlapping runs write the same event
        // again. Interval 10m, from now-15m: runs 10:10 (09:55–10:10) and 10:20 (10:05–10:20). Failures at 10:00,
        // 10:01, 10:02, 10:06, 10:07, 10:14. Without _id: run 10:10 writes 5, run 10:20 writes 10:06, 10:07 and 10:14
        // again as new alerts: 8. With METADATA _id: 10:06 and 10:07 are the alerts run 10:10 wrote: 5 + 1 = 6.
        String where = "| where event.category == \"authentication\" and event.outcome == \"failure\"\n";
        List<ObjectNode> events = new ArrayList<>();
        for (String time : List.of("10:00:00", "10:01:00", "10:02:00", "10:06:00", "10:07:00", "10:14:00")) {
            events.add(event(time, failure("203.0.113.9", "u1")));
        }
        Map<String, Integer> alerts = new java.util.LinkedHashMap<>();
        for (String from : List.of("from logs-system.security-*\n", "from logs-system.security-* metadata _id\n")) {
            CompiledRule rule = projectRule(Files.createDirectories(dir.resolve("r" + alerts.size())), "password_spraying_from_one_source_esql.toml", t -> {
                String q = t.substring(t.indexOf("query = '''"), t.indexOf("'''", t.indexOf("query = '''") + 11) + 3);
                return t.replace(q, "query = '''\n" + from + where + "'''");
            });
            Replayed r = replay(rule, Instant.parse("2026-11-20T10:10:00Z"), events, null);
            assertThat(r.runs().refusal).isNull();
            alerts.put(from.strip(), (int) r.tally().alerts);
        }
        assertThat(alerts).containsExactly(Map.entry("from logs-system.security-*", 8),
                Map.entry("from logs-system.security-* metadata _id", 6));
    }

    @Test
    void aThresholdGroupAFullRunLeftOutAlertsInTheNextRunThatStillCountsItsEvents(@TempDir Path dir) throws IOException {
        // value 3 per source.ip, max_signals 1, from now-10m, interval 5m: runs 10:05 (09:55–10:05), 10:10 (10:00–10:10).
        // 198.51.100.7 and .8 fail three times each at 10:01–10:03. Run 10:05: two groups, room for one: .7 (the
        // composite aggregation's first key) alerts and enters the signal history; .8 is left out and not in it.
        // Run 10:10: .7's events are excluded by its history; .8's three are still in the window → alert. 2 alerts.
        CompiledRule rule = projectRule(dir, "failed_logons_from_one_source.toml", t -> {
            String s = t.replace("from = \"now-5m\"", "from = \"now-10m\"").replace("value = 20", "value = 3");
            s = s.substring(0, s.indexOf("[[rule.threshold.cardinality]]"));
            return s.contains("max_signals") ? s.replaceAll("max_signals = \\d+", "max_signals = 1") : s.replace("interval = ", "max_signals = 1\ninterval = ");
        });
        List<ObjectNode> events = new ArrayList<>();
        for (String time : List.of("10:01:00", "10:02:00", "10:03:00")) {
            events.add(event(time, failure("198.51.100.7", "alice")));
            events.add(event(time, failure("198.51.100.8", "bob")));
        }
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.tally().alerts).isEqualTo(2);
        assertThat(r.tally().values.get("source.ip")).containsEntry("198.51.100.7", 1L).containsEntry("198.51.100.8", 1L);
    }

    private static String withoutSuppression(String toml) {
        return toml.substring(0, toml.indexOf("[rule.alert_suppression]"));
    }

    @Test
    void aQueryRuleWritesEachEventOnceAcrossOverlappingRunsAndAFullRunLeavesTheRestToTheNext(@TempDir Path dir) throws IOException {
        // interval 5m, from now-6m; first event 10:00:00 → runs at 10:05 (09:59–10:05), 10:10 (10:04–10:10), … 10:20 (10:14–10:20)
        List<ObjectNode> events = List.of(event("10:00:00", WHOAMI), event("10:01:00", WHOAMI), event("10:02:00", WHOAMI),
                event("10:04:30", WHOAMI), event("10:20:00", WHOAMI));
        // max_signals 100: every event once, 10:04:30 too although two windows hold it
        CompiledRule plain = projectRule(dir, "whoami_discovery_suppressed.toml", ReplayRunsTest::withoutSuppression);
        Replayed all = replay(plain, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(all.tally().alerts).isEqualTo(5);
        assertThat(all.timeline().runs(0)).isEqualTo(4);
        assertThat(all.runs().maxSignalsHits).isZero();

        // max_signals 2: run 10:05 writes 10:00 and 10:01; 10:02 fits no later window (dropped); 10:04:30 goes to run
        // 10:10; 10:20 to run 10:20 — 4 alerts, one run at max_signals, one alert no run wrote
        CompiledRule capped = projectRule(dir, "whoami_discovery_suppressed.toml",
                t -> withoutSuppression(t).replace("max_signals = 100", "max_signals = 2"));
        Replayed two = replay(capped, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(two.tally().alerts).isEqualTo(4);
        assertThat(two.runs().maxSignalsHits).isEqualTo(1);
        assertThat(two.runs().cappedAlerts).isEqualTo(1);
    }

    @Test
    void aSuppressedRulesGroupFieldsComeFirstAmongItsKeyFields(@TempDir Path dir) throws IOException {
        CompiledRule rule = projectRule(dir, "whoami_discovery_suppressed.toml",
                t -> t.replace("group_by = [\"host.name\", \"user.name\"]", "group_by = [\"source.ip\"]"));
        List<ReplayRule> prepared = new Replayer(new Replayer.Options(1, 3, 5, CLOCK, null)).prepare(List.of(rule), new TreeMap<>());
        assertThat(prepared.get(0).keyFields()).first().isEqualTo("source.ip");
    }

    /** A new terms rule with suppression (Kibana 8.14+) keys on both: its group_by, then its new terms fields. */
    @Test
    void aSuppressedNewTermsRuleKeysOnItsTermsAndItsGroup(@TempDir Path dir) throws IOException {
        CompiledRule rule = projectRule(dir, "first_process_for_user_on_host.toml",
                t -> t + "\n[rule.alert_suppression]\ngroup_by = [\"source.ip\"]\nmissing_fields_strategy = \"suppress\"\n");
        List<ReplayRule> prepared = new Replayer(new Replayer.Options(1, 3, 5, CLOCK, null)).prepare(List.of(rule), new TreeMap<>());
        assertThat(prepared.get(0).keyFields()).startsWith("source.ip", "host.id", "user.name");
    }

    @Test
    void suppressionWithADurationFoldsLaterRunsAlertsOfTheGroupUntilItEnds(@TempDir Path dir) throws IOException {
        // group host ws-1 / alice, duration 30m: 10:00 → run 10:05 alerts (suppression until 10:35); 10:07 → run 10:10
        // and 10:20 → run 10:20 are folded into it; 10:50 → run 10:50, 45 minutes on: a new alert
        CompiledRule rule = projectRule(dir, "whoami_discovery_suppressed.toml", t -> t.replace("value = 1\nunit = \"h\"", "value = 30\nunit = \"m\""));
        List<ObjectNode> events = List.of(event("10:00:00", WHOAMI), event("10:07:00", WHOAMI), event("10:20:00", WHOAMI), event("10:50:00", WHOAMI));
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.tally().alerts).isEqualTo(2);
        assertThat(r.runs().suppressed).isEqualTo(2);
    }

    private static String failure(String ip, String user) {
        return "{\"event\":{\"category\":[\"authentication\"],\"outcome\":\"failure\"},\"source\":{\"ip\":\"" + ip
                + "\"},\"user\":{\"name\":\"" + user + "\"}}";
    }

    @Test
    void thresholdRunsDoNotCountAnEventTwiceAcrossRuns(@TempDir Path dir) throws IOException {
        // value 3 per source.ip, from now-10m, interval 5m; first event 10:00 → runs at 10:05 (09:55–10:05),
        // 10:10 (10:00–10:10), 10:15 (10:05–10:15). Run 10:05: 10:00, 10:01, 10:02 → alert (history: 10:02).
        // Run 10:10: six events, the three up to 10:02 left out → 10:06, 10:07, 10:08 → alert (history 10:08).
        // Run 10:15: 10:06–10:08 left out → nothing. Two alerts (without the history run 10:15 would alert too).
        CompiledRule rule = projectRule(dir, "failed_logons_from_one_source.toml", t -> t.replace("from = \"now-5m\"", "from = \"now-10m\"")
                .replace("value = 20", "value = 3").substring(0, t.replace("value = 20", "value = 3").indexOf("[[rule.threshold.cardinality]]")));
        List<ObjectNode> events = new ArrayList<>();
        for (String time : List.of("10:00:00", "10:01:00", "10:02:00", "10:06:00", "10:07:00", "10:08:00")) {
            events.add(event(time, failure("198.51.100.7", "alice")));
        }
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.tally().alerts).isEqualTo(2);
        assertThat(r.timeline().runs(0)).isEqualTo(2);
    }

    /** The event at {@code time}, ingested at {@code ingested} (none when null). */
    private static ObjectNode ingestedAt(String time, String ingested, String json) {
        ObjectNode e = event(time, json);
        if (ingested != null) {
            ((ObjectNode) e.get("event")).put("ingested", "2026-11-20T" + ingested + "Z");
        }
        return e;
    }

    @Test
    void aRulePlacingEventsByEventIngestedRunsOnTheirIngestTimes(@TempDir Path dir) throws IOException {
        // value 2 per source.ip, from now-5m, interval 5m, runs 10:05 (10:00–10:05) and 10:10 (10:05–10:10). The input
        // is in @timestamp order. By @timestamp: run 10:05 has 10:01 and 10:04 → alert; run 10:10 has 10:06 and 10:08
        // → alert: 2. By event.ingested (Elastic's rules' timestamp_override): 10:04 was ingested at 10:07, after
        // 10:06's 10:06:30 — run 10:05 has only 10:01 (ingested 10:01:10); run 10:10 has the other three → 1 alert, of 3.
        // The ingest order differs from the input's by half a minute: within the clock's lateness, not out of order.
        UnaryOperator<String> threshold2 = t -> t.replace("value = 20", "value = 2")
                .substring(0, t.replace("value = 20", "value = 2").indexOf("[[rule.threshold.cardinality]]"));
        String ip = failure("198.51.100.7", "alice");
        List<ObjectNode> events = List.of(ingestedAt("10:01:00", "10:01:10", ip), ingestedAt("10:04:00", "10:07:00", ip),
                ingestedAt("10:06:00", "10:06:30", ip), ingestedAt("10:08:00", "10:08:30", ip));
        Replayed byTimestamp = replay(projectRule(dir, "failed_logons_from_one_source.toml",
                t -> threshold2.apply(t).replace("timestamp_override = \"event.ingested\"\n", "")), Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(byTimestamp.tally().alerts).isEqualTo(2);

        // the project's rule, as Elastic's rules, sets timestamp_override = "event.ingested"
        CompiledRule ingested = projectRule(dir, "failed_logons_from_one_source.toml", threshold2);
        assertThat(ingested.rule().document().at("/rule/timestamp_override").asText()).isEqualTo("event.ingested");
        Replayed byIngest = replay(ingested, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(byIngest.tally().alerts).isEqualTo(1);
        assertThat(byIngest.timeline().outOfOrder).isZero();

        // without event.ingested an event falls back to its @timestamp: 10:04 back in run 10:05 → 2 alerts again
        List<ObjectNode> fallback = List.of(events.get(0), ingestedAt("10:04:00", null, ip), events.get(2), events.get(3));
        assertThat(replay(ingested, Instant.parse("2026-11-20T10:05:00Z"), fallback, null).tally().alerts).isEqualTo(2);

        // an event ingested more than the clock's lateness before the latest ingest time seen comes too late: counted
        List<ObjectNode> late = new ArrayList<>(events);
        late.add(ingestedAt("10:30:00", "10:30:00", ip));
        late.add(ingestedAt("10:31:00", "10:15:00", ip));
        ReplayTimeline lateOnes = replay(ingested, Instant.parse("2026-11-20T10:05:00Z"), late, null).timeline();
        assertThat(lateOnes.outOfOrder).isEqualTo(1);
        // the only rule reads event.ingested: the disorder is told on its field, and @timestamp's order (kept) is no one's
        assertThat(lateOnes.outOfOrderOn).isEqualTo("event.ingested (else @timestamp)");
    }

    @Test
    void eventsNoWindowHoldsAreCountedApartFromEventsThatCameTooLate(@TempDir Path dir) throws IOException {
        // value 2, from now-2m, interval 5m: run 10:05 searches 10:03–10:05, run 10:10 searches 10:08–10:10, so
        // 10:01 and 10:06 lie between windows (a look-back shorter than the interval), while 10:04 and 10:09 are seen
        UnaryOperator<String> shortLookBack = t -> t.replace("value = 20", "value = 2").replace("from = \"now-5m\"", "from = \"now-2m\"")
                .replace("timestamp_override = \"event.ingested\"\n", "")
                .substring(0, t.replace("value = 20", "value = 2").replace("from = \"now-5m\"", "from = \"now-2m\"")
                        .replace("timestamp_override = \"event.ingested\"\n", "").indexOf("[[rule.threshold.cardinality]]"));
        CompiledRule rule = projectRule(dir, "failed_logons_from_one_source.toml", shortLookBack);
        String ip = failure("198.51.100.7", "alice");
        Replayed gaps = replay(rule, Instant.parse("2026-11-20T10:05:00Z"),
                List.of(event("10:01:00", ip), event("10:04:00", ip), event("10:04:30", ip), event("10:06:00", ip)), null);
        assertThat(gaps.runs().outsideWindows).isEqualTo(2);
        assertThat(gaps.runs().lateEvents).isZero();
        assertThat(gaps.tally().alerts).isEqualTo(1);

        // By event.ingested, from now-5m: 10:01 and 10:04 are decided by run 10:05 (an alert) once the input passes
        // 10:20 and the clock's five minutes of lateness; an event ingested at 10:03 that comes after that is late — a
        // decided run's window holds it —, not between windows, and no run takes it
        UnaryOperator<String> threshold2 = t -> t.replace("value = 20", "value = 2")
                .substring(0, t.replace("value = 20", "value = 2").indexOf("[[rule.threshold.cardinality]]"));
        CompiledRule ingested = projectRule(dir, "failed_logons_from_one_source.toml", threshold2);
        List<ObjectNode> inOrder = List.of(ingestedAt("10:01:00", "10:01:10", ip), ingestedAt("10:04:00", "10:04:10", ip),
                ingestedAt("10:20:00", "10:20:00", ip), ingestedAt("10:21:00", "10:21:00", ip));
        Replayed timely = replay(ingested, Instant.parse("2026-11-20T10:05:00Z"), inOrder, null);
        List<ObjectNode> withLate = new ArrayList<>(inOrder);
        withLate.add(ingestedAt("10:22:00", "10:03:00", ip));
        Replayed late = replay(ingested, Instant.parse("2026-11-20T10:05:00Z"), withLate, null);
        assertThat(late.runs().lateEvents).isEqualTo(1);
        assertThat(late.runs().outsideWindows).isZero();
        assertThat(late.timeline().outOfOrder).isEqualTo(1);
        assertThat(late.tally().alerts).isEqualTo(timely.tally().alerts).isEqualTo(2);
    }

    @Test
    void aQueryRuleCountsEventsBeforeThePeriodAsLateAndEventsNoWindowHoldsAsBetweenWindows(@TempDir Path dir) throws IOException {
        String cmd = "{\"event\":{\"action\":\"Network connection detected (rule: NetworkConnect)\"},"
                + "\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"203.0.113.50\"}}";
        // By event.ingested (lateness 10 minutes): the period starts at 10:00 once 10:30 is in; an event ingested at
        // 09:50 that comes after that is older than the period's first event, so too late for any run
        CompiledRule byIngest = projectRule(dir, "command_prompt_network_connection.toml",
                t -> t.replace("type = \"query\"", "timestamp_override = \"event.ingested\"\ntype = \"query\""));
        Replayed late = replay(byIngest, Instant.parse("2026-11-20T10:05:00Z"), List.of(ingestedAt("10:00:00", "10:00:00", cmd),
                ingestedAt("10:30:00", "10:30:00", cmd), ingestedAt("10:31:00", "09:50:00", cmd)), null);
        assertThat(late.tally().alerts).isEqualTo(2);
        assertThat(late.runs().lateEvents).isEqualTo(1);
        assertThat(late.runs().outsideWindows).isZero();

        // from now-2m, interval 5m: run 10:05 searches 10:03–10:05, so the first event, at 10:00, lies between windows
        CompiledRule shortLookBack = projectRule(dir, "command_prompt_network_connection.toml",
                t -> t.replace("from = \"now-6m\"", "from = \"now-2m\""));
        Replayed gap = replay(shortLookBack, Instant.parse("2026-11-20T10:05:00Z"),
                List.of(event("10:00:00", cmd), event("10:04:00", cmd)), null);
        assertThat(gap.tally().alerts).isEqualTo(1);
        assertThat(gap.runs().outsideWindows).isEqualTo(1);
        assertThat(gap.runs().lateEvents).isZero();
    }

    private static String process(String user, String executable) {
        return "{\"event\":{\"category\":[\"process\"],\"type\":[\"start\"]},\"host\":{\"id\":\"h1\",\"name\":\"ws-1\"},"
                + "\"user\":{\"name\":\"" + user + "\"},\"process\":{\"name\":\"x.exe\",\"executable\":\"" + executable + "\"}}";
    }

    @Test
    void newTermsKeepTheirHistoryAcrossRunsAndAlertOnceForAnEventTwoWindowsHold(@TempDir Path dir) throws IOException {
        // history now-1h, from now-6m, interval 5m; first event 10:00 → runs every 5 minutes from 10:05.
        // X at 10:00: new in run 10:05 → alert. Y at 10:04:30: new in run 10:05 → alert; run 10:10 (10:04–10:10) holds
        // it too and finds it new again: the same alert, not written twice. X at 10:07: seen at 10:00 → not new.
        // X at 11:30 (run 11:30, history from 10:30): last seen 10:07 → new again → alert. Three alerts.
        CompiledRule rule = projectRule(dir, "first_process_for_user_on_host.toml", t -> t.replace("value = \"now-14d\"", "value = \"now-1h\""));
        List<ObjectNode> events = List.of(event("10:00:00", process("alice", "/usr/bin/x")), event("10:04:30", process("alice", "/usr/bin/y")),
                event("10:07:00", process("alice", "/usr/bin/x")), event("11:30:00", process("alice", "/usr/bin/x")));
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.tally().alerts).isEqualTo(3);
    }

    @Test
    void aNewTermAFullRunLeftOutIsWrittenByTheNextRunThatStillFindsItNew(@TempDir Path dir) throws IOException {
        // max_signals 1, from now-6m, interval 5m; runs at 10:05 (09:59–10:05) and 10:10 (10:04–10:10). X at 10:04:30
        // and Y at 10:04:40 are new in run 10:05, which writes X (the composite's first key) and leaves Y out. Run
        // 10:10 holds both and finds both new: X's alert has the _id written before — the persistence wrapper's
        // filterDuplicateAlerts drops it before max_signals truncates — and Y's was never written: Kibana creates it.
        // Two alerts (before: Y was counted as written by the run that cut it, one).
        CompiledRule rule = projectRule(dir, "first_process_for_user_on_host.toml", t -> {
            String s = t.replace("value = \"now-14d\"", "value = \"now-1h\"");
            return s.contains("max_signals") ? s.replaceAll("max_signals = \\d+", "max_signals = 1") : s.replace("interval = ", "max_signals = 1\ninterval = ");
        });
        List<ObjectNode> events = List.of(event("10:04:30", process("alice", "/usr/bin/x")), event("10:04:40", process("alice", "/usr/bin/y")));
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:05:00Z"), events, null);
        assertThat(r.tally().alerts).isEqualTo(2);
        assertThat(r.tally().values.get("process.executable")).containsEntry("/usr/bin/x", 1L).containsEntry("/usr/bin/y", 1L);
    }

    /**
     * An alert carries what it is about, as Kibana records it (kibana.alert.new_terms, threshold_result): the new value
     * of a multi-valued field, not every value of its event — in the alert and in the rule's top values alike.
     */
    @Test
    void aNewTermsAlertIsAboutItsNewValueAndAThresholdAlertAboutItsGroup(@TempDir Path dir) throws IOException {
        CompiledRule newTerms = projectRule(dir, "first_process_for_user_on_host.toml", t -> t.replace("value = \"now-14d\"", "value = \"now-1h\""));
        ObjectNode both = event("10:07:00", process("alice", "/usr/bin/x"));
        ((ObjectNode) both.get("process")).putArray("executable").add("/usr/bin/x").add("/usr/bin/z");
        List<Optional<AlertGroup>> groups = new ArrayList<>();
        Replayer.Options sink = new Replayer.Options(1, 3, 5, CLOCK, (rule, millis, events, group) -> groups.add(group));
        Replayed r = replay(newTerms, Instant.parse("2026-11-20T10:05:00Z"), List.of(event("10:00:00", process("alice", "/usr/bin/x")), both),
                null, sink);
        assertThat(r.tally().alerts).isEqualTo(2);
        assertThat(r.tally().values.get("process.executable")).containsOnly(Map.entry("/usr/bin/x", 1L), Map.entry("/usr/bin/z", 1L));
        assertThat(groups).hasSize(2).allSatisfy(g -> assertThat(g).hasValueSatisfying(group -> assertThat(group.kind()).isEqualTo("new_terms")));
        assertThat(groups.get(1).orElseThrow().terms()).containsEntry("process.executable", "/usr/bin/z");

        CompiledRule threshold = projectRule(dir, "failed_logons_from_one_source.toml", t -> {
            String s = t.replace("value = 20", "value = 3");
            return s.substring(0, s.indexOf("[[rule.threshold.cardinality]]"));
        });
        groups.clear();
        List<ObjectNode> failures = new ArrayList<>();
        for (String time : List.of("10:01:00", "10:02:00", "10:03:00", "10:04:00")) {
            failures.add(event(time, failure("198.51.100.7", "alice")));
        }
        Replayed thresholdRun = replay(threshold, Instant.parse("2026-11-20T10:05:00Z"), failures, null, sink);
        // a threshold alert carries its group's terms only: one event's user or host is no value of the alert
        assertThat(thresholdRun.tally().values).containsOnlyKeys("source.ip");
        assertThat(groups).singleElement().satisfies(g -> {
            assertThat(g.orElseThrow().kind()).isEqualTo("threshold");
            assertThat(g.orElseThrow().terms()).containsExactly(Map.entry("source.ip", "198.51.100.7"));
            assertThat(g.orElseThrow().count()).isEqualTo(4);
        });
    }

    private static String vssadmin() {
        return "{\"event\":{\"category\":[\"process\"],\"type\":[\"start\"]},\"host\":{\"id\":\"h1\"},"
                + "\"process\":{\"name\":\"vssadmin.exe\",\"args\":[\"delete\",\"shadows\"]}}";
    }

    private static String encrypted() {
        return "{\"event\":{\"category\":[\"file\"],\"type\":[\"creation\"]},\"host\":{\"id\":\"h1\"},\"file\":{\"extension\":\"locked\"}}";
    }

    @Test
    void aSequenceIsFoundOnlyWithinOneRunsWindowAndOnceWhenTwoWindowsHoldIt(@TempDir Path dir) throws IOException {
        // maxspan 10m; vssadmin at 10:00, encrypted file at 10:08: within the maxspan.
        // from now-15m, interval 5m: runs 10:05 … 10:20 hold both from run 10:10 on — one alert, not three.
        CompiledRule wide = projectRule(dir, "shadow_copy_deletion_without_backup.toml", t -> t);
        List<ObjectNode> events = List.of(event("10:00:00", vssadmin()), event("10:08:00", encrypted()));
        assertThat(replay(wide, Instant.parse("2026-11-20T10:05:00Z"), events, null).tally().alerts).isEqualTo(1);
        // from now-6m: no window (6 minutes) holds events 8 minutes apart — no alert, as Kibana's EQL search finds none
        CompiledRule narrow = projectRule(dir, "shadow_copy_deletion_without_backup.toml", t -> t.replace("from = \"now-15m\"", "from = \"now-6m\""));
        assertThat(replay(narrow, Instant.parse("2026-11-20T10:05:00Z"), events, null).tally().alerts).isZero();
    }

    @Test
    void anAggregatingEsqlRuleWritesOneAlertPerRowOfEachRun(@TempDir Path dir) throws IOException {
        // ≥ 10 failures for ≥ 3 users from one source.ip; interval 10m, from now-15m. Twelve failures 10:00:00–10:05:30
        // (30 s apart, users u0–u3): run 10:10 (09:55–10:10) sees all twelve → one row, one alert; run 10:20
        // (10:05–10:20) sees only 10:05:00 and 10:05:30 → no row. One alert, written at its run's time.
        CompiledRule rule = projectRule(dir, "password_spraying_from_one_source_esql.toml", t -> t);
        List<ObjectNode> events = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String time = String.format("10:%02d:%02d", i / 2, i % 2 * 30);
            events.add(event(time, failure("203.0.113.9", "u" + i % 4)));
        }
        Replayed r = replay(rule, Instant.parse("2026-11-20T10:10:00Z"), events, null);
        assertThat(r.runs().refusal).isNull();
        assertThat(r.tally().alerts).isEqualTo(1);
        // an aggregating rule's rows are about its STATS … BY columns: they are its top values
        assertThat(r.tally().values.get("source.ip")).containsExactly(Map.entry("203.0.113.9", 1L));
        assertThat(r.tally().first).isEqualTo(Instant.parse("2026-11-20T10:10:00Z").toEpochMilli());
        // the same failures spread to 10:11:00 (one a minute) fall into runs 10:10 (10 events, 09:55–10:10) and 10:20
        // (10:05–10:20: 10:05 … 10:11, seven events) → one alert only
        List<ObjectNode> spread = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            spread.add(event(String.format("10:%02d:00", i), failure("203.0.113.9", "u" + i % 4)));
        }
        assertThat(replay(rule, Instant.parse("2026-11-20T10:10:00Z"), spread, null).tally().alerts).isEqualTo(1);
    }
}
