package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.dsl.LuceneQueryDsl;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator decides lucene-language rules (the query_string Kibana sends) as a real Elasticsearch does, for the
 * syntax it models: fielded terms, AND/OR/NOT and +/-, groups, consecutive bare terms (one text for each field's
 * analyzer, also on all fields), phrases, wildcards and prefixes, regular expressions, ranges (also ES's one-sided {@code >=}),
 * {@code _exists_} and {@code field:*}, terms on all fields, terms that analyse to nothing on a text field (left out)
 * and range bounds a text field lower-cases. Events are generated around the queries' literals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LuceneDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<String> QUERIES = List.of(
            // Elastic's corpus rule (privilege_escalation_setgid_bit_set_via_chmod)
            "event.category:process AND event.type:(start or process_started) AND process.name:chmod AND process.args:(g+s OR /2[0-9]{3}/) AND NOT user.name:root",
            "event.type:(start OR process_started)",
            "event.type:(start process_started)",
            "process.name:chmod -user.name:root",
            "+process.name:chmod +process.args:g\\+s",
            "process.args:/2[0-9]{3}/",
            "process.name:ch*",
            "process.name:CH*",
            "process.name:?hmod",
            "process.name:*",
            "_exists_:user.name",
            "NOT _exists_:user.name",
            "destination.port:[1024 TO *]",
            "destination.port:{80 TO 443]",
            "destination.port:>=1024",
            "destination.port:<443",
            "message:\"bit set\"",
            "message:bit",
            "message:(set bit)",
            "chmod",
            "process.name:(chmod OR chown) AND NOT (user.name:root OR user.name:admin)",
            "user.name:ROOT",
            // field patterns search every field they match (a black-box probe found them read as one literal field)
            "process.\\*:chmod",
            "\\*.name:root",
            "process.\\*:\"g+s\"",
            "process.\\*:ch*",
            "user.\\*:ROOT OR process.\\*:chown",
            // a clause that fails on its field matches nothing in the lenient query_string Kibana sends (probe28)
            "NOT destination.port:/4.*/",
            "user.name:root OR destination.port:[a TO b]",
            "NOT @timestamp:[now-1x TO *]",
            "process.name:/[a-/ OR user.name:root",
            "message:/(/ OR process.name:chmod",
            // an escaped space inside a prefix is part of it: one prefix, not two terms (probe28, Windows paths)
            "event.type:start\\ or*",
            "event.type:start\\ or\\ process*",
            // regular expressions as Lucene's RegExp reads them: complement, intersection; (?i) and an empty
            // alternative are no expressions there, which the lenient parser reads as no match (probe28)
            "user.name:/~(root)/",
            "user.name:/.*&~(.*t)/",
            "user.name:/(?i)root/",
            "NOT user.name:/(root|)/",
            "process.args:/[0-9]<100-3000>/",
            // a run of bare terms is one text for each field's analyzer (the keyword chmod is not "chmod ran"), a
            // wildcard term a clause of its own, and ! is NOT inside a term (probe28)
            "chmod ran",
            "chmod root*",
            "set bit 8080",
            "chmod!root",
            // a term or phrase that analyses to no tokens on a text field is left out of the query (after its AND has
            // made the clause before it required), a group or query left empty too; a keyword field keeps "-" as its
            // term, so on all fields (keyword fields among them) it is kept (lucene30)
            "process.name:chmod AND message:\\-",
            "process.name:chown OR message:\\- AND user.name:root",
            "process.name:chmod AND message:(\\- \\+)",
            "user.name:root AND (message:\"...\")",
            "message:\\-",
            "NOT (message:\\-)",
            "process.name:\\- OR \\- AND user.name:root",
            // a range's bounds on a text field are lower-cased by its search analyzer; a keyword's are not (lucene30)
            "message:[BIT TO CHMOD]",
            "message:>=SET",
            "user.name:[A TO Z]",
            // on all fields a keyword the index maps keeps the term though the event holds text only (review30)
            "chmod AND \\-",
            "message:chmod AND \\-");

    @RegisterExtension
    final TestElasticsearch elasticsearch = new TestElasticsearch();
    private final FieldSchema ecs = EcsSchemas.defaultSchema();

    @Test
    void luceneVerdictsEqualElasticsearch() {
        Random random = new Random(5);
        Map<String, JsonNode> events = new LinkedHashMap<>();
        for (int i = 0; i < 150; i++) {
            events.put("e" + i, event(random));
        }
        DslEvaluator evaluator = new DslEvaluator(ecs);
        List<String> disagreements = new ArrayList<>();
        int compared = 0;
        int fired = 0;
        try (EngineIndex index = elasticsearch.indexOf("ruleforge-lucene", ecs, events)) {
            List<JsonNode> dsl = QUERIES.stream().map(q -> (JsonNode) LuceneQueryDsl.of(q)).toList();
            List<EngineIndex.QueryHits> answers = index.search(dsl);
            for (int q = 0; q < QUERIES.size(); q++) {
                EngineIndex.QueryHits hits = answers.get(q);
                assertThat(hits.rejected()).as("Elasticsearch rejected %s: %s", QUERIES.get(q), hits.rejection()).isFalse();
                Set<String> ours = new TreeSet<>();
                for (Map.Entry<String, JsonNode> e : events.entrySet()) {
                    if (evaluator.evaluate(dsl.get(q), e.getValue()).matched()) {
                        ours.add(e.getKey());
                    }
                }
                compared += events.size();
                fired += ours.size();
                Set<String> engine = new TreeSet<>(hits.matchedIds());
                if (!engine.equals(ours)) {
                    Set<String> onlyEngine = new TreeSet<>(engine);
                    onlyEngine.removeAll(ours);
                    Set<String> onlyOurs = new TreeSet<>(ours);
                    onlyOurs.removeAll(engine);
                    disagreements.add(QUERIES.get(q) + ": only Elasticsearch " + first(onlyEngine, events)
                            + "; only ruleforge " + first(onlyOurs, events));
                }
            }
        }
        System.out.printf("lucene differential: %d queries x %d events = %d verdicts (%d fired) compared with Elasticsearch, %d disagreements%n",
                QUERIES.size(), events.size(), compared, fired, disagreements.size());
        assertThat(fired).isGreaterThan(0);
        assertThat(disagreements).isEmpty();
    }

    private static String first(Set<String> ids, Map<String, JsonNode> events) {
        return ids.isEmpty() ? "none" : ids.size() + " e.g. " + events.get(ids.iterator().next());
    }

    static JsonNode event(Random random) {
        ObjectNode event = JSON.createObjectNode();
        if (random.nextInt(12) == 0) {
            // text only: Elasticsearch still keeps a term that analyses to nothing on all fields, as the index maps
            // keyword fields the event lacks (review30)
            return event.put("message", pick(random, "chmod ran", "the bit set"));
        }
        if (random.nextInt(5) > 0) {
            event.putObject("event").put("category", random.nextInt(4) > 0 ? "process" : "network")
                    .put("type", pick(random, "start", "process_started", "start or process_started", "end"));
        }
        ObjectNode process = event.putObject("process");
        if (random.nextInt(6) > 0) {
            process.put("name", pick(random, "chmod", "chown", "CHMOD", "hmod", "-"));
        }
        if (random.nextBoolean()) {
            process.putArray("args").add("chmod").add(pick(random, "g+s", "2755", "u+s", "12755", "755"));
        }
        if (random.nextInt(3) > 0) {
            event.putObject("user").put("name", pick(random, "root", "admin", "bob", "ROOT"));
        }
        if (random.nextBoolean()) {
            event.putObject("destination").put("port", new int[]{80, 443, 1024, 8080}[random.nextInt(4)]);
        }
        if (random.nextBoolean()) {
            event.put("message", pick(random, "setgid bit set on /tmp/x", "the bit set", "set the bit", "chmod ran"));
        }
        return event;
    }

    private static String pick(Random random, String... values) {
        return values[random.nextInt(values.length)];
    }
}
