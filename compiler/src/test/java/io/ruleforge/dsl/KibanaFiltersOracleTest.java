package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleDocument;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.ExceptionList;
import io.ruleforge.rule.ExceptionListLoader;
import io.ruleforge.testing.SharedFolder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link KibanaFilters} against Kibana 8.9's own {@code buildEsQuery} (the npm build of {@code @kbn/es-query}, through
 * {@code test-tools/kbn-oracle/filters.js}): every {@code filters} and {@code threat_filters} array of Elastic's rules,
 * the shapes the corpus lacks — combined OR/AND filters, legacy phrase matches, top-level legacy keys, a filter
 * without a query, disabled ones and ones without {@code meta} — and the exception filter of the project's lists.
 */
class KibanaFiltersOracleTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String[] SHAPES = {
        """
        [{"meta": {"type": "combined", "relation": "OR", "params": [
           {"meta": {}, "query": {"match_phrase": {"user.name": "alice"}}},
           {"meta": {"negate": true}, "query": {"match_phrase": {"host.name": "ws-1"}}}]}}]""",
        """
        [{"meta": {"type": "combined", "relation": "AND", "negate": true, "params": [
           {"meta": {}, "query": {"match_phrase": {"user.name": "alice"}}},
           {"meta": {"disabled": true}, "query": {"match_phrase": {"user.name": "bob"}}},
           {"meta": {"type": "combined", "params": [{"meta": {}, "exists": {"field": "process.pid"}}]}}]}}]""",
        """
        [{"meta": {}, "query": {"match": {"user.name": {"query": "alice", "type": "phrase"}}}},
         {"meta": {"negate": true}, "match": {"host.name": {"query": "ws-1", "type": "phrase"}}},
         {"meta": {}, "match": {"host.name": {"query": "ws-1"}}}]""",
        """
        [{"exists": {"field": "process.pid"}},
         {"meta": {"negate": true}, "range": {"process.pid": {"gte": 4, "lt": 8}}},
         {"meta": {}, "match_all": {}},
         {"meta": {"negate": true}, "$state": {"store": "appState"}},
         {"meta": {"disabled": true, "negate": true}, "query": {"term": {"user.name": "SYSTEM"}}},
         {"meta": {"negate": false}, "query": {"bool": {"should": [{"term": {"a": 1}}]}}, "exists": {"field": "x"}}]""",
    };

    @Test
    void filtersBecomeTheQueriesKibanaMakesOfThem() throws Exception {
        Optional<KibanaOracle> oracle = KibanaOracle.locate();
        Assumptions.assumeTrue(oracle.isPresent(), "node or test-tools/kbn-oracle/node_modules is missing");
        List<String> inputs = new ArrayList<>(List.of(SHAPES));
        Path corpus = SharedFolder.require("corpus/detection-rules");
        LoadResult loaded = new RuleLoader(corpus).loadDirectory(corpus, List.of());
        int fromCorpus = 0;
        for (RuleDocument document : loaded.documents()) {
            for (String key : List.of("/rule/filters", "/rule/threat_filters")) {
                JsonNode filters = document.at(key);
                if (filters.isArray() && !filters.isEmpty()) {
                    inputs.add(JSON.writeValueAsString(filters));
                    fromCorpus++;
                }
            }
        }
        // the exception filter the detection engine appends after the rule's filters (getAllFilters), from the
        // project's own lists, alone and after a filter of the rule's
        ExceptionListLoader.Result project = new ExceptionListLoader(Path.of("..")).load(Path.of("../exceptions"), true);
        assertThat(project.lists().all()).isNotEmpty();
        for (ExceptionList list : project.lists().all()) {
            ObjectNode exceptionFilter = ExceptionFilter.of(list.items(), project.lists()).orElseThrow();
            inputs.add(JSON.writeValueAsString(JSON.createArrayNode().add(exceptionFilter)));
            inputs.add("[{\"meta\": {\"negate\": true}, \"query\": {\"match_phrase\": {\"user.name\": \"SYSTEM\"}}}, "
                    + JSON.writeValueAsString(exceptionFilter) + "]");
        }
        List<ObjectNode> answers = oracle.get().buildFilters(inputs);
        List<String> disagreements = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode kibana = answers.get(i).path("dsl").path("bool");
            assertThat(kibana.isObject()).as("Kibana's answer for " + inputs.get(i) + ": " + answers.get(i)).isTrue();
            JsonNode ours = KibanaFilters.of(JSON.readTree(inputs.get(i))).path("bool");
            assertThat(kibana.path("must")).isEmpty();
            assertThat(kibana.path("should")).isEmpty();
            if (!ours.path("filter").equals(kibana.path("filter")) || !ours.path("must_not").equals(kibana.path("must_not"))) {
                disagreements.add(inputs.get(i) + "\n   ruleforge: " + ours + "\n   Kibana:    " + kibana);
            }
        }
        System.out.println("Kibana filters: " + inputs.size() + " filter arrays (" + fromCorpus + " from Elastic's rules), "
                + disagreements.size() + " disagreements");
        assertThat(fromCorpus).isGreaterThanOrEqualTo(15);
        disagreements.forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(disagreements).isEmpty();
    }
}
