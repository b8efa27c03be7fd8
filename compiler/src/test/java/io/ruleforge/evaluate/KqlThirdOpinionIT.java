package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.testing.LocalElasticsearch;
import io.ruleforge.testing.KqlCorpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A third opinion on the KQL itself: Elasticsearch's own {@code {"kql": …}} query (module x-pack-kql) run on the
 * same index as the DSL Kibana 8.12 made of the same KQL, for Elastic's prebuilt rules. Where the two differ,
 * Kibana's translation and ES's KQL disagree (the evaluator follows Kibana's DSL, which is what the rules
 * send). x-pack-kql 8.19.21 cannot parse value lists ({@code field:(a or b)}); those queries are skipped and
 * counted.
 */
class KqlThirdOpinionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VALUE_LIST = Pattern.compile(":\\s*\\(");

    private record Entry(String id, String kql, JsonNode dsl) {
    }

    /**
     * Where ES's KQL and Kibana's translation are known to differ, and why (checked with {@code _validate/query}).
     * The evaluator follows Kibana's DSL — what the rules send — and agrees with Elasticsearch on it.
     */
    private static final Map<String, String> KNOWN_DIFFERENCES = Map.of(
            "rules/integrations/aws/privilege_escalation_iam_customer_managed_policy_attached_to_role.toml",
            "`related.entity: arn\\:aws\\:iam\\:\\:aws\\:policy*` on an unmapped (dynamic text) field: Kibana sends a "
                    + "query_string wildcard term arn:aws:iam::aws:policy* that no token of the standard analyzer matches; "
                    + "ES's KQL analyses the value and drops the *, querying any of the tokens arn:aws:iam, aws:policy");

    @Test
    void elasticsearchsOwnKqlAgreesWithKibanasDslOnTheCorpus() throws IOException {
        List<Entry> entries = new ArrayList<>();
        int skippedLists = 0;
        for (KqlCorpus.Row row : KqlCorpus.read("kibana-8.12_ecs.jsonl")) {
            if (VALUE_LIST.matcher(row.query()).find()) {
                skippedLists++;
            } else {
                entries.add(new Entry(row.id(), row.query(), row.dsl()));
            }
        }
        FieldSchema ecs = EcsSchemas.defaultSchema();
        DifferentialEvents generator = new DifferentialEvents(ecs);
        generator.addFixturesUnder(Path.of(System.getProperty("ruleforge.fixtures")));
        entries.forEach(e -> generator.addFromQuery(e.id(), e.dsl()));

        List<JsonNode> dslQueries = entries.stream().map(Entry::dsl).toList();
        List<JsonNode> kqlQueries = new ArrayList<>();
        for (Entry e : entries) {
            ObjectNode kql = JSON.createObjectNode();
            kql.putObject("kql").put("query", e.kql());
            kqlQueries.add(kql);
        }
        Map<String, String> kqlRejects = new TreeMap<>();
        List<String> disagreements = new ArrayList<>();
        Set<String> known = new TreeSet<>();
        long pairs = 0;
        long matches = 0;
        try (LocalElasticsearch node = LocalElasticsearch.start()) {
            EngineClient client = new EngineClient(EngineConnection.anonymous(node.url()));
            EngineDifferential grouping = new EngineDifferential(client, ecs);
            for (Map<String, JsonNode> group : grouping.groupByDynamicTypes(generator.events())) {
                try (EngineIndex index = EngineIndex.create(client, ecs, "ruleforge-kql")) {
                    List<String> ids = index.index(group).indexed();
                    List<EngineIndex.QueryHits> byDsl = index.search(dslQueries);
                    List<EngineIndex.QueryHits> byKql = index.search(kqlQueries);
                    for (int q = 0; q < entries.size(); q++) {
                        if (byKql.get(q).rejected()) {
                            if (byKql.get(q).rejection().contains("unknown query [kql]")) {
                                throw new AssertionError("the node has no x-pack-kql module: " + byKql.get(q).rejection());
                            }
                            kqlRejects.put(entries.get(q).id(), byKql.get(q).rejection());
                            continue;
                        }
                        if (byDsl.get(q).rejected()) {
                            disagreements.add(entries.get(q).id() + ": Kibana's DSL is rejected (" + byDsl.get(q).rejection()
                                    + ") but ES's KQL is not");
                            continue;
                        }
                        pairs += ids.size();
                        matches += byDsl.get(q).matchedIds().size();
                        Set<String> onlyDsl = new TreeSet<>(byDsl.get(q).matchedIds());
                        onlyDsl.removeAll(byKql.get(q).matchedIds());
                        Set<String> onlyKql = new TreeSet<>(byKql.get(q).matchedIds());
                        onlyKql.removeAll(byDsl.get(q).matchedIds());
                        if (!onlyDsl.isEmpty() || !onlyKql.isEmpty()) {
                            if (KNOWN_DIFFERENCES.containsKey(entries.get(q).id())) {
                                known.add(entries.get(q).id());
                                continue;
                            }
                            disagreements.add(entries.get(q).id() + " `" + entries.get(q).kql().strip() + "`: only Kibana's DSL matches "
                                    + onlyDsl.stream().limit(3).toList() + ", only ES's KQL matches " + onlyKql.stream().limit(3).toList());
                        }
                    }
                }
            }
        }
        System.out.printf("KQL third opinion: %d corpus queries compared as ES KQL vs Kibana 8.12 DSL on %d events, %,d pairs "
                        + "(%,d matches); %d skipped (value lists, unsupported by x-pack-kql %s); %d rejected by ES's KQL; %d differ "
                        + "as known and explained; %d disagree otherwise%n",
                entries.size() - kqlRejects.size(), generator.events().size(), pairs, matches, skippedLists, "8.19.21",
                kqlRejects.size(), known.size(), disagreements.size());
        known.forEach(id -> System.out.println("  known KQL difference " + id + ": " + KNOWN_DIFFERENCES.get(id)));
        kqlRejects.forEach((id, reason) -> System.out.println("  kql rejects " + id + ": " + reason));
        disagreements.forEach(d -> System.out.println("  KQL DISAGREE " + d));
        assertThat(pairs).isGreaterThan(100_000);
        assertThat(disagreements).as("queries where ES's KQL and Kibana's DSL differ").isEmpty();
    }
}
