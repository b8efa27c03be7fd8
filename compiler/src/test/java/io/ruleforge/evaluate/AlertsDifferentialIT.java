package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.fields.DateValues;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.evaluate.alerts.Alert;
import io.ruleforge.evaluate.alerts.AlertRuleSpec;
import io.ruleforge.evaluate.alerts.AlertRun;
import io.ruleforge.evaluate.alerts.AlertRuns;
import io.ruleforge.evaluate.alerts.RuleAlerts;
import io.ruleforge.evaluate.alerts.RuleTimestamp;
import io.ruleforge.evaluate.alerts.StreamEvent;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.MappingFile;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseEvent;
import io.ruleforge.harness.cases.CaseFileLoader;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.testing.ProjectRules;
import io.ruleforge.testing.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerts equal what Elasticsearch's own aggregations give when sent the searches Kibana's executors send: threshold
 * (a composite aggregation over {@code threshold.field} with {@code count_check} and {@code cardinality_check}
 * bucket selectors, or the total hits and a cardinality when there is no field), new_terms (phase 1 composite of the
 * window's terms, phase 2 {@code first_seen} over {@code history_window_start}…{@code to} with the
 * {@code first_seen > from} selector) and suppression (a composite over {@code group_by} with
 * {@code missing_bucket} for {@code suppress}, and the events missing a field for {@code doNotSuppress}). Run on the
 * project's cases and on random streams, for the project rules and variants of their settings.
 *
 * <p>The test Elasticsearch is the minimal integ-test distribution, which has neither the aggregations module
 * ({@code bucket_selector}) nor painless: the searches and aggregations are Kibana's, and the selectors' one-line
 * conditions ({@code params.docCount >= value}, {@code params.cardinalityCount >= value},
 * {@code params.first_seen_value > params.start_time}) are applied here to the buckets Elasticsearch returns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AlertsDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestElasticsearch elasticsearch = new TestElasticsearch();
    private final FieldSchema ecs = EcsSchemas.defaultSchema();
    private final DslEvaluator evaluator = new DslEvaluator(ecs);
    /** Group fields whose values Elasticsearch stores in another form than written: a long and a date. */
    private static final List<String> TYPED_GROUP = List.of("process.pid", "event.created");
    /** Elastic's rules' {@code timestamp_override}, with its {@code @timestamp} fallback and without. */
    private static final RuleTimestamp INGESTED = new RuleTimestamp("event.ingested", Optional.of("@timestamp"));
    private static final RuleTimestamp INGESTED_ONLY = new RuleTimestamp("event.ingested", Optional.empty());
    /** A float group field. */
    private static final List<String> FLOAT_GROUP = List.of("event.risk_score");

    /** One alert reduced to what both sides can state: key, count, cardinality, suppressed. */
    private record Observed(Map<String, String> key, long count, long cardinality, long suppressed) {
    }

    private record Stream(String name, Instant now, List<ObjectNode> events) {
    }

    @Test
    void projectCasesAndRandomStreamsGetTheSameAlertsFromElasticsearch() {
        List<CompiledRule> rules = ProjectRules.compile(new CompilerSettings(KibanaVersion.V8_12, ProjectRules.fieldTypes(ecs), DslOptions.DEFAULT));
        Path fixtures = ProjectRules.fixturesFolder();
        CaseFileLoader loader = new CaseFileLoader(Path.of("").toAbsolutePath());
        int compared = 0;
        int alerting = 0;
        int overridden = 0;
        int placementMatters = 0;
        Map<String, Integer> byType = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        for (CompiledRule rule : rules) {
            AlertRuleSpec spec = AlertRuleSpec.of(rule.rule(), ecs);
            if (rule.searchDsl().isEmpty() || (spec.threshold().isEmpty() && spec.newTerms().isEmpty() && spec.suppression().isEmpty())) {
                continue;
            }
            List<Stream> streams = new ArrayList<>();
            CaseFileLoader.Result cases = loader.load(fixtures.resolve(rule.rule().fileStem()));
            assertThat(cases.diagnostics()).isEmpty();
            for (AlertCase c : cases.cases()) {
                streams.add(new Stream(c.file(), c.now(), c.events().stream().map(CaseEvent::document).toList()));
            }
            streams.addAll(randomStreams(spec, 40, new Random(rule.rule().ruleId().hashCode())));
            for (Stream stream : streams) {
                EngineIndex index = indexed(stream);
                List<AlertRuleSpec> variants = new ArrayList<>();
                for (AlertRuleSpec variant : variants(spec)) {
                    // each also placed by event.ingested as Elastic's rules are, with and without the @timestamp fallback
                    variants.add(variant);
                    variants.add(variant.placedBy(INGESTED));
                    variants.add(variant.placedBy(INGESTED_ONLY));
                }
                for (AlertRuleSpec variant : variants) {
                    List<Observed> ours = ruleforge(rule, variant, stream);
                    List<Observed> theirs = elasticsearch(index, rule, variant, stream);
                    compared++;
                    byType.merge(label(variant), 1, Integer::sum);
                    alerting += ours.isEmpty() ? 0 : 1;
                    if (variant.time().overridden()) {
                        overridden++;
                        placementMatters += sorted(ours).equals(sorted(ruleforge(rule, variant.placedBy(RuleTimestamp.DEFAULT), stream))) ? 0 : 1;
                    }
                    if (!sorted(ours).equals(sorted(theirs))) {
                        disagreements.add(rule.rule().fileStem() + " " + label(variant)
                                + (variant.time().overridden() ? " placed by " + variant.time().describe() : "") + " on " + stream.name()
                                + "\n   ruleforge:     " + sorted(ours) + "\n   Elasticsearch: " + sorted(theirs));
                    }
                }
                index.close();
            }
        }
        System.out.println("alerts differential: " + compared + " runs compared " + byType + ", " + alerting
                + " with alerts, " + overridden + " placed by event.ingested (" + placementMatters
                + " alerting otherwise than by @timestamp), " + disagreements.size() + " disagreements");
        disagreements.stream().limit(20).forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(disagreements).isEmpty();
        assertThat(compared).isGreaterThan(300);
        assertThat(alerting).as("runs with alerts").isGreaterThan(50);
        assertThat(placementMatters).as("runs placed by event.ingested whose alerts differ from @timestamp's").isGreaterThan(50);
    }

    /**
     * Which mapping types Elasticsearch groups (a composite terms source, as threshold, new_terms and a query rule's
     * suppression send), counts (cardinality) and sorts by: the predicates the compile stage's field check
     * ({@code RuleFieldCheck}, RF4006) decides with must give the cluster's answer for every type this node knows,
     * and for the mapping options that change it ({@code doc_values: false}, a text field's {@code fielddata: true}),
     * the field read from the same mapping by {@link MappingFile}. An object or nested field is accepted by the
     * composite and gives one bucket without a key (RF4007's warning). The types of X-Pack plugins the test
     * distribution lacks are named, not silently passed over.
     */
    @Test
    void theFieldTypesElasticsearchGroupsCountsAndSortsByAreTheOnesTheFieldCheckAccepts() throws Exception {
        EngineClient client = elasticsearch.client();
        // label -> {the field's mapping, a value}
        Map<String, String[]> samples = new LinkedHashMap<>();
        for (String[] typeAndValue : new String[][] {
                {"keyword", "\"k\""}, {"text", "\"two words\""}, {"match_only_text", "\"two words\""}, {"wildcard", "\"w\""},
                {"version", "\"1.2.3\""}, {"long", "5"}, {"integer", "5"}, {"short", "5"}, {"byte", "5"}, {"double", "1.5"},
                {"float", "1.5"}, {"half_float", "1.5"}, {"unsigned_long", "5"}, {"ip", "\"10.0.0.1\""},
                {"date", "\"2024-01-01T00:00:00Z\""}, {"date_nanos", "\"2024-01-01T00:00:00.123456789Z\""}, {"boolean", "true"},
                {"flattened", "{\"a\": \"b\"}"}, {"geo_point", "\"1,2\""},
                {"date_range", "{\"gte\": \"2024-01-01\", \"lte\": \"2024-01-02\"}"}, {"binary", "\"aGk=\""}}) {
            samples.put(typeAndValue[0], new String[] {"{\"type\": \"" + typeAndValue[0] + "\"}", typeAndValue[1]});
        }
        samples.put("scaled_float", new String[] {"{\"type\": \"scaled_float\", \"scaling_factor\": 100}", "1.5"});
        samples.put("constant_keyword", new String[] {"{\"type\": \"constant_keyword\", \"value\": \"c\"}", "\"c\""});
        samples.put("keyword without doc_values", new String[] {"{\"type\": \"keyword\", \"doc_values\": false}", "\"k\""});
        samples.put("long without doc_values", new String[] {"{\"type\": \"long\", \"doc_values\": false}", "5"});
        samples.put("ip without doc_values", new String[] {"{\"type\": \"ip\", \"doc_values\": false}", "\"10.0.0.1\""});
        samples.put("text with fielddata", new String[] {"{\"type\": \"text\", \"fielddata\": true}", "\"two words\""});
        samples.put("object", new String[] {"{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"keyword\"}}}", "{\"a\": \"x\"}"});
        samples.put("nested", new String[] {"{\"type\": \"nested\", \"properties\": {\"a\": {\"type\": \"keyword\"}}}", "{\"a\": \"x\"}"});
        List<String> disagreements = new ArrayList<>();
        List<String> unknownToThisNode = new ArrayList<>();
        Path mappings = Files.createTempDirectory("ruleforge-types");
        int asked = 0;
        for (Map.Entry<String, String[]> sample : samples.entrySet()) {
            String label = sample.getKey();
            String type = label.split(" ")[0];
            String index = "ruleforge-types-" + asked++;
            String mapping = "{\"mappings\": {\"dynamic\": \"strict\", \"properties\": {\"f\": " + sample.getValue()[0] + "}}}";
            EngineClient.Response created = client.put("/" + index, parse(mapping));
            if (!created.ok()) {
                assertThat(created.errorReason()).contains("The mapper type [" + type + "]");
                unknownToThisNode.add(type);
                continue;
            }
            Path file = Files.writeString(mappings.resolve(index + ".json"), mapping);
            FieldMapping ours = MappingFile.read(file).field("f").orElseThrow();
            try {
                EngineClient.Response indexed = client.post("/" + index + "/_doc?refresh=true", parse("{\"f\": " + sample.getValue()[1] + "}"));
                assertThat(indexed.ok()).as(label + ": " + (indexed.ok() ? "" : indexed.errorReason())).isTrue();
                EngineClient.Response composite = client.post("/" + index + "/_search", parse(
                        "{\"size\": 0, \"aggs\": {\"g\": {\"composite\": {\"sources\": [{\"f\": {\"terms\": {\"field\": \"f\", \"missing_bucket\": true}}}]}}}}"));
                EngineClient.Response cardinality = client.post("/" + index + "/_search", parse(
                        "{\"size\": 0, \"aggs\": {\"c\": {\"cardinality\": {\"field\": \"f\"}}}}"));
                EngineClient.Response sort = client.post("/" + index + "/_search", parse("{\"size\": 1, \"sort\": [{\"f\": \"asc\"}]}"));
                if (ours.isContainer()) {
                    JsonNode buckets = composite.body().path("aggregations").path("g").path("buckets");
                    if (!composite.ok() || buckets.size() != 1 || !buckets.get(0).path("key").path("f").isNull()) {
                        disagreements.add(label + ": an object should give one bucket without a key, got " + composite.body());
                    }
                    continue;
                }
                if (composite.ok() != ours.isGroupable()) {
                    disagreements.add(label + " grouped: Elasticsearch " + composite.ok() + ", field check " + ours.isGroupable());
                }
                if (cardinality.ok() != ours.hasDocValues()) {
                    disagreements.add(label + " counted: Elasticsearch " + cardinality.ok() + ", field check " + ours.hasDocValues());
                }
                if (sort.ok() != ours.isSortable()) {
                    disagreements.add(label + " sorted: Elasticsearch " + sort.ok() + ", field check " + ours.isSortable());
                }
            } finally {
                client.delete("/" + index);
            }
        }
        System.out.println("field types grouped, counted and sorted: " + (samples.size() - unknownToThisNode.size())
                + " mappings asked, " + disagreements.size() + " disagreements; not in this distribution: " + unknownToThisNode);
        disagreements.forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(disagreements).isEmpty();
        // the test distribution has no X-Pack mapper plugins; their types are decided from Elasticsearch's sources
        assertThat(unknownToThisNode).isSubsetOf("match_only_text", "wildcard", "constant_keyword", "version",
                "unsigned_long", "scaled_float");
        assertThat(samples.size() - unknownToThisNode.size()).isGreaterThanOrEqualTo(21);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Several executions of threshold rules: each window (catch-up windows of a late run first) is searched on
     * Elasticsearch with the threshold composite, a {@code max_timestamp} per bucket, and the executor's
     * {@code must_not} of its signal history (per group that alerted: its terms and {@code @timestamp <= } its latest
     * event, kept while that time is not before the window's start); the alerts of each execution must be
     * {@link AlertRuns}'. The windows themselves are Kibana's formula ({@link AlertRuns#windows}), not a search.
     */
    @Test
    void severalThresholdRunsGetTheSameAlertsFromElasticsearch() {
        int compared = 0;
        int alerting = 0;
        int alertingAfterTheFirst = 0;
        int severalWindows = 0;
        List<String> disagreements = new ArrayList<>();
        for (CompiledRule rule : ProjectRules.compile(new CompilerSettings(KibanaVersion.V8_12, ProjectRules.fieldTypes(ecs), DslOptions.DEFAULT))) {
            AlertRuleSpec spec = AlertRuleSpec.of(rule.rule(), ecs);
            if (rule.searchDsl().isEmpty() || spec.threshold().isEmpty() || spec.threshold().get().fields().isEmpty()) {
                continue;
            }
            Duration interval = AlertRuleSpec.interval(rule.rule());
            AlertRuleSpec.Threshold t = spec.threshold().get();
            List<AlertRuleSpec> variants = new ArrayList<>();
            for (String from : List.of(spec.from(), "now-9m")) {
                for (long value : List.of(t.value(), 2L)) {
                    // max_signals 2: Kibana keeps the composite's first two qualifying groups (in the ip order of
                    // source.ip) and only those enter the signal history
                    for (int maxSignals : new int[]{spec.maxSignals(), 2}) {
                        variants.add(new AlertRuleSpec(spec.type(), from, spec.to(), maxSignals, Optional.of(
                                new AlertRuleSpec.Threshold(t.fields(), value, t.cardinality(), Math.min(t.cardinalityValue(), value))),
                                Optional.empty(), Optional.empty()).keyedBy(ecs));
                    }
                }
                // groups of a long and a date, whose values are written in several forms of one stored value
                variants.add(new AlertRuleSpec(spec.type(), from, spec.to(), spec.maxSignals(), Optional.of(
                        new AlertRuleSpec.Threshold(TYPED_GROUP, 2, Optional.empty(), 0)), Optional.empty(), Optional.empty()).keyedBy(ecs));
            }
            for (Stream stream : randomStreams(spec, 30, new Random(rule.rule().ruleId().hashCode() + 1))) {
                EngineIndex index = indexed(stream);
                List<StreamEvent> events = streamEvents(rule, stream, RuleTimestamp.DEFAULT);
                for (List<Instant> runs : schedules(stream, interval)) {
                    for (AlertRuleSpec variant : variants) {
                        List<AlertRuns.Execution> ours = AlertRuns.run(variant, interval, events, runs);
                        Map<Map<String, String>, Instant> history = new TreeMap<>(AlertsDifferentialIT::compareKeys);
                        for (int r = 0; r < runs.size(); r++) {
                            List<Observed> theirs = new ArrayList<>();
                            for (AlertRuns.Window window : AlertRuns.windows(variant, interval, runs.get(r),
                                    r == 0 ? Optional.empty() : Optional.of(runs.get(r - 1)))) {
                                theirs.addAll(thresholdWithHistory(index, rule.searchDsl().get(), variant.time(), variant.threshold().get(), window, history,
                                        variant.maxSignals()));
                            }
                            List<Observed> mine = ours.get(r).created().stream().map(a -> new Observed(a.key(), a.count(),
                                    a.cardinality().orElse(-1), 0)).toList();
                            compared++;
                            severalWindows += windowsWithEvents(ours.get(r), events) > 1 ? 1 : 0;
                            alerting += mine.isEmpty() ? 0 : 1;
                            alertingAfterTheFirst += mine.isEmpty() || r == 0 ? 0 : 1;
                            if (!sorted(mine).equals(sorted(theirs))) {
                                disagreements.add(rule.rule().fileStem() + " from " + variant.from() + " value " + variant.threshold().get().value()
                                        + " max_signals " + variant.maxSignals()
                                        + " run " + (r + 1) + " on " + stream.name() + "\n   ruleforge:     " + sorted(mine)
                                        + "\n   Elasticsearch: " + sorted(theirs));
                            }
                        }
                    }
                }
                index.close();
            }
        }
        System.out.println("alerts differential over several runs: " + compared + " executions compared, " + alerting + " with alerts ("
                + alertingAfterTheFirst + " after the first run), " + severalWindows + " searching events in several windows, "
                + disagreements.size() + " disagreements");
        disagreements.stream().limit(20).forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(disagreements).isEmpty();
        assertThat(compared).isGreaterThan(100);
        assertThat(alertingAfterTheFirst).as("executions after the first with alerts").isGreaterThan(10);
        assertThat(severalWindows).as("executions searching events in several windows").isGreaterThan(10);
    }

    /** How many of the execution's windows hold an event the query returns. */
    private static long windowsWithEvents(AlertRuns.Execution execution, List<StreamEvent> events) {
        return execution.windows().stream().filter(w -> events.stream().anyMatch(e -> e.matched()
                && !e.timestamp().isBefore(w.from()) && !e.timestamp().isAfter(w.to()))).count();
    }

    /**
     * Several executions of suppressed query rules without a duration, as {@code groupAndBulkCreate} runs them: each
     * window searched on Elasticsearch with the composite of {@link #suppressionBuckets} (one page, {@code max_signals}
     * buckets) and the bucket history's {@code must_not}; every returned bucket is an alert (a plain bulkCreate: one
     * whose {@code _id} — top hit, terms, start, end — was written before is not written again) and enters the
     * history with its latest event, kept while that is after a later window's start ({@code filterBucketHistory});
     * with {@code doNotSuppress}, the events missing a group field alert one by one ({@code _id} per event). A group
     * the page left out is searched again by the next execution. The alerts of each execution must be
     * {@link AlertRuns}'. Not with {@code doNotSuppress} and a small {@code max_signals}, whose one-by-one alerts
     * Kibana takes by {@code @timestamp} with ties in shard order.
     */
    @Test
    void severalSuppressedQueryRunsGetTheSameAlertsFromElasticsearch() {
        int compared = 0;
        int alertingAfterTheFirst = 0;
        int cappedRuns = 0;
        int extendedRuns = 0;
        int severalWindows = 0;
        List<String> disagreements = new ArrayList<>();
        for (CompiledRule rule : ProjectRules.compile(new CompilerSettings(KibanaVersion.V8_12, ProjectRules.fieldTypes(ecs), DslOptions.DEFAULT))) {
            AlertRuleSpec spec = AlertRuleSpec.of(rule.rule(), ecs);
            if (rule.searchDsl().isEmpty() || spec.suppression().isEmpty() || !spec.type().equals("query")) {
                continue;
            }
            Duration interval = AlertRuleSpec.interval(rule.rule());
            List<AlertRuleSpec> variants = new ArrayList<>();
            for (String from : List.of(spec.from(), "now-9m")) {
                for (boolean suppressMissing : new boolean[]{true, false}) {
                    for (List<String> groupBy : List.of(List.of("host.name", "user.name"), List.of("user.name"), List.of("source.ip"), TYPED_GROUP)) {
                        for (int maxSignals : suppressMissing ? new int[]{spec.maxSignals(), 2} : new int[]{spec.maxSignals()}) {
                            for (Optional<Duration> duration : List.of(Optional.<Duration>empty(), Optional.of(Duration.ofMinutes(10)))) {
                                variants.add(new AlertRuleSpec("query", from, spec.to(), maxSignals, Optional.empty(), Optional.empty(),
                                        Optional.of(new AlertRuleSpec.Suppression(groupBy, duration, suppressMissing))).keyedBy(ecs));
                            }
                        }
                    }
                }
            }
            for (Stream stream : randomStreams(spec, 30, new Random(rule.rule().ruleId().hashCode() + 2))) {
                EngineIndex index = indexed(stream);
                List<StreamEvent> events = streamEvents(rule, stream, RuleTimestamp.DEFAULT);
                for (List<Instant> runs : schedules(stream, interval)) {
                    for (AlertRuleSpec variant : variants) {
                        List<AlertRuns.Execution> ours = AlertRuns.run(variant, interval, events, runs);
                        SuppressedQueryExecutor kibana = new SuppressedQueryExecutor(variant);
                        for (int r = 0; r < runs.size(); r++) {
                            kibana.startExecution(r, runs.get(r));
                            for (AlertRuns.Window window : AlertRuns.windows(variant, interval, runs.get(r),
                                    r == 0 ? Optional.empty() : Optional.of(runs.get(r - 1)))) {
                                kibana.window(index, rule.searchDsl().get(), window);
                            }
                            List<String> theirs = kibana.executionResult();
                            List<String> mine = new ArrayList<>(sorted(ours.get(r).created().stream()
                                    .map(a -> new Observed(a.key(), 0, -1, a.suppressed())).toList()));
                            ours.get(r).extended().forEach(x -> mine.add("extended " + new TreeMap<>(nullSafe(x.key())) + " +" + x.added() + " = " + x.suppressed()));
                            compared++;
                            severalWindows += windowsWithEvents(ours.get(r), events) > 1 ? 1 : 0;
                            alertingAfterTheFirst += mine.isEmpty() || r == 0 ? 0 : 1;
                            cappedRuns += ours.get(r).capped() > 0 ? 1 : 0;
                            extendedRuns += ours.get(r).extended().isEmpty() ? 0 : 1;
                            if (!mine.stream().sorted().toList().equals(theirs.stream().sorted().toList())) {
                                disagreements.add(rule.rule().fileStem() + " " + label(variant) + " max_signals " + variant.maxSignals()
                                        + " from " + variant.from() + " run " + (r + 1) + " on " + stream.name()
                                        + "\n   ruleforge:     " + mine.stream().sorted().toList() + "\n   Elasticsearch: " + theirs.stream().sorted().toList());
                            }
                        }
                    }
                }
                index.close();
            }
        }
        System.out.println("suppressed query alerts over several runs: " + compared + " executions compared, "
                + alertingAfterTheFirst + " with alerts after the first run, " + cappedRuns + " cut by max_signals, "
                + extendedRuns + " suppressing into an earlier run's alert, " + severalWindows + " searching events in several windows, "
                + disagreements.size() + " disagreements");
        disagreements.stream().limit(20).forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(disagreements).isEmpty();
        assertThat(compared).isGreaterThan(100);
        assertThat(alertingAfterTheFirst).as("executions after the first with alerts").isGreaterThan(10);
        assertThat(cappedRuns).as("executions cut by max_signals").isGreaterThan(10);
        assertThat(extendedRuns).as("executions suppressing into an earlier run's alert").isGreaterThan(10);
        assertThat(severalWindows).as("executions searching events in several windows").isGreaterThan(10);
    }

    private static Map<String, String> nullSafe(Map<String, String> key) {
        Map<String, String> out = new LinkedHashMap<>();
        key.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }

    /**
     * What Kibana does with a suppressed query rule's buckets, across executions: {@code groupAndBulkCreate} (the
     * search of {@link #suppressionBuckets} with the bucket history, then the {@code doNotSuppress} events) and, with
     * a duration, the rule registry's {@code alertWithSuppression}: an open alert of the bucket's instance id (its
     * terms) created ({@code kibana.alert.start}) since {@code now − duration} takes the bucket — skipped when that
     * alert, of an earlier execution, already ends ({@code suppression.end}) at or after the bucket's end
     * ({@code isExistingDateGtEqThanAlert}); else its docs_count grows by the bucket's count and its end moves to the
     * later one — otherwise a new alert. Without a duration a plain bulkCreate writes each bucket whose {@code _id}
     * (top hit, terms, start, end) is new.
     */
    private final class SuppressedQueryExecutor {
        /** An alert in Kibana's alerts index as {@code alertWithSuppression} reads it. */
        private static final class OpenAlert {
            final int execution;
            final Instant alertStart;
            Instant suppressionEnd;
            long docsCount;

            OpenAlert(int execution, Instant alertStart, Instant suppressionEnd, long docsCount) {
                this.execution = execution;
                this.alertStart = alertStart;
                this.suppressionEnd = suppressionEnd;
                this.docsCount = docsCount;
            }
        }

        private final AlertRuleSpec spec;
        private final Map<Map<String, String>, Instant> history = new TreeMap<>(AlertsDifferentialIT::compareKeys);
        private final Set<String> writtenIds = new HashSet<>();
        private final Map<Map<String, String>, OpenAlert> open = new TreeMap<>(AlertsDifferentialIT::compareKeys);
        private final List<Observed> created = new ArrayList<>();
        /** Per earlier alert this execution suppressed into: how many events it added. */
        private final Map<Map<String, String>, Long> extended = new TreeMap<>(AlertsDifferentialIT::compareKeys);
        private int execution;
        private Instant now;

        SuppressedQueryExecutor(AlertRuleSpec spec) {
            this.spec = spec;
        }

        void startExecution(int execution, Instant now) {
            this.execution = execution;
            this.now = now;
            created.clear();
            extended.clear();
        }

        /** Created alerts (docs_count as at the end of the execution) and earlier alerts this execution extended. */
        List<String> executionResult() {
            List<String> out = new ArrayList<>();
            for (Observed o : created) {
                OpenAlert alert = open.get(o.key());
                long docs = alert != null && alert.execution == execution && spec.suppression().get().duration().isPresent()
                        ? alert.docsCount : o.suppressed();
                out.add(sorted(List.of(new Observed(o.key(), 0, -1, docs))).get(0));
            }
            extended.forEach((key, added) -> out.add("extended " + new TreeMap<>(nullSafe(key)) + " +" + added + " = " + open.get(key).docsCount));
            return out;
        }

        void window(EngineIndex index, JsonNode query, AlertRuns.Window window) {
            Optional<Duration> duration = spec.suppression().orElseThrow().duration();
            history.values().removeIf(end -> !end.isAfter(window.from()));
            List<JsonNode> buckets = suppressionBuckets(index, query, spec, window, history);
            for (JsonNode bucket : buckets) {
                Map<String, String> key = key(bucket.path("key"));
                Instant start = Instant.parse(bucket.path("min_timestamp").path("value_as_string").asText());
                Instant end = Instant.parse(bucket.path("max_timestamp").path("value_as_string").asText());
                long docs = bucket.path("doc_count").asLong() - 1;
                if (duration.isEmpty()) {
                    String id = bucket.path("topHits").path("hits").path("hits").path(0).path("_id").asText() + " " + key + " " + start + " " + end;
                    if (writtenIds.add(id)) {
                        created.add(new Observed(key, 0, -1, docs));
                    }
                    continue;
                }
                OpenAlert existing = open.get(key);
                if (existing != null && existing.alertStart.isBefore(now.minus(duration.get()))) {
                    existing = null;
                }
                if (existing != null && existing.execution != execution && !existing.suppressionEnd.isBefore(end)) {
                    continue;
                }
                if (existing != null) {
                    existing.docsCount += docs + 1;
                    if (end.isAfter(existing.suppressionEnd)) {
                        existing.suppressionEnd = end;
                    }
                    if (existing.execution != execution) {
                        extended.merge(key, docs + 1, Long::sum);
                    }
                    continue;
                }
                open.put(key, new OpenAlert(execution, now, end, docs));
                created.add(new Observed(key, 0, -1, docs));
            }
            for (JsonNode bucket : buckets) {
                Instant end = Instant.parse(bucket.path("max_timestamp").path("value_as_string").asText());
                history.merge(key(bucket.path("key")), end, (a, b) -> a.isAfter(b) ? a : b);
            }
            created.addAll(unsuppressedEvents(index, query, spec, window, spec.maxSignals() - buckets.size(), writtenIds));
        }
    }

    /** With {@code doNotSuppress}: the window's events missing a group field, one alert each, at most {@code room}. */
    private List<Observed> unsuppressedEvents(EngineIndex index, JsonNode query, AlertRuleSpec spec, AlertRuns.Window window,
                                              int room, Set<String> writtenIds) {
        AlertRuleSpec.Suppression s = spec.suppression().orElseThrow();
        List<Observed> out = new ArrayList<>();
        if (s.suppressMissing() || room <= 0) {
            return out;
        }
        // bulkCreateUnsuppressedAlerts pages (searchAfterAndBulkCreate) until `room` alerts are written: events an
        // earlier run wrote are dropped by their _id and do not count
        ObjectNode missing = search(query, spec.time(), window.from(), window.to());
        missing.put("size", 10000);
        // buildEventsSearchQuery's sort: the primary time field, then the secondary, as dates where unmapped
        ArrayNode sort = missing.putArray("sort");
        sort.addObject().putObject(spec.time().primary()).put("order", "asc").put("unmapped_type", "date");
        spec.time().secondary().ifPresent(f -> sort.addObject().putObject(f).put("order", "asc").put("unmapped_type", "date"));
        ArrayNode should = ((ArrayNode) missing.path("query").path("bool").path("filter")).addObject().putObject("bool").putArray("should");
        s.groupBy().forEach(f -> should.addObject().putObject("bool").putObject("must_not").putObject("exists").put("field", f));
        // the fields as the fields API returns them (a long's 5.7 is 5, a date in its mapping's format)
        ArrayNode fieldsApi = missing.putArray("fields");
        s.groupBy().forEach(f -> fieldsApi.addObject().put("field", f));
        for (JsonNode hit : post(index, missing).path("hits").path("hits")) {
            if (out.size() == room) {
                break;
            }
            if (!writtenIds.add(hit.path("_id").asText())) {
                continue;
            }
            Map<String, String> key = new LinkedHashMap<>();
            for (String f : s.groupBy()) {
                List<String> values = new ArrayList<>();
                hit.path("fields").path(f).forEach(v -> values.add(text(v)));
                key.put(f, values.isEmpty() ? null : String.join(",", values.stream().sorted().toList()));
            }
            out.add(new Observed(key, 0, -1, 0));
        }
        return out;
    }

    /** One threshold window on Elasticsearch, with the signal history's must_not; the history is updated with its alerts. */
    private List<Observed> thresholdWithHistory(EngineIndex index, JsonNode query, RuleTimestamp time, AlertRuleSpec.Threshold t,
                                                AlertRuns.Window window, Map<Map<String, String>, Instant> history, int maxSignals) {
        // getSignalHistory keeps an entry while lastSignalTimestamp > tuple.from
        history.values().removeIf(last -> !last.isAfter(window.from()));
        // the runs of several executions place events by @timestamp: the history's ranges and max_timestamp read it
        assertThat(history.isEmpty() || !time.overridden()).isTrue();
        ObjectNode body = search(query, time, window.from(), window.to());
        if (!history.isEmpty()) {
            ArrayNode mustNot = ((ObjectNode) body.path("query").path("bool")).putArray("must_not");
            history.forEach((key, last) -> {
                ArrayNode filter = mustNot.addObject().putObject("bool").putArray("filter");
                ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
                range.put("lte", DateValues.isoMillis(last));
                range.put("format", "strict_date_optional_time");
                key.forEach((field, value) -> filter.addObject().putObject("term").put(field, value));
            });
        }
        ObjectNode composite = body.putObject("aggs").putObject("thresholdTerms");
        ObjectNode spec = composite.putObject("composite");
        spec.put("size", 10000);
        ArrayNode sources = spec.putArray("sources");
        t.fields().forEach(f -> sources.addObject().putObject(f).putObject("terms").put("field", f));
        ObjectNode aggs = composite.putObject("aggs");
        aggs.putObject("max_timestamp").putObject("max").put("field", "@timestamp");
        t.cardinality().ifPresent(c -> aggs.putObject("cardinality_count").putObject("cardinality").put("field", c));
        List<Observed> out = new ArrayList<>();
        for (JsonNode bucket : post(index, body).path("aggregations").path("thresholdTerms").path("buckets")) {
            long docCount = bucket.path("doc_count").asLong();
            long cardinality = t.cardinality().isPresent() ? bucket.path("cardinality_count").path("value").asLong() : -1;
            if (out.size() == maxSignals) {
                break; // findThresholdSignals: buckets.slice(0, maxSignals); the history is built from the alerts written
            }
            if (docCount >= t.value() && (t.cardinality().isEmpty() || cardinality >= t.cardinalityValue())) {
                Map<String, String> key = key(bucket.path("key"));
                out.add(new Observed(key, docCount, cardinality, 0));
                Instant last = Instant.ofEpochMilli(bucket.path("max_timestamp").path("value").asLong());
                history.merge(key, last, (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        return out;
    }

    private static int compareKeys(Map<String, String> a, Map<String, String> b) {
        return sorted(List.of(new Observed(a, 0, 0, 0))).get(0).compareTo(sorted(List.of(new Observed(b, 0, 0, 0))).get(0));
    }

    private static String label(AlertRuleSpec spec) {
        if (spec.threshold().isPresent()) {
            AlertRuleSpec.Threshold t = spec.threshold().get();
            return "threshold" + t.fields() + ">=" + t.value() + t.cardinality().map(c -> "," + c + ">=" + t.cardinalityValue()).orElse("");
        }
        if (spec.newTerms().isPresent()) {
            return "new_terms" + spec.newTerms().get().fields() + " since " + spec.newTerms().get().historyWindowStart();
        }
        AlertRuleSpec.Suppression s = spec.suppression().orElseThrow();
        return "suppression" + s.groupBy() + (s.suppressMissing() ? "" : " doNotSuppress");
    }

    /** The rule's settings and neighbours of them, so that alerts, quiet groups and edge values all occur. */
    private List<AlertRuleSpec> variants(AlertRuleSpec spec) {
        List<AlertRuleSpec> out = new ArrayList<>();
        out.add(spec);
        if (spec.threshold().isPresent()) {
            AlertRuleSpec.Threshold t = spec.threshold().get();
            for (List<String> fields : List.of(t.fields(), List.<String>of(), List.of("source.ip", "user.name"), TYPED_GROUP, FLOAT_GROUP)) {
                for (long value : new long[]{2, 5}) {
                    out.add(with(spec, new AlertRuleSpec.Threshold(fields, value, Optional.empty(), 0)));
                    out.add(with(spec, new AlertRuleSpec.Threshold(fields, value, Optional.of("user.name"), 2)));
                }
            }
            // max_signals 2 over source.ip: the first two qualifying groups in the composite's (ip) order
            out.add(new AlertRuleSpec(spec.type(), spec.from(), spec.to(), 2,
                    Optional.of(new AlertRuleSpec.Threshold(List.of("source.ip"), 1, Optional.empty(), 0)), Optional.empty(), Optional.empty()));
        }
        if (spec.newTerms().isPresent()) {
            for (List<String> fields : List.of(List.of("user.name"), List.of("host.id", "user.name"), List.of("process.pid"))) {
                for (String history : List.of("now-14d", "now-2d")) {
                    out.add(new AlertRuleSpec(spec.type(), spec.from(), spec.to(), spec.maxSignals(), Optional.empty(),
                            Optional.of(new AlertRuleSpec.NewTerms(fields, history)), Optional.empty()));
                }
            }
        }
        if (spec.suppression().isPresent() && spec.type().equals("query")) {
            for (boolean suppressMissing : new boolean[]{true, false}) {
                for (List<String> groupBy : List.of(List.of("host.name", "user.name"), List.of("user.name"), List.of("source.ip"), TYPED_GROUP, FLOAT_GROUP)) {
                    // max_signals 2: the composite aggregation's first two buckets (key order, a missing value last)
                    // are the groups that alert; not with doNotSuppress, whose one-by-one alerts of events missing a
                    // field Kibana takes by @timestamp, ties in the shard's order, which this test does not pin down
                    for (int maxSignals : suppressMissing ? new int[]{spec.maxSignals(), 2} : new int[]{spec.maxSignals()}) {
                        out.add(new AlertRuleSpec(spec.type(), spec.from(), spec.to(), maxSignals, Optional.empty(), Optional.empty(),
                                Optional.of(new AlertRuleSpec.Suppression(groupBy, Optional.empty(), suppressMissing))));
                    }
                }
            }
        }
        return out.stream().map(v -> v.keyedBy(ecs)).toList();
    }

    private static AlertRuleSpec with(AlertRuleSpec spec, AlertRuleSpec.Threshold threshold) {
        return new AlertRuleSpec(spec.type(), spec.from(), spec.to(), spec.maxSignals(), Optional.of(threshold),
                Optional.empty(), Optional.empty());
    }

    /** Streams of events the rules' queries partly match, with small value pools so that groups and repeats occur. */
    private List<Stream> randomStreams(AlertRuleSpec spec, int count, Random random) {
        Instant now = Instant.parse("2024-05-01T12:00:00Z");
        List<Stream> streams = new ArrayList<>();
        // 9.9.9.9 and 10.0.0.10 sort differently as addresses and as strings
        // ::ffff:10.0.0.9 is 10.0.0.9 as an ip field stores it
        String[] ips = {"10.0.0.5", "10.0.0.9", "10.0.0.10", "9.9.9.9", "192.168.1.20", "::ffff:10.0.0.9", "2001:DB8:0:0:0:0:0:1",
                "2001:db8::1"};
        // process.pid is a long (5.7 and "5" are stored as 5, "10.2" as 10), event.created a date (three ways
        // to write 10:00:00Z, two to write a millisecond later)
        JsonNode[] pids = {JSON.valueToTree(5), JSON.valueToTree("5"), JSON.valueToTree(5.7), JSON.valueToTree(9),
                JSON.valueToTree(10), JSON.valueToTree("10.2")};
        JsonNode[] created = {JSON.valueToTree("2024-05-01T10:00:00Z"), JSON.valueToTree("2024-05-01T12:00:00+02:00"),
                JSON.valueToTree(1714557600000L), JSON.valueToTree("2024-05-01T10:00:00.001Z"), JSON.valueToTree("1714557600001")};
        // the last is longer than user.name's ignore_above (1024): not indexed, so no group has it
        String[] users = {"alice", "bob", "carol", "dave", "x".repeat(1025)};
        String[] hosts = {"host-1", "host-2"};
        // event.risk_score is a float: 5.1 is stored as the float nearest it
        JsonNode[] scores = {JSON.valueToTree(5.1), JSON.valueToTree("5.1"), JSON.valueToTree(5), JSON.valueToTree(7.25)};
        String[] exes = {"C:\\Windows\\System32\\whoami.exe", "C:\\Temp\\rclone.exe", "C:\\Windows\\explorer.exe"};
        for (int s = 0; s < count; s++) {
            int n = 3 + random.nextInt(25);
            Duration span = spec.newTerms().isPresent() ? Duration.ofDays(20) : Duration.ofMinutes(9);
            List<Instant> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Instant t = now.minusMillis((long) (random.nextDouble() * span.toMillis()));
                // Some events exactly on the edges the executors compare against.
                if (random.nextInt(10) == 0) {
                    t = RuleAlerts.resolve(spec.from(), now);
                } else if (spec.newTerms().isPresent() && random.nextInt(10) == 0) {
                    t = RuleAlerts.resolve(random.nextBoolean() ? "now-14d" : "now-2d", now);
                }
                times.add(t);
            }
            times.sort(null);
            List<ObjectNode> events = new ArrayList<>();
            for (Instant t : times) {
                ObjectNode e = JSON.createObjectNode();
                e.put("@timestamp", t.toString());
                boolean authentication = spec.threshold().isPresent();
                ObjectNode event = e.putObject("event");
                ingested(event, t, spec, now, new Random(31L * s + events.size()));
                event.putArray("category").add(authentication ? "authentication" : "process");
                event.putArray("type").add("start");
                event.put("outcome", random.nextInt(5) == 0 ? "success" : "failure");
                if (random.nextInt(8) != 0) {
                    if (random.nextInt(6) == 0) {
                        e.putObject("source").putArray("ip").add(pick(ips, random)).add(pick(ips, random));
                    } else {
                        e.putObject("source").put("ip", pick(ips, random));
                    }
                }
                if (random.nextInt(7) != 0) {
                    if (random.nextInt(8) == 0) {
                        e.putObject("user").putArray("name").add(pick(users, random)).add(pick(users, random));
                    } else {
                        e.putObject("user").put("name", pick(users, random));
                    }
                }
                String host = pick(hosts, random);
                e.putObject("host").put("id", host).put("name", host);
                String exe = pick(exes, random);
                ObjectNode process = e.putObject("process").put("executable", exe).put("name", exe.substring(exe.lastIndexOf('\\') + 1));
                if (random.nextInt(6) != 0) {
                    process.set("pid", pids[random.nextInt(pids.length)]);
                }
                if (random.nextInt(6) != 0) {
                    event.set("created", created[random.nextInt(created.length)]);
                }
                if (random.nextInt(4) != 0) {
                    event.set("risk_score", scores[random.nextInt(scores.length)]);
                }
                events.add(e);
            }
            streams.add(new Stream("random stream " + s, now, events));
        }
        return streams;
    }

    /**
     * Most events get an {@code event.ingested} (a random of their own, so the streams' other values stay as they
     * were): up to eight minutes after {@code @timestamp} (ingest lag), sometimes half a minute before it (a sender's
     * clock ahead), sometimes exactly on the window's start, as text or epoch milliseconds. About a quarter have none.
     */
    private static void ingested(ObjectNode event, Instant timestamp, AlertRuleSpec spec, Instant now, Random random) {
        int kind = random.nextInt(8);
        if (kind < 2) {
            return;
        }
        Instant ingested = kind == 2 ? timestamp.minusSeconds(30) : kind == 3 ? RuleAlerts.resolve(spec.from(), now)
                : timestamp.plusMillis((long) (random.nextDouble() * Duration.ofMinutes(8).toMillis()));
        if (random.nextBoolean()) {
            event.put("ingested", ingested.toEpochMilli());
        } else {
            event.put("ingested", ingested.toString());
        }
    }

    private static String pick(String[] values, Random random) {
        return values[random.nextInt(values.length)];
    }

    /**
     * Two schedules: two overlapping runs, one on time, one three intervals late (its catch-up windows after the
     * events); and a run, then one twelve minutes later whose catch-up windows (two, for a 5m interval and 6m look-back)
     * and its own window all hold events — each window has a {@code max_signals} of its own.
     */
    private static List<List<Instant>> schedules(Stream stream, Duration interval) {
        return List.of(List.of(stream.now().minus(Duration.ofMinutes(6)), stream.now().minus(Duration.ofMinutes(3)),
                        stream.now(), stream.now().plus(interval.multipliedBy(3))),
                List.of(stream.now().minus(Duration.ofMinutes(12)), stream.now()));
    }

    /** The stream's events with ruleforge's verdict on the rule's query, placed by {@code time}. */
    private List<StreamEvent> streamEvents(CompiledRule rule, Stream stream, RuleTimestamp time) {
        List<DslEvaluator.Verdict> verdicts = evaluator.decide(rule.searchDsl().orElseThrow(), stream.events());
        List<StreamEvent> events = new ArrayList<>();
        for (int i = 0; i < stream.events().size(); i++) {
            events.add(StreamEvent.of(i, stream.events().get(i), time, verdicts.get(i).matched()));
        }
        return events;
    }

    private List<Observed> ruleforge(CompiledRule rule, AlertRuleSpec spec, Stream stream) {
        AlertRun run = RuleAlerts.run(spec, streamEvents(rule, stream, spec.time()), stream.now());
        List<Observed> out = new ArrayList<>();
        for (Alert a : run.alerts()) {
            out.add(new Observed(a.key(), spec.threshold().isPresent() ? a.count() : 0,
                    a.cardinality().orElse(-1), a.suppressed()));
        }
        return out;
    }

    // ---- the searches Kibana's executors send ----

    /** The stream in an index of its own, mapped with ECS as the rules' indices are. */
    private EngineIndex indexed(Stream stream) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (int i = 0; i < stream.events().size(); i++) {
            byId.put("e" + i, stream.events().get(i));
        }
        return elasticsearch.indexOf("ruleforge-alerts", ecs, byId);
    }

    private List<Observed> elasticsearch(EngineIndex index, CompiledRule rule, AlertRuleSpec spec, Stream stream) {
        Instant from = RuleAlerts.resolve(spec.from(), stream.now());
        Instant to = RuleAlerts.resolve(spec.to(), stream.now());
        JsonNode query = rule.searchDsl().orElseThrow();
        if (spec.threshold().isPresent()) {
            return threshold(index, query, spec.time(), spec.threshold().get(), spec.maxSignals(), from, to);
        }
        if (spec.newTerms().isPresent()) {
            return newTerms(index, query, spec.time(), spec.newTerms().get(), from, to);
        }
        return suppression(index, query, spec, from, to);
    }

    private List<Observed> threshold(EngineIndex index, JsonNode query, RuleTimestamp time, AlertRuleSpec.Threshold t, int maxSignals,
                                     Instant from, Instant to) {
        ObjectNode body = search(query, time, from, to);
        if (t.fields().isEmpty()) {
            body.put("track_total_hits", true);
            t.cardinality().ifPresent(c -> body.putObject("aggs").putObject("cardinality_count").putObject("cardinality").put("field", c));
            JsonNode response = post(index, body);
            long total = response.path("hits").path("total").path("value").asLong();
            long cardinality = t.cardinality().isPresent() ? response.path("aggregations").path("cardinality_count").path("value").asLong() : -1;
            if (total >= t.value() && (t.cardinality().isEmpty() || cardinality >= t.cardinalityValue())) {
                return List.of(new Observed(Map.of(), total, cardinality, 0));
            }
            return List.of();
        }
        // a single run has no signal history
        return thresholdWithHistory(index, query, time, t, new AlertRuns.Window(from, to), new TreeMap<>(AlertsDifferentialIT::compareKeys), maxSignals);
    }

    private List<Observed> newTerms(EngineIndex index, JsonNode query, RuleTimestamp time, AlertRuleSpec.NewTerms n, Instant from, Instant to) {
        Instant history = RuleAlerts.resolve(n.historyWindowStart(), to);
        // Phase 1: the terms (combinations) of the window.
        ObjectNode recent = search(query, time, from, to);
        ArrayNode sources = recent.putObject("aggs").putObject("new_terms").putObject("composite").put("size", 10000).putArray("sources");
        n.fields().forEach(f -> sources.addObject().putObject(f).putObject("terms").put("field", f));
        List<JsonNode> buckets = new ArrayList<>();
        post(index, recent).path("aggregations").path("new_terms").path("buckets").forEach(buckets::add);
        if (buckets.isEmpty()) {
            return List.of();
        }
        // Phase 2: their first time seen over history…to; new when after the window's start.
        ObjectNode page = search(query, time, history, to);
        ArrayNode filter = (ArrayNode) page.path("query").path("bool").path("filter");
        ArrayNode should = filter.addObject().putObject("bool").putArray("should");
        for (JsonNode bucket : buckets) {
            ArrayNode must = should.addObject().putObject("bool").putArray("must");
            bucket.path("key").fields().forEachRemaining(e -> must.addObject().putObject("match").set(e.getKey(), e.getValue()));
        }
        ObjectNode agg = page.putObject("aggs").putObject("new_terms");
        ArrayNode pageSources = agg.putObject("composite").put("size", 10000).putArray("sources");
        n.fields().forEach(f -> pageSources.addObject().putObject(f).putObject("terms").put("field", f));
        // first seen: min of kibana.combined_timestamp, a painless runtime field (the override where the event has it, else
        // @timestamp); this node has no painless, so with a fallback as a min per side of an exists filter
        ObjectNode subAggs = agg.putObject("aggs");
        if (time.secondary().isEmpty()) {
            subAggs.putObject("first_seen").putObject("min").put("field", time.primary());
        } else {
            ObjectNode with = subAggs.putObject("with_override");
            with.putObject("filter").putObject("exists").put("field", time.primary());
            with.putObject("aggs").putObject("first_seen").putObject("min").put("field", time.primary());
            ObjectNode without = subAggs.putObject("fallback");
            without.putObject("filter").putObject("bool").putObject("must_not").putObject("exists").put("field", time.primary());
            without.putObject("aggs").putObject("first_seen").putObject("min").put("field", time.secondary().get());
        }
        List<Map<String, String>> recentKeys = buckets.stream().map(b -> key(b.path("key"))).toList();
        List<Observed> out = new ArrayList<>();
        for (JsonNode bucket : post(index, page).path("aggregations").path("new_terms").path("buckets")) {
            Map<String, String> key = key(bucket.path("key"));
            // Kibana's filtering_agg bucket selector: params.first_seen_value > params.start_time (the window's start).
            double firstSeen = Double.POSITIVE_INFINITY;
            for (JsonNode seen : List.of(bucket.path("first_seen"), bucket.path("with_override").path("first_seen"),
                    bucket.path("fallback").path("first_seen"))) {
                if (seen.path("value").isNumber()) {
                    firstSeen = Math.min(firstSeen, seen.path("value").asDouble());
                }
            }
            if (!(firstSeen > from.toEpochMilli())) {
                continue;
            }
            // The batch filter matches events by each field separately, so other combinations of their values come
            // back too; only the window's combinations are candidates (as Kibana keeps them).
            if (recentKeys.contains(key)) {
                out.add(new Observed(key, 0, -1, 0));
            }
        }
        return out;
    }

    /** One run: no bucket history, no earlier alert. */
    private List<Observed> suppression(EngineIndex index, JsonNode query, AlertRuleSpec spec, Instant from, Instant to) {
        List<Observed> out = new ArrayList<>();
        List<JsonNode> buckets = suppressionBuckets(index, query, spec, new AlertRuns.Window(from, to), Map.of());
        for (JsonNode bucket : buckets) {
            out.add(new Observed(key(bucket.path("key")), 0, -1, bucket.path("doc_count").asLong() - 1));
        }
        out.addAll(unsuppressedEvents(index, query, spec, new AlertRuns.Window(from, to), spec.maxSignals() - buckets.size(), new HashSet<>()));
        return out;
    }

    /**
     * The buckets of {@code groupAndBulkCreate}'s search: the composite over {@code group_by} (size
     * {@code max_signals}; with {@code suppress} a missing bucket, {@code missing_order: 'last'}; with
     * {@code doNotSuppress} none), top hit, min and max {@code @timestamp}, and the bucket history's {@code must_not}
     * (per bucket: its non-null terms, {@code must_not exists} for its null ones, {@code @timestamp} from the window's
     * start to the bucket's end).
     */
    private List<JsonNode> suppressionBuckets(EngineIndex index, JsonNode query, AlertRuleSpec spec, AlertRuns.Window window,
                                              Map<Map<String, String>, Instant> history) {
        AlertRuleSpec.Suppression s = spec.suppression().orElseThrow();
        assertThat(history.isEmpty() || !spec.time().overridden()).isTrue();
        ObjectNode body = search(query, spec.time(), window.from(), window.to());
        if (!history.isEmpty()) {
            ArrayNode mustNot = ((ArrayNode) body.path("query").path("bool").path("filter")).addObject().putObject("bool").putArray("must_not");
            history.forEach((key, end) -> {
                ObjectNode bucket = mustNot.addObject().putObject("bool");
                ArrayNode missing = bucket.putArray("must_not");
                ArrayNode filter = bucket.putArray("filter");
                key.forEach((field, value) -> {
                    if (value == null) {
                        missing.addObject().putObject("exists").put("field", field);
                    } else {
                        filter.addObject().putObject("term").put(field, value);
                    }
                });
                ObjectNode range = filter.addObject().putObject("range").putObject("@timestamp");
                range.put("gte", DateValues.isoMillis(window.from()));
                range.put("lte", DateValues.isoMillis(end));
                range.put("format", "strict_date_optional_time");
            });
        }
        ObjectNode groups = body.putObject("aggs").putObject("eventGroups");
        ObjectNode composite = groups.putObject("composite");
        composite.put("size", spec.maxSignals());
        ArrayNode sources = composite.putArray("sources");
        s.groupBy().forEach(f -> {
            ObjectNode terms = sources.addObject().putObject(f).putObject("terms").put("field", f);
            if (s.suppressMissing()) {
                terms.put("missing_bucket", true).put("missing_order", "last");
            }
        });
        ObjectNode aggs = groups.putObject("aggs");
        ObjectNode topHits = aggs.putObject("topHits").putObject("top_hits").put("size", 1);
        topHits.putArray("sort").addObject().putObject("@timestamp").put("order", "asc").put("unmapped_type", "date");
        aggs.putObject("max_timestamp").putObject("max").put("field", "@timestamp");
        aggs.putObject("min_timestamp").putObject("min").put("field", "@timestamp");
        List<JsonNode> out = new ArrayList<>();
        post(index, body).path("aggregations").path("eventGroups").path("buckets").forEach(out::add);
        return out;
    }

    /** The query within the window, {@code buildTimeRangeFilter} on the rule's time fields. */
    private ObjectNode search(JsonNode query, RuleTimestamp time, Instant from, Instant to) {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", 0);
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(query.deepCopy());
        filter.add(time.rangeFilter(from, to));
        return body;
    }

    private JsonNode post(EngineIndex index, ObjectNode body) {
        EngineClient.Response response = elasticsearch.client().post("/" + index.name() + "/_search", body);
        assertThat(response.ok()).as("search " + body + ": " + (response.ok() ? "" : response.errorReason())).isTrue();
        return response.body();
    }

    private static Map<String, String> key(JsonNode key) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = key.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().isNull() ? null : text(e.getValue()));
        }
        return out;
    }

    private static String text(JsonNode value) {
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return number.scale() <= 0 ? number.toBigInteger().toString() : number.toPlainString();
        }
        return value.asText();
    }

    private static List<String> sorted(List<Observed> alerts) {
        return alerts.stream().map(o -> new TreeMap<>(o.key().entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())))) + " count="
                        + o.count() + " cardinality=" + o.cardinality() + " suppressed=" + o.suppressed())
                .sorted().toList();
    }
}
