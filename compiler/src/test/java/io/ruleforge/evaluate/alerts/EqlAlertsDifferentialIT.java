package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.fields.DateValues;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.eql.EqlParseResult;
import io.ruleforge.eql.EqlParser;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.QueryBody;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlMatch;
import io.ruleforge.evaluate.eql.EqlSettings;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.harness.cases.AlertCase;
import io.ruleforge.harness.cases.CaseEvent;
import io.ruleforge.harness.cases.CaseFileLoader;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.testing.LocalElasticsearch;
import io.ruleforge.testing.ProjectRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EQL rules' alerts equal what Kibana's EQL executor builds from Elasticsearch's answer. The request is the one
 * Kibana sends ({@code build_eql_search_request.ts}: the query, {@code size = max_signals}, a filter
 * {@code @timestamp gte from, lte to}, the fields API with {@code *} and the timestamp); the answer's events or
 * sequences become alerts and suppression groups here, written after Kibana's code — event keys from the hits'
 * {@code fields}, sequence keys from the intersection of the events' {@code _source}, in-memory first-per-key,
 * {@code doNotSuppress} partition, the {@code max_signals} cut of the written list — and are compared, in order,
 * with {@link EqlAlerts}.
 *
 * <p>The EQL endpoint needs the {@code x-pack-eql} module, which the test distribution (integ-test-zip) lacks and
 * Maven Central does not publish. Without it the run says so and Elasticsearch still decides everything it can: the
 * window filter and the {@code fields} values, with the same request body sent to {@code _search} (sorted by
 * {@code @timestamp}); the EQL query then runs over the documents Elasticsearch returns with ruleforge's evaluator
 * (whose EQL semantics are checked against Elasticsearch's own EQL spec files by {@code EqlConformanceTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EqlAlertsDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TIMESTAMP = "@timestamp";

    private LocalElasticsearch node;
    private EngineClient client;
    private boolean eqlEndpoint;
    private final FieldSchema ecs = EcsSchemas.defaultSchema();
    private final Map<String, List<JsonNode>> windowHits = new java.util.HashMap<>();

    @BeforeAll
    void startElasticsearch() {
        node = LocalElasticsearch.start();
        client = new EngineClient(EngineConnection.anonymous(node.url()));
        eqlEndpoint = client.get("/_nodes/plugins").body().path("nodes").toString().contains("\"x-pack-eql\"");
        System.out.println("Elasticsearch started: " + client.describeEngine() + (eqlEndpoint ? ", with the EQL endpoint"
                : ", without the EQL endpoint (no x-pack-eql module): the EQL query runs over the documents it returns"));
    }

    @AfterAll
    void stopElasticsearch() {
        if (node != null) {
            node.close();
        }
    }

    private record Stream(String name, Instant now, List<ObjectNode> events, List<Instant> times) {
    }

    /**
     * An EQL query under test with its settings, base spec and its own cases; {@code onRandomStreams} when the random
     * streams' events are what it looks for (the project's EQL rules without cases look for others: they would only
     * stay quiet).
     */
    private record Subject(String name, String text, EqlQuery query, EqlSettings settings, AlertRuleSpec spec, List<Stream> cases,
                           boolean onRandomStreams) {
    }

    /** One alert as both sides can state it: the events (ids, building blocks in order), the group key, suppressed. */
    private record Observed(List<String> ids, Map<String, String> key, long suppressed) {
        @Override
        public String toString() {
            return ids + (key.isEmpty() ? "" : " " + new TreeMap<>(key.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, e -> String.valueOf(e.getValue()))))) + (suppressed > 0 ? " +" + suppressed : "");
        }
    }

    @Test
    void projectCasesAndRandomStreamsGetTheAlertsKibanaBuildsFromElasticsearch() {
        List<Subject> subjects = subjects();
        int compared = 0;
        int alerting = 0;
        int suppressing = 0;
        Map<String, Integer> byVariant = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        // each stream is indexed once: a subject's own cases, and the random streams every subject runs over
        Map<Stream, List<Subject>> runs = new LinkedHashMap<>();
        subjects.forEach(subject -> subject.cases().forEach(c -> runs.put(c, List.of(subject))));
        List<Subject> random = subjects.stream().filter(Subject::onRandomStreams).toList();
        randomStreams(30, new Random(17)).forEach(stream -> runs.put(stream, random));
        for (Map.Entry<Stream, List<Subject>> run : runs.entrySet()) {
            Stream stream = run.getKey();
            EngineIndex index = indexed(stream);
            List<Integer> shardOrder = shardOrder(index, stream);
            for (Subject subject : run.getValue()) {
                for (Map.Entry<String, AlertRuleSpec> variant : variants(subject.spec()).entrySet()) {
                    List<Observed> ours = ruleforge(subject, variant.getValue(), stream, shardOrder);
                    List<Observed> theirs = kibana(index, subject, variant.getValue(), stream);
                    compared++;
                    byVariant.merge(variant.getKey(), 1, Integer::sum);
                    alerting += ours.isEmpty() ? 0 : 1;
                    suppressing += ours.stream().anyMatch(o -> o.suppressed() > 0) ? 1 : 0;
                    if (!ours.toString().equals(theirs.toString())) {
                        disagreements.add(subject.name() + " " + variant.getKey() + " on " + stream.name()
                                + "\n   ruleforge: " + ours + "\n   Kibana:    " + theirs);
                    }
                }
            }
            index.close();
        }
        System.out.println("EQL alerts differential (" + (eqlEndpoint ? "_eql/search" : "window and fields by Elasticsearch, EQL by ruleforge")
                + "): " + compared + " runs compared " + byVariant + ", " + alerting + " with alerts, " + suppressing
                + " with suppressed alerts, " + disagreements.size() + " disagreements");
        disagreements.stream().limit(20).forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(disagreements).isEmpty();
        assertThat(compared).isGreaterThan(300);
        assertThat(alerting).as("runs with alerts").isGreaterThan(100);
        assertThat(suppressing).as("runs with suppressed alerts").isGreaterThan(50);
    }

    // ---- what is compared ----

    private List<Subject> subjects() {
        List<Subject> out = new ArrayList<>();
        Path fixtures = projectPath("ruleforge.fixtures");
        CaseFileLoader loader = new CaseFileLoader(Path.of("").toAbsolutePath());
        for (CompiledRule rule : compileProjectRules()) {
            if (rule.eqlSource().isEmpty()) {
                continue;
            }
            List<Stream> streams = new ArrayList<>();
            CaseFileLoader.Result cases = loader.load(fixtures.resolve(rule.rule().fileStem()));
            assertThat(cases.diagnostics()).isEmpty();
            for (AlertCase c : cases.cases()) {
                streams.add(new Stream(c.file(), c.now(), c.events().stream().map(CaseEvent::document).toList(),
                        c.events().stream().map(CaseEvent::timestamp).toList()));
            }
            out.add(new Subject(rule.rule().fileStem(), rule.rule().document().at("/rule/query").asText(), rule.eqlSource().get(), EqlAlerts.settings(rule),
                    AlertRuleSpec.of(rule.rule()), streams, !streams.isEmpty()));
        }
        AlertRuleSpec plain = new AlertRuleSpec("eql", "now-6m", "now", 100, Optional.empty(), Optional.empty(), Optional.empty());
        String events = "process where process.name in (\"whoami.exe\", \"net.exe\")";
        out.add(new Subject("event query", events, parse(events), EqlSettings.defaults(), plain, List.of(), true));
        String sequence = "sequence with maxspan=90s [process where process.name == \"whoami.exe\"] "
                + "[process where process.name in (\"net.exe\", \"net1.exe\")]";
        out.add(new Subject("sequence without by", sequence, parse(sequence), EqlSettings.defaults(), plain, List.of(), true));
        return out;
    }

    /** The subject's settings and suppression variants of them, a small max_signals among them so that cuts occur. */
    private static Map<String, AlertRuleSpec> variants(AlertRuleSpec spec) {
        Map<String, AlertRuleSpec> out = new LinkedHashMap<>();
        out.put("as written", spec);
        out.put("max_signals 3", with(spec, 3, Optional.empty()));
        out.put("by host+user", with(spec, 100, suppression(true, "host.name", "user.name")));
        out.put("by host+user doNotSuppress", with(spec, 100, suppression(false, "host.name", "user.name")));
        out.put("by user, max_signals 3", with(spec, 3, suppression(true, "user.name")));
        out.put("by user doNotSuppress, max_signals 4", with(spec, 4, suppression(false, "user.name")));
        // a long and a date, written in several forms of one stored value (event queries key them by the fields API)
        out.put("by pid+created", with(spec, 100, suppression(true, "process.pid", "event.created")));
        return out;
    }

    private static Optional<AlertRuleSpec.Suppression> suppression(boolean suppressMissing, String... groupBy) {
        return Optional.of(new AlertRuleSpec.Suppression(List.of(groupBy), Optional.empty(), suppressMissing));
    }

    private static AlertRuleSpec with(AlertRuleSpec spec, int maxSignals, Optional<AlertRuleSpec.Suppression> suppression) {
        return new AlertRuleSpec(spec.type(), spec.from(), spec.to(), maxSignals, Optional.empty(), Optional.empty(), suppression)
                .keyedBy(EcsSchemas.defaultSchema());
    }

    /**
     * Process starts on two hosts within 9 minutes (some exactly at the window's start, some sharing a timestamp),
     * users that repeat, are missing, multi-valued (with repeats), numbers, or spelt with a dotted key.
     */
    private static List<Stream> randomStreams(int count, Random random) {
        Instant now = Instant.parse("2024-05-01T12:00:00Z");
        String[] names = {"whoami.exe", "net.exe", "net1.exe", "cmd.exe"};
        String[] users = {"alice", "bob", "SYSTEM"};
        String[] hosts = {"ws-1", "ws-2"};
        List<Stream> streams = new ArrayList<>();
        for (int s = 0; s < count; s++) {
            int n = 4 + random.nextInt(22);
            List<Instant> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Instant t = now.minusSeconds(random.nextInt(540));
                if (random.nextInt(12) == 0) {
                    t = now.minus(Duration.ofMinutes(6));
                } else if (random.nextInt(10) == 0 && !times.isEmpty()) {
                    t = times.get(times.size() - 1);
                }
                times.add(t);
            }
            times.sort(null);
            List<ObjectNode> events = new ArrayList<>();
            for (Instant t : times) {
                ObjectNode e = JSON.createObjectNode();
                e.put(TIMESTAMP, t.toString());
                e.putObject("event").putArray("category").add("process");
                ((ObjectNode) e.get("event")).putArray("type").add("start");
                String host = hosts[random.nextInt(hosts.length)];
                e.putObject("host").put("name", host).put("id", "id-" + host);
                ObjectNode process = e.putObject("process").put("name", names[random.nextInt(names.length)]);
                // process.pid is a long (5.7 and "5" are 5), event.created a date (10:00:00Z written three ways)
                JsonNode[] pids = {JSON.valueToTree(5), JSON.valueToTree("5"), JSON.valueToTree(5.7), JSON.valueToTree(9)};
                JsonNode[] created = {JSON.valueToTree("2024-05-01T10:00:00Z"), JSON.valueToTree("2024-05-01T12:00:00+02:00"),
                        JSON.valueToTree(1714557600000L), JSON.valueToTree("2024-05-01T10:00:01Z")};
                if (random.nextInt(5) != 0) {
                    process.set("pid", pids[random.nextInt(pids.length)]);
                }
                if (random.nextInt(5) != 0) {
                    ((ObjectNode) e.get("event")).set("created", created[random.nextInt(created.length)]);
                }
                int shape = random.nextInt(14);
                if (shape == 0) {
                    // no user
                } else if (shape == 1) {
                    e.putObject("user").putArray("name").add(users[random.nextInt(users.length)]).add(users[random.nextInt(users.length)]);
                } else if (shape == 2) {
                    e.putObject("user").put("name", 5);
                } else if (shape == 3) {
                    e.put("user.name", users[random.nextInt(users.length)]);
                } else {
                    e.putObject("user").put("name", users[random.nextInt(2)]);
                }
                events.add(e);
            }
            streams.add(new Stream("random stream " + s, now, events, times));
        }
        return streams;
    }

    /**
     * ruleforge's run of a stream whose events are listed in {@code order}: the order events of the same timestamp
     * are taken in (a stream's file order; here the shard's, see {@link #shardOrder}).
     */
    private List<Observed> ruleforge(Subject subject, AlertRuleSpec spec, Stream stream, List<Integer> order) {
        List<StreamEvent> events = new ArrayList<>();
        for (int i : order) {
            events.add(new StreamEvent(i, stream.events().get(i), stream.times().get(i), false));
        }
        List<Observed> out = new ArrayList<>();
        for (Alert a : EqlAlerts.run(spec, subject.query(), ecs, subject.settings(), events, stream.now()).alerts()) {
            out.add(new Observed(a.events().stream().map(i -> "e" + i).toList(), a.key(), a.suppressed()));
        }
        return out;
    }

    // ---- Elasticsearch, and Kibana's executor over its answer ----

    private EngineIndex indexed(Stream stream) {
        EngineIndex index = EngineIndex.create(client, ecs, "ruleforge-eql-alerts");
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        for (int i = 0; i < stream.events().size(); i++) {
            byId.put("e" + i, stream.events().get(i));
        }
        assertThat(index.index(byId).rejected()).as("events Elasticsearch refuses in " + stream.name()).isEmpty();
        return index;
    }

    /**
     * The stream's events (their indexes) in the shard's document order. EQL breaks a tie of timestamps (and
     * tiebreakers) by {@code _shard_doc}, and Lucene does not promise that one bulk request's documents keep their
     * order in the shard: a refresh during the request or a merge of segments that were not adjacent changes it (a CI
     * machine saw two events of one timestamp come back swapped). ruleforge breaks such ties by the stream's order, so
     * it is given the stream in the order Elasticsearch will use.
     */
    private List<Integer> shardOrder(EngineIndex index, Stream stream) {
        ObjectNode search = JSON.createObjectNode();
        search.put("size", Math.max(1, stream.events().size()));
        search.put("_source", false);
        search.putArray("sort").add("_doc");
        List<Integer> order = new ArrayList<>();
        post("/" + index.name() + "/_search", search).path("hits").path("hits")
                .forEach(hit -> order.add(Integer.parseInt(hit.path("_id").asText().substring(1))));
        assertThat(order).as("every event of " + stream.name() + " found in the shard").hasSize(stream.events().size());
        return order;
    }

    /** Kibana's {@code buildEqlSearchRequest}: the EQL body with the window filter, size and fields. */
    private static ObjectNode eqlRequest(Subject subject, AlertRuleSpec spec, Instant from, Instant to) {
        ObjectNode body = JSON.createObjectNode();
        body.put("size", spec.maxSignals());
        body.put("query", subject.text());
        ArrayNode filter = body.putObject("filter").putObject("bool").putArray("filter");
        ObjectNode range = filter.addObject().putObject("range").putObject(TIMESTAMP);
        range.put("lte", DateValues.isoMillis(to));
        range.put("gte", DateValues.isoMillis(from));
        range.put("format", "strict_date_optional_time");
        ObjectNode exceptions = filter.addObject().putObject("bool");
        for (String clause : List.of("must", "filter", "should", "must_not")) {
            exceptions.putArray(clause);
        }
        body.put("allow_partial_search_results", true);
        EqlSettings settings = subject.settings();
        if (!settings.timestampField().equals(TIMESTAMP)) {
            body.put("timestamp_field", settings.timestampField());
        }
        if (!settings.eventCategoryField().equals("event.category")) {
            body.put("event_category_field", settings.eventCategoryField());
        }
        if (settings.tiebreakerField() != null) {
            body.put("tiebreaker_field", settings.tiebreakerField());
        }
        ArrayNode fields = body.putArray("fields");
        fields.addObject().put("field", "*").put("include_unmapped", true);
        fields.addObject().put("field", TIMESTAMP).put("format", "strict_date_optional_time");
        return body;
    }

    /** The results as Elasticsearch's EQL answer has them: a list of hits per event or per sequence. */
    private List<List<JsonNode>> search(EngineIndex index, Subject subject, AlertRuleSpec spec, Instant from, Instant to) {
        ObjectNode request = eqlRequest(subject, spec, from, to);
        List<List<JsonNode>> results = new ArrayList<>();
        if (eqlEndpoint) {
            JsonNode hits = post("/" + index.name() + "/_eql/search", request).path("hits");
            hits.path("events").forEach(e -> results.add(List.of(e)));
            for (JsonNode sequence : hits.path("sequences")) {
                List<JsonNode> events = new ArrayList<>();
                sequence.path("events").forEach(e -> {
                    if (!e.path("missing").asBoolean(false)) {
                        events.add(e);
                    }
                });
                results.add(events);
            }
            return results;
        }
        ObjectNode search = JSON.createObjectNode();
        search.put("size", 10_000);
        search.putObject("query").putObject("bool").set("filter", request.path("filter").path("bool").path("filter").deepCopy());
        search.set("fields", request.get("fields").deepCopy());
        // EQL orders by timestamp, then tiebreaker, then its implicit tiebreaker _shard_doc: the document order
        ArrayNode sort = search.putArray("sort");
        sort.addObject().putObject(subject.settings().timestampField()).put("order", "asc");
        if (subject.settings().tiebreakerField() != null) {
            sort.addObject().putObject(subject.settings().tiebreakerField()).put("order", "asc");
        }
        sort.add("_doc");
        // the same for every variant of a window: asked once
        List<JsonNode> hits = windowHits.computeIfAbsent(index.name() + " " + from + " " + to, k -> {
            List<JsonNode> found = new ArrayList<>();
            post("/" + index.name() + "/_search", search).path("hits").path("hits").forEach(found::add);
            return found;
        });
        Map<JsonNode, JsonNode> hitOf = new IdentityHashMap<>();
        List<JsonNode> sources = new ArrayList<>();
        for (JsonNode hit : hits) {
            sources.add(hit.get("_source"));
            hitOf.put(hit.get("_source"), hit);
        }
        EqlEvaluator eql = new EqlEvaluator(ecs, subject.settings().withSize(spec.maxSignals()).withResultPosition(EqlSettings.ResultPosition.HEAD));
        for (EqlMatch match : eql.evaluate(subject.query(), sources)) {
            results.add(match.events().stream().filter(e -> e != null).map(hitOf::get).toList());
        }
        return results;
    }

    private List<Observed> kibana(EngineIndex index, Subject subject, AlertRuleSpec spec, Stream stream) {
        Instant from = RuleAlerts.resolve(spec.from(), stream.now());
        Instant to = RuleAlerts.resolve(spec.to(), stream.now());
        List<List<JsonNode>> results = search(index, subject, spec, from, to);
        boolean sequences = subject.query().body() instanceof QueryBody.Sequence;
        if (spec.suppression().isEmpty()) {
            return results.stream().map(r -> new Observed(ids(r), Map.of(), 0)).toList();
        }
        AlertRuleSpec.Suppression s = spec.suppression().get();
        if (!sequences) {
            // bulkCreateSuppressedAlertsInMemory → alertWithSuppression's suppressAlertsInMemory: sorted by
            // suppression start (the hit's @timestamp from the fields API), stably
            results = new ArrayList<>(results);
            results.sort(Comparator.comparing(r -> Instant.parse(r.get(0).path("fields").path(TIMESTAMP).path(0).asText())));
        }
        List<Observed> unsuppressible = new ArrayList<>();
        Map<String, Observed> groups = new LinkedHashMap<>();
        for (List<JsonNode> result : results) {
            Map<String, String> key = new LinkedHashMap<>();
            StringBuilder instance = new StringBuilder();
            boolean missing = false;
            JsonNode shell = sequences ? shellOf(result) : null;
            for (String field : s.groupBy()) {
                // events: event.fields[field] (an array, absent when there is no value); sequences: robustGet on the shell
                JsonNode value = sequences ? (shell == null ? null : robustGet(shell, field)) : result.get(0).path("fields").get(field);
                missing |= value == null || value.isNull();
                key.put(field, value == null || value.isNull() ? null : display(value));
                instance.append(value == null || value.isNull() ? "null" : canonical(value)).append('|');
            }
            if (missing && !s.suppressMissing()) {
                unsuppressible.add(new Observed(ids(result), key, 0));
                continue;
            }
            groups.merge(instance.toString(), new Observed(ids(result), key, 0),
                    (first, later) -> new Observed(first.ids(), first.key(), first.suppressed() + 1));
        }
        List<Observed> created = cut(unsuppressible, spec.maxSignals(), sequences);
        int room = spec.maxSignals() - created.size();
        List<Observed> out = new ArrayList<>(created);
        out.addAll(room > 0 ? cut(new ArrayList<>(groups.values()), room, sequences) : groups.values());
        return out;
    }

    /** bulkCreate's and alertWithSuppression's maxAlerts: the shell alerts within the first max documents written. */
    private static List<Observed> cut(List<Observed> alerts, int max, boolean sequences) {
        List<Observed> out = new ArrayList<>();
        int documents = 0;
        for (Observed a : alerts) {
            if (documents < max) {
                out.add(a);
            }
            documents += sequences ? 1 + a.ids().size() : 1;
        }
        return out;
    }

    private static List<String> ids(List<JsonNode> hits) {
        return hits.stream().map(h -> h.path("_id").asText()).toList();
    }

    /** objectArrayIntersection over the events' _source; null when it is undefined. */
    private static JsonNode shellOf(List<JsonNode> hits) {
        JsonNode acc = hits.get(0).get("_source");
        for (JsonNode hit : hits.subList(1, hits.size())) {
            acc = acc == null ? null : intersect(acc, hit.get("_source"));
        }
        return acc;
    }

    /** objectPairIntersection: JavaScript's ===, lodash intersection for arrays; undefined (null here) when empty. */
    private static JsonNode intersect(JsonNode a, JsonNode b) {
        ObjectNode out = JSON.createObjectNode();
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!b.has(k)) {
                continue;
            }
            JsonNode x = a.get(k);
            JsonNode y = b.get(k);
            if (x.isObject() && y.isObject()) {
                JsonNode inner = intersect(x, y);
                if (inner != null) {
                    out.set(k, inner);
                }
            } else if (!x.isContainerNode() && !y.isContainerNode() && canonical(x).equals(canonical(y))) {
                out.set(k, x);
            } else if (x.isArray() || y.isArray()) {
                ArrayNode common = JSON.createArrayNode();
                for (JsonNode v : x.isArray() ? x : JSON.createArrayNode().add(x)) {
                    boolean inOther = false;
                    for (JsonNode w : y.isArray() ? y : JSON.createArrayNode().add(y)) {
                        inOther |= !v.isContainerNode() && !w.isContainerNode() && canonical(v).equals(canonical(w));
                    }
                    boolean seen = false;
                    for (JsonNode c : common) {
                        seen |= canonical(c).equals(canonical(v));
                    }
                    if (inOther && !seen) {
                        common.add(v);
                    }
                }
                out.set(k, common);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** robustGet: a dotted key directly, or nested objects along it (prefix keys with dots allowed). */
    private static JsonNode robustGet(JsonNode document, String key) {
        if (document.hasNonNull(key)) {
            return document.get(key);
        }
        String[] parts = key.split("\\.");
        for (int i = 1; i < parts.length; i++) {
            String head = String.join(".", List.of(parts).subList(0, i));
            if (document.hasNonNull(head)) {
                JsonNode inner = document.get(head);
                return inner.isObject() ? robustGet(inner, String.join(".", List.of(parts).subList(i, parts.length))) : null;
            }
        }
        return null;
    }

    /** A term as object-hash tells terms apart: arrays sorted, numbers by value, strings apart from numbers. */
    private static String canonical(JsonNode value) {
        if (value.isArray()) {
            List<String> elements = new ArrayList<>();
            value.forEach(v -> elements.add(canonical(v)));
            elements.sort(null);
            return "[" + String.join(",", elements) + "]";
        }
        if (value.isNumber()) {
            return "n" + value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.isTextual() ? "s" + value.asText() : value.toString();
    }

    /** The key as ruleforge reports it: values as text, several sorted and joined by commas. */
    private static String display(JsonNode value) {
        if (value.isArray()) {
            List<String> texts = new ArrayList<>();
            value.forEach(v -> texts.add(text(v)));
            texts.sort(null);
            return String.join(",", texts);
        }
        return text(value);
    }

    private static String text(JsonNode value) {
        if (value.isNumber()) {
            BigDecimal number = value.decimalValue().stripTrailingZeros();
            return number.scale() <= 0 ? number.toBigInteger().toString() : number.toPlainString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private JsonNode post(String path, ObjectNode body) {
        EngineClient.Response response = client.post(path, body);
        assertThat(response.ok()).as(path + " " + body + ": " + (response.ok() ? "" : response.errorReason())).isTrue();
        return response.body();
    }

    private static EqlQuery parse(String query) {
        return ((EqlParseResult.Success) EqlParser.parse(query)).query();
    }

    private List<CompiledRule> compileProjectRules() {
        return ProjectRules.compile(new CompilerSettings(KibanaVersion.V8_12, ProjectRules.fieldTypes(ecs), DslOptions.DEFAULT));
    }

    private static Path projectPath(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property " + property + " (set by failsafe)").isNotNull();
        return Path.of(value);
    }
}
