package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.testing.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Indicator match verdicts equal a real Elasticsearch's: events and indicators are indexed, the indicators are
 * selected with a threat query in Elasticsearch and by the evaluator, and Kibana's named threat filter built from
 * them is searched on the events; the hits and each hit's {@code matched_queries} must be ruleforge's alerts and
 * their matched clauses. Cases: generated mappings (one entry, OR of items, AND of entries, negated entries) over
 * generated indicator sets (single, multi-valued and missing indicator values, CIDR blocks) and events (multi-valued
 * fields, one mapped field missing or different).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IndicatorMatchDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CASES = 400;

    @RegisterExtension
    final TestElasticsearch elasticsearch = new TestElasticsearch();
    private final FieldSchema ecs = EcsSchemas.defaultSchema();

    private static final String[] IPS = {"203.0.113.7", "203.0.113.9", "198.51.100.1", "10.0.0.5"};
    // ECS maps threat.indicator.ip as ip: an indicator cannot hold a CIDR block there
    private static final String[] INDICATOR_IPS = {"203.0.113.7", "203.0.113.9", "198.51.100.1", "10.0.0.5"};
    private static final String[] DOMAINS = {"evil.example", "EVIL.example", "good.example"};
    private static final int[] PORTS = {4444, 80, 443};
    private static final String[] PROVIDERS = {"sensor", "laptop"};

    private static final List<ThreatMapping> MAPPINGS = List.of(
            mapping(List.of(entry("destination.ip", "threat.indicator.ip"))),
            mapping(List.of(entry("source.ip", "threat.indicator.ip")), List.of(entry("destination.ip", "threat.indicator.ip"))),
            mapping(List.of(entry("destination.ip", "threat.indicator.ip"), entry("destination.port", "threat.indicator.port"))),
            mapping(List.of(entry("destination.ip", "threat.indicator.ip"), entry("destination.port", "threat.indicator.port")),
                    List.of(entry("dns.question.name", "threat.indicator.url.domain"))),
            mapping(List.of(entry("destination.ip", "threat.indicator.ip"),
                    new ThreatMapping.Entry("host.name", "threat.indicator.provider", true))),
            mapping(List.of(entry("dns.question.name", "threat.indicator.url.domain"))));

    private static ThreatMapping.Entry entry(String field, String value) {
        return new ThreatMapping.Entry(field, value, false);
    }

    @SafeVarargs
    private static ThreatMapping mapping(List<ThreatMapping.Entry>... items) {
        return new ThreatMapping(java.util.Arrays.stream(items).map(ThreatMapping.Item::new).toList());
    }

    @Test
    void alertsAndMatchedClausesEqualElasticsearch() {
        Random random = new Random(17);
        Map<String, JsonNode> events = new LinkedHashMap<>();
        for (int i = 0; i < 80; i++) {
            events.put("event-" + i, event(random));
        }
        Map<String, JsonNode> indicatorDocs = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            indicatorDocs.put("indicator-" + i, indicator(random));
        }
        DslEvaluator evaluator = new DslEvaluator(ecs);
        int compared = 0;
        int alerts = 0;
        int emptyFilters = 0;
        int generated = 0;
        long termsFilters = 0;
        List<String> disagreements = new ArrayList<>();
        try (EngineIndex eventIndex = elasticsearch.indexOf("ruleforge-tm-events", ecs, events);
             EngineIndex threatIndex = elasticsearch.indexOf("ruleforge-tm-indicators", ecs, indicatorDocs)) {
            // the threat query: indicators of type ipv4-addr or domain-name, as a threat_query would select them
            JsonNode threatQuery = json("{'terms':{'threat.indicator.type':['ipv4-addr','domain-name']}}");
            Set<String> selectedByEngine = threatIndex.search(threatQuery).matchedIds();
            List<Indicator> selected = new ArrayList<>();
            indicatorDocs.forEach((id, doc) -> {
                if (evaluator.evaluate(threatQuery, doc).matched()) {
                    selected.add(new Indicator(id, threatIndex.name(), doc));
                }
            });
            Set<String> selectedByRuleforge = selected.stream().map(Indicator::id).collect(Collectors.toCollection(TreeSet::new));
            assertThat(selectedByRuleforge).isEqualTo(new TreeSet<String>(selectedByEngine));
            List<IndicatorMatch.Event> eventList = events.entrySet().stream()
                    .map(e -> new IndicatorMatch.Event(e.getKey(), e.getValue())).toList();
            List<JsonNode> filters = new ArrayList<>();
            List<List<IndicatorAlert>> expected = new ArrayList<>();
            for (int c = 0; c < CASES; c++) {
                ThreatMapping mapping = MAPPINGS.get(c % MAPPINGS.size());
                List<Indicator> sample = new ArrayList<>();
                int size = 1 + random.nextInt(3);
                for (int i = 0; i < size; i++) {
                    sample.add(selected.get(random.nextInt(selected.size())));
                }
                IndicatorMatch match = new IndicatorMatch(mapping, "threat.indicator", evaluator);
                filters.add(match.threatFilter(sample));
                expected.add(match.alerts(eventList, sample));
                // the same case as Kibana ≥ 8.10 searches it: every single-entry item of MAPPINGS maps keyword-like
                // fields (ip ↔ ip, keyword ↔ keyword), so each takes the terms shortcut
                IndicatorMatch viaTerms = new IndicatorMatch(mapping, "threat.indicator", evaluator, entry -> true);
                filters.add(viaTerms.threatFilter(sample));
                expected.add(viaTerms.alerts(eventList, sample));
            }
            // Kibana's createThreatSignal returns early when no indicator gives the filter a clause (an empty should
            // would match every event): those cases are not sent, and ruleforge must write no alert for them
            generated = filters.size();
            termsFilters = filters.stream().filter(f -> f.toString().contains("\"terms\"")).count();
            List<Integer> sent = new ArrayList<>();
            for (int c = 0; c < filters.size(); c++) {
                if (filters.get(c).at("/bool/should").isEmpty()) {
                    emptyFilters++;
                    if (!expected.get(c).isEmpty()) {
                        disagreements.add("case " + c + ": no indicator gives a clause, yet ruleforge alerts");
                    }
                } else {
                    sent.add(c);
                }
            }
            List<EngineIndex.QueryHits> answers = eventIndex.search(sent.stream().map(filters::get).toList());
            for (int s = 0; s < sent.size(); s++) {
                int c = sent.get(s);
                EngineIndex.QueryHits hits = answers.get(s);
                assertThat(hits.rejected()).as("Elasticsearch rejected %s: %s", filters.get(c), hits.rejection()).isFalse();
                Map<String, Set<String>> engine = new LinkedHashMap<>();
                hits.matchedIds().forEach(id -> engine.put(id, new TreeSet<>(hits.matchedClauses().getOrDefault(id, List.of()))));
                Map<String, Set<String>> ours = new LinkedHashMap<>();
                expected.get(c).forEach(a -> ours.put(a.eventId(), new TreeSet<>(a.matchedQueries())));
                compared += events.size();
                alerts += ours.size();
                if (!new TreeSet<>(engine.keySet()).equals(new TreeSet<>(ours.keySet())) || !sorted(engine).equals(sorted(ours))) {
                    disagreements.add("case " + c + " " + filters.get(c) + "\n  engine " + sorted(engine) + "\n  ruleforge " + sorted(ours));
                }
            }
        }
        System.out.printf("indicator match differential: %d cases (%d event verdicts, %d alerts) compared with Elasticsearch,"
                        + " %d more without any indicator clause (Kibana sends no search), %d disagreements%n",
                generated - emptyFilters, compared, alerts, emptyFilters, disagreements.size());
        System.out.printf("  (each of the %d generated cases twice: indicator by indicator, and with the terms shortcut of"
                + " single-entry items: %d filters with a terms clause)%n", CASES, termsFilters);
        assertThat(alerts).as("the generated cases must alert sometimes").isGreaterThan(CASES / 2);
        assertThat(disagreements).isEmpty();
    }

    private static Map<String, Set<String>> sorted(Map<String, Set<String>> m) {
        return new java.util.TreeMap<>(m);
    }

    private static JsonNode event(Random random) {
        ObjectNode event = JSON.createObjectNode();
        event.put("@timestamp", "2024-05-10T12:00:00Z");
        if (random.nextInt(5) > 0) {
            event.putObject("source").put("ip", pick(random, IPS));
        }
        ObjectNode destination = event.putObject("destination");
        if (random.nextInt(4) == 0) {
            ArrayNode ips = destination.putArray("ip");
            ips.add(pick(random, IPS)).add(pick(random, IPS));
        } else if (random.nextInt(6) > 0) {
            destination.put("ip", pick(random, IPS));
        }
        if (random.nextInt(4) > 0) {
            destination.put("port", PORTS[random.nextInt(PORTS.length)]);
        }
        if (random.nextBoolean()) {
            event.putObject("dns").putObject("question").put("name", pick(random, DOMAINS));
        }
        if (random.nextInt(3) > 0) {
            event.putObject("host").put("name", pick(random, PROVIDERS));
        }
        return event;
    }

    private static JsonNode indicator(Random random) {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode indicator = doc.putObject("threat").putObject("indicator");
        boolean domain = random.nextInt(4) == 0;
        indicator.put("type", domain ? "domain-name" : random.nextInt(8) == 0 ? "file" : "ipv4-addr");
        int ipShape = random.nextInt(8);
        if (ipShape == 0) {
            indicator.putArray("ip").add(pick(random, INDICATOR_IPS)).add(pick(random, INDICATOR_IPS));
        } else if (ipShape > 1) {
            indicator.put("ip", pick(random, INDICATOR_IPS));
        }
        if (random.nextBoolean()) {
            indicator.put("port", PORTS[random.nextInt(PORTS.length)]);
        }
        if (domain || random.nextInt(3) == 0) {
            indicator.putObject("url").put("domain", pick(random, DOMAINS));
        }
        if (random.nextBoolean()) {
            indicator.put("provider", pick(random, PROVIDERS));
        }
        doc.with("threat").putObject("feed").put("name", "feed-" + random.nextInt(3));
        return doc;
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
