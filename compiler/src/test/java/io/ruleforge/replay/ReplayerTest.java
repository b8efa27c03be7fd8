package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlSettings;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.Rule;
import io.ruleforge.validate.SchemaValidator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replay of the project's rules (query and EQL rules, sequences among them) over every fixture event of the
 * project, re-stamped a millisecond apart in input order so that all of them lie in one run's window. The expected
 * counts come from the evaluators run the plain way, one rule at a time over the whole list (the DSL evaluator per
 * event; the EQL evaluator over all events, in time order, for sequences) — not from the compiled matchers, the rule
 * selection, the batching, the threads or the timeline under test. (Fewer than max_signals alerts per rule: the one
 * run writes them all.)
 */
class ReplayerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T00:00:00Z"), ZoneOffset.UTC);
    private static List<CompiledRule> rules;
    private static List<JsonNode> events;
    private static final ReplayResult.Indices NO_INDEX = new ReplayResult.Indices(0, 0, 0, Map.of());

    @BeforeAll
    static void compileRulesAndReadFixtures() throws IOException {
        Path rulesDirectory = Path.of("../rules");
        LoadResult loaded = new RuleLoader(Path.of("").toAbsolutePath()).loadDirectory(rulesDirectory, List.of(rulesDirectory.resolve("target")));
        List<Rule> valid = new SchemaValidator().validate(loaded.documents()).rules();
        FieldSchema ecs = EcsSchemas.defaultSchema();
        // field types as the build gives them: ECS, and Elastic's own per index pattern (Elastic Defend's *.caseless)
        rules = new RuleCompiler(new CompilerSettings(KibanaVersion.V8_12,
                new io.ruleforge.fields.IndexMappings(ecs, ecs, io.ruleforge.fields.ElasticSchemas.layers(), List.of()),
                DslOptions.DEFAULT)).compile(valid).rules();
        events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("../test-fixtures"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".ndjson")).sorted().toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (!line.isBlank() && !line.startsWith("//")) {
                        JsonNode parsed = JSON.readTree(line);
                        (parsed.isArray() ? parsed : List.of(parsed)).forEach(e -> events.add(stamped((com.fasterxml.jackson.databind.node.ObjectNode) e, events.size())));
                    }
                }
            }
        }
    }

    /** The event at {@code 2026-11-20T10:00:00Z} plus {@code n} milliseconds. */
    private static JsonNode stamped(com.fasterxml.jackson.databind.node.ObjectNode event, int n) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = event.deepCopy();
        copy.remove("@timestamp");
        copy.put("@timestamp", Instant.parse("2026-11-20T10:00:00Z").plusMillis(n).toString());
        return copy;
    }

    /**
     * Alerts per rule file as the evaluators decide them one rule at a time, for the rules replay decides one event at
     * a time: query and EQL rules without alert suppression (the other types are tested in ReplayRunsTest).
     */
    private static Map<String, Long> expected() {
        Map<String, Long> expected = new TreeMap<>();
        for (CompiledRule rule : rules) {
            if (!List.of("query", "eql").contains(rule.rule().type()) || rule.rule().document().at("/rule/alert_suppression").isObject()) {
                continue;
            }
            if (rule.dsl().isPresent()) {
                DslEvaluator evaluator = new DslEvaluator(rule.indexFields(), CLOCK);
                expected.put(rule.rule().displayPath(), events.stream().filter(e -> evaluator.evaluate(rule.searchDsl().get(), e).matched()).count());
            } else if (rule.eqlSource().isPresent()) {
                EqlEvaluator evaluator = new EqlEvaluator(rule.indexFields(), EqlSettings.defaults().withSize(Integer.MAX_VALUE));
                expected.put(rule.rule().displayPath(), (long) evaluator.evaluate(rule.eqlSource().get(), events).size());
            }
        }
        return expected;
    }

    private static Map<String, Long> counts(ReplayResult result) {
        Map<String, Long> expected = expected();
        return result.rules().stream().filter(r -> expected.containsKey(r.file())).collect(Collectors.toMap(ReplayResult.RuleReplay::file, ReplayResult.RuleReplay::alerts, (a, b) -> a, TreeMap::new));
    }

    private static Path ndjson(Path dir, String name, List<JsonNode> events) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, events.stream().map(JsonNode::toString).toList(), StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void countsEqualTheEvaluatorsOneRuleAtATime(@TempDir Path dir) throws IOException {
        Path file = ndjson(dir, "events.ndjson", events);
        ReplayResult result = new Replayer(new Replayer.Options(1, 3, 5, CLOCK, null))
                .replay(rules, EventFiles.of(List.of(file), dir), (n, b, t) -> { });

        Map<String, Long> expected = expected();
        assertThat(counts(result)).isEqualTo(expected);
        assertThat(result.events()).isEqualTo(events.size());
        // every project rule with single-event positives fires on them, sequences included (a rule tested only with
        // multi-event cases, such as the suppressed query rule, has none among these events)
        for (CompiledRule rule : rules) {
            if (expected.containsKey(rule.rule().displayPath())
                    && Files.exists(Path.of("../test-fixtures", rule.rule().fileStem(), "positive.ndjson"))) {
                assertThat(expected.get(rule.rule().displayPath())).as(rule.rule().displayPath()).isPositive();
            }
        }
        assertThat(result.rules()).extracting(ReplayResult.RuleReplay::type).contains("query", "eql");
        // noisiest first
        List<Long> order = result.rules().stream().map(ReplayResult.RuleReplay::alerts).toList();
        assertThat(order).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void threadsBatchesGzipAndSavedSearchResponsesDoNotChangeTheCounts(@TempDir Path dir) throws IOException {
        int half = events.size() / 2;
        Path gz = dir.resolve("first.ndjson.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (JsonNode e : events.subList(0, half)) {
                out.write((e + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        var response = JSON.createObjectNode();
        response.put("took", 3).put("timed_out", false);
        var hits = response.putObject("hits").putArray("hits");
        // hits without _index (a response saved with filter_path) are of no known index, so every rule decides them
        events.subList(half, events.size()).forEach(e -> hits.addObject().put("_id", "x").set("_source", e));
        Files.writeString(dir.resolve("second.json"), response.toPrettyString());

        ReplayResult result = new Replayer(new Replayer.Options(4, 3, 5, CLOCK, null))
                .replay(rules, EventFiles.of(List.of(dir), dir), (n, b, t) -> { });

        assertThat(result.events()).isEqualTo(events.size());
        assertThat(result.files()).containsExactly("first.ndjson.gz", "second.json");
        assertThat(counts(result)).isEqualTo(expected());
    }

    /**
     * Rules' runs decided on several threads at once give the alerts one thread gives, to the sink in the same order:
     * the fixture events 3 seconds apart, so that the windowed rules (ES|QL, EQL sequences and the others, which these
     * events leave quiet) have several runs, closing at once.
     */
    @Test
    void severalThreadsGiveTheAlertsOfOneInTheSameOrder(@TempDir Path dir) throws IOException {
        List<JsonNode> spread = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = events.get(i).deepCopy();
            copy.put("@timestamp", Instant.parse("2026-11-20T10:00:00Z").plusSeconds(3L * i).toString());
            spread.add(copy);
        }
        Path file = ndjson(dir, "spread.ndjson", spread);
        List<String> oneThread = new ArrayList<>();
        List<String> fourThreads = new ArrayList<>();
        ReplayResult one = new Replayer(new Replayer.Options(1, 3, 5, CLOCK, recorder(oneThread)))
                .replay(rules, EventFiles.of(List.of(file), dir), (n, b, t) -> { });
        ReplayResult four = new Replayer(new Replayer.Options(4, 3, 5, CLOCK, recorder(fourThreads)))
                .replay(rules, EventFiles.of(List.of(file), dir), (n, b, t) -> { });

        assertThat(fourThreads).isEqualTo(oneThread);
        assertThat(four.rules()).isEqualTo(one.rules());
        assertThat(one.rules()).filteredOn(r -> r.alerts() > 0).extracting(ReplayResult.RuleReplay::type)
                .contains("esql", "eql");
    }

    /**
     * The timeline itself, fed the same decided events three ways: every rule's runs on the reading thread; through
     * the workers' path with a worker that runs inline (it takes every rule, so each rule's alerts are held and
     * released, deterministically); and with a new thread per worker task (really beside each other). The sink gets
     * the same alerts in the same order each way.
     */
    @Test
    void theWorkersPathGivesTheSinkTheAlertsInTheOrderOfOneThread() {
        List<RecordedEvent> recorded = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = events.get(i).deepCopy();
            copy.put("@timestamp", Instant.parse("2026-11-20T10:00:00Z").plusSeconds(3L * i).toString());
            recorded.add(new RecordedEvent(copy, 0, i + 1, i));
        }
        Map<String, String> notReplayed = new TreeMap<>();
        List<ReplayRule> prepared = new Replayer(new Replayer.Options(1, 3, 5, CLOCK, null)).prepare(rules, notReplayed);
        Replayer.Decided decided = Replayer.decider(prepared, CLOCK.instant()).decide(recorded);

        List<String> oneThread = timeline(prepared, recorded, decided, null);
        assertThat(oneThread.stream().map(line -> line.split(" ")[0]).distinct().count()).as("rules alerting").isGreaterThan(3);
        assertThat(timeline(prepared, recorded, decided, Runnable::run)).isEqualTo(oneThread);
        assertThat(timeline(prepared, recorded, decided, task -> new Thread(task).start())).isEqualTo(oneThread);
    }

    private static List<String> timeline(List<ReplayRule> prepared, List<RecordedEvent> recorded, Replayer.Decided decided,
                                         java.util.concurrent.Executor workers) {
        List<String> lines = new ArrayList<>();
        RuleTally[] tallies = new RuleTally[prepared.size()];
        for (int r = 0; r < prepared.size(); r++) {
            tallies[r] = new RuleTally(prepared.get(r).keyFields(), 3);
        }
        ReplayTimeline timeline = new ReplayTimeline(prepared, tallies, recorder(lines), null, KibanaVersion.DEFAULT,
                workers, workers == null ? 0 : 3);
        for (int i = 0; i < recorded.size(); i++) {
            timeline.accept(recorded.get(i), decided.millis()[i], decided.matched()[i]);
        }
        timeline.finish();
        return lines;
    }

    /** A sink writing each alert as a line: rule, time, events by input position, group. */
    private static Replayer.AlertSink recorder(List<String> lines) {
        return (rule, millis, alerted, group) -> lines.add(rule.rule().displayPath() + " " + millis + " "
                + alerted.stream().map(RecordedEvent::sequence).toList() + " " + group.map(AlertGroup::toString).orElse("-"));
    }

    @Test
    void summarisesTimesDaysKeyValuesAndSamples(@TempDir Path dir) throws IOException {
        Path file = ndjson(dir, "events.ndjson", events);
        ReplayResult result = new Replayer(new Replayer.Options(2, 2, 5, CLOCK, null))
                .replay(rules, EventFiles.of(List.of(file), dir), (n, b, t) -> { });
        ReplayResult.RuleReplay noisiest = result.rules().get(0);
        assertThat(noisiest.perDay().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(noisiest.alerts());
        assertThat(Instant.parse(noisiest.first())).isBeforeOrEqualTo(Instant.parse(noisiest.last()));
        assertThat(noisiest.samples()).hasSize((int) Math.min(2, noisiest.alerts()));
        assertThat(noisiest.samples().get(0).at().get(0)).startsWith("events.ndjson:");
        assertThat(noisiest.topValues()).containsKey("host.name");
        long hostTotal = noisiest.topValues().get("host.name").stream().mapToLong(ReplayResult.ValueCount::count).sum();
        assertThat(hostTotal).isPositive().isLessThanOrEqualTo(noisiest.alerts());
        String md = ReplayMarkdown.render(result);
        assertThat(md).contains("| " + noisiest.name()).contains(noisiest.file()).contains("Samples:");
    }

    @Test
    void aLineThatIsNotAnEventIsAnErrorAtItsLineAndColumn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.ndjson");
        Files.writeString(file, "{\"a\":1}\n{\"b\":2}\n{\"c\": tru}\n");
        assertThatThrownBy(() -> new Replayer(new Replayer.Options(2, 1, 1, CLOCK, null))
                .replay(rules, EventFiles.of(List.of(file), dir), (n, b, t) -> { }))
                .isInstanceOfSatisfying(EventInputException.class, e -> {
                    assertThat(e.position().file()).isEqualTo("bad.ndjson");
                    assertThat(e.position().line()).isEqualTo(3);
                    assertThat(e.position().column()).as("where the bad token starts, not where Jackson stopped").isEqualTo(7);
                    assertThat(e.getMessage()).contains("expected one JSON event per line");
                });
        // columns count characters, not UTF-16 units
        Files.writeString(file, "{\"\uD83D\uDE00\": tru}\n");
        assertThatThrownBy(() -> EventFiles.of(List.of(file), dir).read(e -> { }, n -> { }))
                .isInstanceOfSatisfying(EventInputException.class, e -> assertThat(e.position().column()).isEqualTo(7));

        Files.writeString(file, "{\"a\":1}\n[1,2]\n");
        assertThatThrownBy(() -> EventFiles.of(List.of(file), dir).read(e -> { }, n -> { }))
                .isInstanceOfSatisfying(EventInputException.class, e -> {
                    assertThat(e.position().line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("expected an event (a JSON object), found array");
                });
        assertThatThrownBy(() -> EventFiles.of(List.of(dir.resolve("missing.ndjson")), dir))
                .isInstanceOf(EventInputException.class).hasMessageContaining("no such events file");
    }

    /**
     * A rule decides only the events of the indices its patterns match, as Kibana searches only its {@code index}:
     * the same events recorded in winlogbeat (by --index) and in Elastic Defend's process stream (by the hits'
     * {@code _index} of a saved search response, a backing index) give each rule the alerts of the index it searches.
     */
    @Test
    void aRuleDecidesOnlyTheEventsOfTheIndicesItSearches(@TempDir Path dir) throws IOException {
        Map<String, Long> all = expected();
        Path plain = ndjson(dir, "winlogbeat.ndjson", events);
        ReplayRun.Outcome winlogbeat = ReplayRun.run(rules, new ReplayRun.Request(List.of(plain), java.util.OptionalLong.empty(),
                false, new Replayer.Options(2, 1, 1, CLOCK, null), java.util.Optional.empty(), java.util.Optional.of("winlogbeat-8.15.0")),
                dir.resolve("out-w"), dir, (n, b, t) -> { });
        assertThat(counts(winlogbeat.result().orElseThrow())).isEqualTo(expectedFor(all, "winlogbeat-*"));

        com.fasterxml.jackson.databind.node.ObjectNode response = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode hits = response.putObject("hits").putArray("hits");
        events.forEach(e -> hits.addObject().put("_index", ".ds-logs-endpoint.events.process-default-2026.11.20-000001").set("_source", e));
        Path saved = dir.resolve("endpoint.json");
        Files.writeString(saved, response.toString());
        ReplayRun.Outcome endpoint = ReplayRun.run(rules, new ReplayRun.Request(List.of(saved), java.util.OptionalLong.empty(),
                false, new Replayer.Options(2, 1, 1, CLOCK, null), java.util.Optional.empty(), java.util.Optional.of("winlogbeat-8.15.0")),
                dir.resolve("out-e"), dir, (n, b, t) -> { });
        assertThat(counts(endpoint.result().orElseThrow())).isEqualTo(expectedFor(all, "logs-endpoint.events.*", "logs-endpoint.events.process-*"));
        ReplayResult.Indices indices = endpoint.result().orElseThrow().indices();
        assertThat(indices.known()).isEqualTo(events.size());
        assertThat(indices.unknown()).isZero();
        assertThat(indices.searchedByNone()).isZero();
        // both runs decide some rule's events and leave another's: the index does tell them apart
        assertThat(expectedFor(all, "winlogbeat-*")).isNotEqualTo(expectedFor(all, "logs-endpoint.events.*", "logs-endpoint.events.process-*"));

        ReplayRun.Outcome nowhere = ReplayRun.run(rules, new ReplayRun.Request(List.of(plain), java.util.OptionalLong.empty(),
                false, new Replayer.Options(1, 1, 1, CLOCK, null), java.util.Optional.empty(), java.util.Optional.of("nginx-access")),
                dir.resolve("out-n"), dir, (n, b, t) -> { });
        assertThat(nowhere.result().orElseThrow().rules()).allSatisfy(r -> assertThat(r.alerts()).isZero());
        assertThat(nowhere.diagnostics()).filteredOn(d -> d.code().equals(ReplayCodes.UNSEARCHED_INDEX)).singleElement()
                .satisfies(d -> assertThat(d.message()).startsWith("no rule decided any event: ").endsWith("nginx-access"));
        assertThat(endpoint.diagnostics()).noneMatch(d -> d.code().equals(ReplayCodes.UNSEARCHED_INDEX));
        assertThat(nowhere.result().orElseThrow().indices().notSearched()).containsExactly(Map.entry("nginx-access", (long) events.size()));
        assertThat(Files.readString(dir.resolve("out-n/replay.md"))).contains(String.format(
                "%,d events of an index no replayed rule searches: `nginx-access` (%,d).", events.size(), events.size()));
    }

    /** The expected counts of the rules whose index list names one of {@code patterns}; 0 for the others. */
    private static Map<String, Long> expectedFor(Map<String, Long> all, String... patterns) {
        Map<String, Long> out = new TreeMap<>();
        for (CompiledRule rule : rules) {
            String file = rule.rule().displayPath();
            if (all.containsKey(file)) {
                boolean searched = rule.rule().index().stream().anyMatch(List.of(patterns)::contains);
                out.put(file, searched ? all.get(file) : 0L);
            }
        }
        return out;
    }

    @Test
    void eventsWithoutATimestampOrOutOfTimeOrderAreCountedAndWarnedAtTheFirstOne(@TempDir Path dir) throws IOException {
        List<JsonNode> disordered = new ArrayList<>(events.subList(0, 3));
        disordered.add(1, events.get(5));                       // line 2: later than lines 3 and 4
        com.fasterxml.jackson.databind.node.ObjectNode untimed = events.get(4).deepCopy();
        untimed.remove("@timestamp");
        disordered.add(untimed);
        Path file = ndjson(dir, "events.ndjson", disordered);
        ReplayRun.Outcome outcome = ReplayRun.run(rules, new ReplayRun.Request(List.of(file), java.util.OptionalLong.empty(), false,
                new Replayer.Options(1, 1, 1, CLOCK, null)), dir.resolve("out"), dir, (n, b, t) -> { });

        ReplayResult.Timeline period = outcome.result().orElseThrow().period();
        assertThat(period.withoutTime()).isEqualTo(1);
        assertThat(period.outOfOrder()).isEqualTo(2);
        assertThat(period.firstOutOfOrder()).isEqualTo("events.ndjson:3");
        assertThat(outcome.diagnostics()).filteredOn(d -> d.code().equals(ReplayCodes.OUTSIDE_TIMELINE)).hasSize(2)
                .anySatisfy(d -> {
                    assertThat(d.position().line()).isEqualTo(3);
                    assertThat(d.message()).contains("expected events in @timestamp order");
                })
                .anySatisfy(d -> assertThat(d.message()).contains("1 event without a readable @timestamp"));
    }

    @Test
    void anEmptyInputIsAWarningNotASilentPass(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("events.ndjson");
        Files.writeString(file, "\n");
        ReplayRun.Outcome outcome = ReplayRun.run(rules, new ReplayRun.Request(List.of(file), java.util.OptionalLong.of(5), false,
                new Replayer.Options(1, 1, 1, CLOCK, null)), dir.resolve("out"), dir, (n, b, t) -> { });
        assertThat(outcome.diagnostics()).filteredOn(d -> d.code().equals(ReplayCodes.NO_EVENTS)).singleElement()
                .satisfies(d -> {
                    assertThat(d.position().file()).isEqualTo("events.ndjson");
                    assertThat(d.message()).isEqualTo("no events in the recorded input: nothing was replayed, so no rule's noise"
                            + " is known and the alert budget proves nothing");
                });
    }

    @Test
    void replayMdSaysWhenTheDaysShownLeaveOutEarlierAlerts() {
        ReplayResult.Runs runs = new ReplayResult.Runs("5m", 10, 0, 0, 0, 0, 0);
        ReplayResult.RuleReplay old = new ReplayResult.RuleReplay("rules/old.toml", "a", "Old", "query", 3, "2020-03-18T00:00:00Z",
                "2020-03-19T00:00:00Z", runs, Map.of("2020-03-18", 2L, "2020-03-19", 1L), Map.of(), List.of(), 0, null);
        ReplayResult.RuleReplay recent = new ReplayResult.RuleReplay("rules/new.toml", "b", "New", "query", 1, "2026-11-27T00:00:00Z",
                "2026-11-27T00:00:00Z", runs, Map.of("2026-11-27", 1L), Map.of(), List.of(), 0, null);
        ReplayResult.Timeline period = new ReplayResult.Timeline("2020-03-18T00:00:00Z", "2026-11-27T00:00:00Z", 0, 0, null, null);

        String cut = ReplayMarkdown.render(new ReplayResult(4, List.of("e.ndjson"), 1, 1, period, NO_INDEX, List.of(old, recent), Map.of()));
        assertThat(cut).contains("Days: 2026-09-29 … 2026-11-27 (UTC, one character per day; the last 60 days only: 2 earlier"
                + " days with alerts, from 2020-03-18, are in replay.json).");

        String whole = ReplayMarkdown.render(new ReplayResult(1, List.of("e.ndjson"), 1, 1, period, NO_INDEX, List.of(recent), Map.of()));
        assertThat(whole).contains("Days: 2026-11-27 … 2026-11-27 (UTC, one character per day).");
    }

    @Test
    void sparklineScalesToTheBusiestDayAndLeavesQuietDaysBlank() {
        List<java.time.LocalDate> days = java.time.LocalDate.parse("2026-11-01").datesUntil(java.time.LocalDate.parse("2026-11-05")).toList();
        assertThat(ReplayMarkdown.sparkline(Map.of("2026-11-01", 1L, "2026-11-03", 8L, "2026-11-04", 4L), days)).isEqualTo("▁ █▄");
    }
}
