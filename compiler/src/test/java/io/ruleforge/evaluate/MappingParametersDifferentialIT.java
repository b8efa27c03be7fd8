package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.MappingFile;
import io.ruleforge.harness.IndexableValues;
import io.ruleforge.testing.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user's mapping file, installed as it is on a real Elasticsearch (the distribution the build unpacks), decides
 * events and queries as ruleforge does when it reads the same file: which events the index refuses (the fixture check,
 * RF6011), and for each query and indexed event, hit or not, or the query refused. A field ruleforge refuses as not
 * modelled (RF6016) is counted, never compared. The mappings are those a black-box probe (probe27) found decided
 * otherwise before: {@code dynamic} on an object and at the root, {@code enabled: false}, the root's
 * {@code dynamic_templates} (match, path_match, match_mapping_type, {@code {dynamic_type}}, multi-fields) and detection
 * settings, and parameters that keep fields decided ({@code index: false} with doc values).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MappingParametersDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestElasticsearch elasticsearch = new TestElasticsearch();

    @TempDir
    Path dir;

    /** One mapping, the events to index into it and the queries to run on them. */
    private record Case(String name, String mapping, List<String> events, List<String> queries) {
    }

    private static final List<Case> CASES = List.of(
            new Case("object-dynamic-false",
                    "{'mappings':{'properties':{'app':{'dynamic':false,'properties':{'k':{'type':'keyword'}}}}}}",
                    List.of("{'app':{'k':'a','extra':'x'}}", "{'app':{'k':'b','sub':{'y':'z'}}}", "{'app':{'k':'c'}}"),
                    List.of("{'term':{'app.extra':'x'}}", "{'match':{'app.extra':'x'}}", "{'exists':{'field':'app.extra'}}",
                            "{'bool':{'must_not':{'exists':{'field':'app.extra'}}}}", "{'match':{'app.sub.y':'z'}}",
                            "{'term':{'app.k':'a'}}", "{'query_string':{'query':'app.extra:x'}}")),
            new Case("root-dynamic-false",
                    "{'mappings':{'dynamic':false,'properties':{'app':{'properties':{'k':{'type':'keyword'}}}}}}",
                    List.of("{'app':{'k':'a'},'other':{'f':'x'}}", "{'app':{'k':'b','extra':'y'}}"),
                    List.of("{'match':{'other.f':'x'}}", "{'exists':{'field':'other.f'}}", "{'term':{'app.extra':'y'}}",
                            "{'term':{'app.k':'b'}}")),
            new Case("dynamic-true-under-false-root",
                    "{'mappings':{'dynamic':false,'properties':{'app':{'dynamic':true,'properties':{'k':{'type':'keyword'}}}}}}",
                    List.of("{'app':{'extra':'Hello World'}}", "{'app':{'extra':'other'}}"),
                    List.of("{'match':{'app.extra':'hello'}}", "{'term':{'app.extra.keyword':'Hello World'}}",
                            "{'exists':{'field':'app.extra'}}")),
            new Case("object-strict",
                    "{'mappings':{'properties':{'app':{'dynamic':'strict','properties':{'k':{'type':'keyword'}}}}}}",
                    List.of("{'app':{'k':'a','extra':'x'}}", "{'app':{'k':'b'}}", "{'app':{'k':'c','sub':{'y':1}}}"),
                    List.of("{'term':{'app.k':'a'}}", "{'term':{'app.k':'b'}}", "{'exists':{'field':'app.k'}}")),
            new Case("root-strict",
                    "{'mappings':{'dynamic':'strict','properties':{'app':{'properties':{'k':{'type':'keyword'}}}}}}",
                    List.of("{'app':{'k':'a'},'other':1}", "{'app':{'k':'b'}}", "{'app':{'k':'c','extra':'x'}}"),
                    List.of("{'term':{'app.k':'b'}}", "{'exists':{'field':'app.k'}}")),
            new Case("enabled-false",
                    "{'mappings':{'properties':{'app':{'properties':{'k':{'type':'keyword'},'blob':{'type':'object','enabled':false}}}}}}",
                    List.of("{'app':{'k':'a','blob':{'x':'1'}}}", "{'app':{'k':'b','blob':'str'}}", "{'app':{'k':'c','blob':[1,{'a':2}]}}",
                            "{'app':{'k':'d'}}"),
                    List.of("{'term':{'app.blob.x':'1'}}", "{'exists':{'field':'app.blob.x'}}", "{'exists':{'field':'app.blob'}}",
                            "{'bool':{'must_not':{'exists':{'field':'app.blob.x'}}}}", "{'term':{'app.k':'b'}}")),
            new Case("dynamic-template-strings-as-keyword",
                    "{'mappings':{'dynamic_templates':[{'strings':{'match_mapping_type':'string','mapping':{'type':'keyword','ignore_above':8}}}],"
                            + "'properties':{'app':{'properties':{'k':{'type':'keyword'}}}}}}",
                    List.of("{'custom':{'s':'Hello World'}}", "{'custom':{'s':'hello'}}", "{'custom':{'s':'a much longer value'}}",
                            "{'custom':{'d':'2024-01-01'}}"),
                    List.of("{'match':{'custom.s':'hello'}}", "{'term':{'custom.s':'Hello World'}}", "{'term':{'custom.s':'hello'}}",
                            "{'exists':{'field':'custom.s'}}", "{'exists':{'field':'custom.s.keyword'}}",
                            "{'wildcard':{'custom.s':{'value':'hel*'}}}", "{'range':{'custom.d':{'gte':'2023-12-31'}}}",
                            "{'query_string':{'query':'custom.s:hello'}}")),
            new Case("dynamic-template-paths-and-types",
                    "{'mappings':{'dynamic_templates':["
                            + "{'ips':{'path_match':'custom.*_ip','match_mapping_type':'string','mapping':{'type':'ip'}}},"
                            + "{'counts':{'match':'*_count','mapping':{'type':'long'}}},"
                            + "{'longs_as_keyword':{'match_mapping_type':'long','mapping':{'type':'keyword'}}},"
                            + "{'named':{'match':'label_*','mapping':{'type':'{dynamic_type}','fields':{'raw':{'type':'keyword'}}}}}],"
                            + "'properties':{'app':{'properties':{'k':{'type':'keyword'}}}}}}",
                    List.of("{'custom':{'src_ip':'10.1.2.3','port':443,'n_count':7,'label_x':'Some Text'}}",
                            "{'custom':{'src_ip':'abc'}}", "{'custom':{'n_count':'abc'}}", "{'custom':{'port':80,'n_count':'12'}}"),
                    List.of("{'term':{'custom.src_ip':'10.0.0.0/8'}}", "{'term':{'custom.port':'443'}}",
                            "{'range':{'custom.port':{'gte':'1000'}}}", "{'range':{'custom.n_count':{'gte':5}}}",
                            "{'match':{'custom.label_x':'text'}}", "{'term':{'custom.label_x.raw':'Some Text'}}",
                            "{'term':{'custom.label_x.keyword':'Some Text'}}")),
            new Case("detection-settings",
                    "{'mappings':{'date_detection':false,'numeric_detection':true,'properties':{'app':{'properties':{'k':{'type':'keyword'}}}}}}",
                    List.of("{'custom':{'d':'2024-01-01','n':'10','f':'2.5'}}", "{'custom':{'d':'2024-02-01','n':'4','f':'0.5'}}"),
                    List.of("{'query_string':{'query':'custom.d:2024*'}}", "{'term':{'custom.d.keyword':'2024-01-01'}}",
                            "{'range':{'custom.n':{'gte':5}}}", "{'range':{'custom.f':{'gt':1}}}", "{'match':{'custom.d':'2024'}}")),
            new Case("date-nanos-range",
                    "{'mappings':{'properties':{'app':{'properties':{'n':{'type':'date_nanos'}}}}}}",
                    List.of("{'app':{'n':'1969-12-31T23:59:59Z'}}", "{'app':{'n':'2262-04-11T23:47:16.854775808Z'}}", "{'app':{'n':-1}}",
                            "{'app':{'n':'1970-01-01T00:00:00Z'}}", "{'app':{'n':'2262-04-11T23:47:16.854775807Z'}}",
                            "{'app':{'n':'2024-01-01T00:00:00.123456789Z'}}"),
                    // left out: ten fraction digits, which Elasticsearch refuses; a date field of no format of its own
                    // other than @timestamp is checked for blank values and a date_nanos' range only (README)
                    List.of("{'exists':{'field':'app.n'}}", "{'range':{'app.n':{'gt':'2024-01-01T00:00:00.123456788Z'}}}")),
            new Case("neither-indexed-nor-doc-values",
                    "{'mappings':{'properties':{'app':{'properties':{'k':{'type':'keyword','index':false,'doc_values':false},"
                            + "'n':{'type':'long','index':false,'doc_values':false},'t':{'type':'text','index':false},'x':{'type':'keyword'}}}}}}",
                    List.of("{'app':{'k':'foo','n':5,'t':'hello','x':'a'}}", "{'app':{'x':'b'}}"),
                    List.of("{'term':{'app.k':'foo'}}", "{'range':{'app.n':{'gte':1}}}", "{'match':{'app.t':'hello'}}",
                            "{'exists':{'field':'app.k'}}", "{'exists':{'field':'app.t'}}", "{'bool':{'must_not':{'exists':{'field':'app.n'}}}}",
                            "{'term':{'app.x':'a'}}")),
            new Case("index-false-with-doc-values",
                    "{'mappings':{'properties':{'app':{'properties':{'k':{'type':'keyword','index':false},'n':{'type':'long','index':false},"
                            + "'i':{'type':'ip','index':false}}}}}}",
                    List.of("{'app':{'k':'foo','n':5,'i':'10.1.2.3'}}", "{'app':{'k':'bar','n':7}}"),
                    List.of("{'term':{'app.k':'foo'}}", "{'range':{'app.n':{'gte':6}}}", "{'term':{'app.i':'10.0.0.0/8'}}",
                            "{'exists':{'field':'app.i'}}", "{'wildcard':{'app.k':{'value':'f*'}}}")));

    /** Mappings whose parameters ruleforge does not model in-process: live mode's index must carry them. */
    private static final List<Case> LIVE_ONLY = List.of(
            new Case("null-value",
                    "{'mappings':{'properties':{'app':{'properties':{'v':{'type':'keyword','null_value':'NULL'},'n':{'type':'long','null_value':-1}}}}}}",
                    List.of("{'app':{'v':null,'n':null}}", "{'app':{'v':[null,'x'],'n':5}}", "{'app':{'v':[]}}"),
                    List.of("{'term':{'app.v':'NULL'}}", "{'exists':{'field':'app.v'}}", "{'range':{'app.n':{'lt':0}}}")),
            new Case("copy-to",
                    "{'mappings':{'properties':{'app':{'properties':{'a':{'type':'keyword','copy_to':'app.all'},"
                            + "'b':{'type':'keyword','copy_to':['app.all']},'all':{'type':'keyword'}}}}}}",
                    List.of("{'app':{'a':'x'}}", "{'app':{'a':'y','b':'z'}}"),
                    List.of("{'term':{'app.all':'x'}}", "{'bool':{'must':[{'term':{'app.all':'y'}},{'term':{'app.all':'z'}}]}}",
                            "{'exists':{'field':'app.all'}}")),
            new Case("analysis",
                    "{'mappings':{'properties':{'app':{'properties':{'t':{'type':'text','analyzer':'whitespace'},"
                            + "'g':{'type':'text','position_increment_gap':0},'n':{'type':'long','coerce':false}}}}}}",
                    List.of("{'app':{'t':'Hello World','g':['hello','world']}}", "{'app':{'t':'hello-world'}}", "{'app':{'n':'5'}}",
                            "{'app':{'n':5}}"),
                    List.of("{'match':{'app.t':'hello'}}", "{'match':{'app.t':'Hello'}}", "{'match_phrase':{'app.g':'hello world'}}",
                            "{'term':{'app.n':5}}")));

    /**
     * Live mode (test --engine) lets the cluster decide, in an index ruleforge creates from the rule's mapping: that
     * index must decide as the user's own index does — the one the mapping file, installed as it is, makes —, for the
     * parameters ruleforge models in-process and for those it does not (null_value, copy_to, an analyzer, coerce …).
     */
    @Test
    void liveModesIndexDecidesAsTheUsersIndexDoes() throws Exception {
        EngineClient client = elasticsearch.client();
        List<String> disagreements = new ArrayList<>();
        int pairs = 0;
        List<Case> all = new ArrayList<>(CASES);
        all.addAll(LIVE_ONLY);
        for (Case c : all) {
            String mapping = c.mapping().replace('\'', '"');
            Path file = dir.resolve("live-" + c.name() + ".json");
            Files.writeString(file, mapping);
            String users = "ruleforge-users-" + c.name();
            client.delete("/" + users);
            assertThat(client.put("/" + users, JSON.readTree(mapping)).ok()).as(c.name()).isTrue();
            try (io.ruleforge.evaluate.engine.EngineIndex live = io.ruleforge.evaluate.engine.EngineIndex.create(client,
                    MappingFile.read(file), "ruleforge-live-" + c.name())) {
                java.util.Map<String, JsonNode> events = new java.util.LinkedHashMap<>();
                for (int i = 0; i < c.events().size(); i++) {
                    events.put(String.valueOf(i), JSON.readTree(c.events().get(i).replace('\'', '"')));
                }
                Set<String> usersTook = new HashSet<>();
                events.forEach((id, event) -> {
                    if (client.put("/" + users + "/_doc/" + id + "?refresh=true", event).ok()) {
                        usersTook.add(id);
                    }
                });
                Set<String> liveTook = new HashSet<>(live.index(events).indexed());
                if (!liveTook.equals(usersTook)) {
                    disagreements.add(c.name() + ": the user's index takes events " + usersTook + ", live mode's " + liveTook);
                }
                for (String q : c.queries()) {
                    JsonNode query = JSON.readTree(q.replace('\'', '"'));
                    EngineClient.Response found = client.post("/" + users + "/_search", JSON.createObjectNode().put("size", 100).set("query", query));
                    Set<String> hits = new HashSet<>();
                    found.body().path("hits").path("hits").forEach(h -> hits.add(h.path("_id").asText()));
                    io.ruleforge.evaluate.engine.EngineIndex.QueryHits liveHits = live.search(query);
                    pairs++;
                    String expected = !found.ok() ? "rejected" : new java.util.TreeSet<>(hits).toString();
                    String lives = liveHits.rejected() ? "rejected" : new java.util.TreeSet<>(liveHits.matchedIds()).toString();
                    if (!expected.equals(lives)) {
                        disagreements.add(c.name() + " " + q + ": the user's index " + expected + ", live mode's " + lives);
                    }
                }
            }
            client.delete("/" + users);
        }
        System.out.println("live mode's index: " + all.size() + " mappings, " + pairs + " queries, " + disagreements.size() + " disagreements");
        disagreements.forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(disagreements).isEmpty();
    }

    @Test
    void mappingParametersDecideAsElasticsearchDoes() throws Exception {
        EngineClient client = elasticsearch.client();
        Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
        List<String> disagreements = new ArrayList<>();
        int events = 0;
        int pairs = 0;
        int refusedBoth = 0;
        int notModelled = 0;
        for (Case c : CASES) {
            String mapping = c.mapping().replace('\'', '"');
            Path file = dir.resolve(c.name() + ".json");
            Files.writeString(file, mapping);
            FieldSchema schema = MappingFile.read(file);
            DslEvaluator evaluator = new DslEvaluator(schema, clock);
            String index = "ruleforge-params-" + c.name();
            client.delete("/" + index);
            EngineClient.Response created = client.put("/" + index, JSON.readTree(mapping));
            assertThat(created.ok()).as("Elasticsearch takes the mapping of %s: %s", c.name(), created.errorReason()).isTrue();
            List<JsonNode> indexed = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < c.events().size(); i++) {
                JsonNode event = JSON.readTree(c.events().get(i).replace('\'', '"'));
                boolean esTakes = client.put("/" + index + "/_doc/" + i + "?refresh=true", event).ok();
                List<String> problems = IndexableValues.problems(event, schema);
                events++;
                if (esTakes == !problems.isEmpty()) {
                    disagreements.add(c.name() + " event " + i + ": Elasticsearch " + (esTakes ? "indexes" : "refuses")
                            + " it, ruleforge " + (problems.isEmpty() ? "takes it" : "refuses it: " + problems));
                }
                refusedBoth += !esTakes && !problems.isEmpty() ? 1 : 0;
                if (esTakes && problems.isEmpty()) {
                    indexed.add(event);
                    ids.add(String.valueOf(i));
                }
            }
            for (String q : c.queries()) {
                JsonNode query = JSON.readTree(q.replace('\'', '"'));
                EngineClient.Response found = client.post("/" + index + "/_search",
                        JSON.createObjectNode().put("size", 100).set("query", query));
                Set<String> hits = new HashSet<>();
                found.body().path("hits").path("hits").forEach(h -> hits.add(h.path("_id").asText()));
                for (int i = 0; i < indexed.size(); i++) {
                    pairs++;
                    String ours;
                    try {
                        ours = evaluator.evaluate(query, indexed.get(i)).matched() ? "hit" : "no hit";
                    } catch (DslEvaluationException e) {
                        if (e.isNotModelled()) {
                            notModelled++;
                            continue;
                        }
                        ours = "rejected";
                    }
                    String theirs = !found.ok() ? "rejected" : hits.contains(ids.get(i)) ? "hit" : "no hit";
                    if (!ours.equals(theirs)) {
                        disagreements.add(c.name() + " " + q + " on event " + ids.get(i) + ": Elasticsearch " + theirs + ", ruleforge " + ours);
                    }
                }
            }
            client.delete("/" + index);
        }
        System.out.println("mapping parameters: " + CASES.size() + " mappings, " + events + " events (" + refusedBoth
                + " refused by both), " + pairs + " (query, event) pairs, " + notModelled + " not modelled, "
                + disagreements.size() + " disagreements");
        disagreements.forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(disagreements).isEmpty();
    }
}
