package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.dsl.ExceptionFilter;
import io.ruleforge.dsl.KibanaFilters;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.rule.ExceptionEntry;
import io.ruleforge.rule.ExceptionItem;
import io.ruleforge.rule.ExceptionLists;
import io.ruleforge.rule.ValueList;
import io.ruleforge.testing.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule's exception items leave out of its search exactly the events a real Elasticsearch leaves out: random
 * exception lists (every entry type Kibana builds — match, match_any, wildcard, exists, nested, and value lists of
 * keyword, ip and ip_range — included and excluded,
 * with and without os_types, on keyword, ip, number and nested fields) are turned into the search Kibana sends
 * ({@link ExceptionFilter}, then {@link KibanaFilters}: the query in {@code bool.filter}, the items in
 * {@code bool.must_not}) and run on random events by Elasticsearch, by the evaluator that decides fixtures and by the
 * compiled matcher replay uses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExceptionFilterDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    private static final SourcePosition AT = SourcePosition.ofFile("exceptions/x.toml");
    /**
     * Value lists as Kibana's list client hands them over: keyword lists in the events' letter cases, ip lists of
     * both families, ip_range lists of dash ranges (a single address as a-a), CIDR blocks, a mix, and an empty one.
     */
    private static final ExceptionLists LISTS = ExceptionLists.of(List.of(), List.of(
            new ValueList("users", "keyword", List.of("svc_backup", "SCAN-01"), AT),
            new ValueList("hosts", "keyword", List.of("scan-01", "ws-7", "nobody"), AT),
            new ValueList("bad-ips", "ip", List.of("10.1.2.3", "2001:db8::1"), AT),
            new ValueList("ranges", "ip_range", List.of("10.1.2.0-10.1.2.3", "192.168.4.4-192.168.4.4", "2001:db8::-2001:db8::ff"), AT),
            new ValueList("blocks", "ip_range", List.of("192.168.0.0/16", "203.0.113.0/24"), AT),
            new ValueList("mixed", "ip_range", List.of("10.0.0.0/8", "203.0.113.1-203.0.113.1"), AT),
            new ValueList("none", "ip_range", List.of(), AT),
            new ValueList("no-hosts", "keyword", List.of(), AT)));

    @RegisterExtension
    final TestElasticsearch elasticsearch = new TestElasticsearch();
    private final FieldSchema ecs = EcsSchemas.defaultSchema();

    @Test
    void exceptionItemsLeaveOutWhatElasticsearchLeavesOut() {
        Random random = new Random(27);
        Map<String, JsonNode> events = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            events.put("e" + i, event(random));
        }
        List<JsonNode> searches = new ArrayList<>();
        for (int s = 0; s < 120; s++) {
            List<ExceptionItem> items = new ArrayList<>();
            for (int i = 1 + random.nextInt(3); i > 0; i--) {
                items.add(item(random));
            }
            ObjectNode query = JsonNodeFactory.instance.objectNode();
            query.putObject("match_all");
            searches.add(KibanaFilters.and(query, KibanaFilters.of(JSON.createArrayNode().add(ExceptionFilter.of(items, LISTS).orElseThrow()))));
        }
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        int excluded = 0;
        try (EngineIndex index = elasticsearch.indexOf("ruleforge-exceptions", ecs, events)) {
            for (ThreeWayVerdicts verdicts : ThreeWayVerdicts.decide(index, searches, events, ecs, CLOCK)) {
                compared += events.size();
                excluded += events.size() - verdicts.engine().size();
                if (!verdicts.agree()) {
                    disagreements.add(verdicts.search() + ": Elasticsearch keeps " + verdicts.engine().size() + ", the evaluator "
                            + verdicts.evaluator().size() + ", replay " + verdicts.replay().size() + "; e.g. "
                            + verdicts.firstDifference(events));
                }
            }
        }
        System.out.printf("exception filter differential: %d searches x %d events = %d verdicts (%d left out by exceptions)"
                + " compared with Elasticsearch, %d disagreements%n", searches.size(), events.size(), compared, excluded,
                disagreements.size());
        // the generated items must leave out some events and keep others, or the comparison shows nothing
        assertThat(excluded).isGreaterThan(compared / 20).isLessThan(compared - compared / 20);
        assertThat(disagreements).isEmpty();
    }

    private static ExceptionItem item(Random random) {
        List<ExceptionEntry> entries = new ArrayList<>();
        for (int i = 1 + random.nextInt(2); i > 0; i--) {
            entries.add(entry(random, random.nextInt(8) == 0));
        }
        List<String> os = random.nextInt(4) == 0 ? List.of(pick(random, "windows", "linux")) : List.of();
        return new ExceptionItem("i", "item", os, entries, Optional.empty(), AT, JSON.createObjectNode());
    }

    private static ExceptionEntry entry(Random random, boolean nested) {
        if (nested) {
            List<ExceptionEntry> inner = new ArrayList<>();
            inner.add(new ExceptionEntry.Match("indicator.ip", random.nextInt(4) == 0, pick(random, "203.0.113.9", "198.51.100.7")));
            if (random.nextBoolean()) {
                inner.add(new ExceptionEntry.Match("matched.field", false, pick(random, "source.ip", "destination.ip")));
            }
            return new ExceptionEntry.Nested("threat.enrichments", inner);
        }
        boolean excluded = random.nextInt(4) == 0;
        return switch (random.nextInt(8)) {
            case 0 -> new ExceptionEntry.Match(pick(random, "process.name", "user.name", "host.name"), excluded,
                    pick(random, "cmd.exe", "CMD.EXE", "svc_backup", "scan-01", "ws-7"));
            case 1 -> new ExceptionEntry.MatchAny(pick(random, "host.name", "user.name"), excluded,
                    random.nextBoolean() ? List.of("scan-01") : List.of("scan-01", "svc_backup", "ws-7"));
            case 2 -> new ExceptionEntry.Wildcard(pick(random, "process.executable", "user.name"), excluded,
                    pick(random, "C:\\\\Program Files\\\\*", "*\\\\cmd.exe", "svc_*", "SVC_*", "?cmd*"));
            case 3 -> new ExceptionEntry.Exists(pick(random, "user.name", "process.parent.name", "source.ip"), excluded);
            case 4 -> new ExceptionEntry.Match("source.ip", excluded, pick(random, "10.1.2.3", "192.168.0.0/16", "2001:db8::1"));
            case 5 -> new ExceptionEntry.Match("destination.port", excluded, pick(random, "443", "3389"));
            case 6 -> random.nextBoolean()
                    ? new ExceptionEntry.ValueList(pick(random, "user.name", "host.name"), excluded, pick(random, "users", "hosts", "no-hosts"), "keyword")
                    : new ExceptionEntry.ValueList("source.ip", excluded, "bad-ips", "ip");
            default -> new ExceptionEntry.ValueList("source.ip", excluded, pick(random, "ranges", "blocks", "mixed", "none"), "ip_range");
        };
    }

    private static JsonNode event(Random random) {
        ObjectNode event = JSON.createObjectNode();
        ObjectNode process = event.putObject("process");
        process.put("name", pick(random, "cmd.exe", "CMD.EXE", "powershell.exe"));
        if (random.nextBoolean()) {
            process.put("executable", pick(random, "C:\\Program Files\\Tool\\cmd.exe", "C:\\Windows\\System32\\cmd.exe",
                    "C:\\program files\\x.exe", "xcmd.exe"));
        }
        if (random.nextBoolean()) {
            process.putObject("parent").put("name", "explorer.exe");
        }
        if (random.nextInt(4) > 0) {
            event.putObject("user").put("name", pick(random, "svc_backup", "SVC_BACKUP", "bob", "scan-01"));
        }
        ObjectNode host = event.putObject("host");
        host.put("name", pick(random, "scan-01", "ws-7", "dc-1"));
        if (random.nextInt(3) > 0) {
            host.putObject("os").put("type", pick(random, "windows", "linux", "Windows"));
        }
        if (random.nextInt(3) > 0) {
            event.putObject("source").put("ip", pick(random, "10.1.2.3", "192.168.4.4", "2001:db8::1", "203.0.113.1"));
        }
        if (random.nextBoolean()) {
            event.putObject("destination").put("port", random.nextBoolean() ? 443 : 3389);
        }
        if (random.nextInt(3) == 0) {
            var enrichments = event.putObject("threat").putArray("enrichments");
            for (int i = 1 + random.nextInt(2); i > 0; i--) {
                ObjectNode enrichment = enrichments.addObject();
                enrichment.putObject("indicator").put("ip", pick(random, "203.0.113.9", "198.51.100.7"));
                enrichment.putObject("matched").put("field", pick(random, "source.ip", "destination.ip"));
            }
        }
        return event;
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
