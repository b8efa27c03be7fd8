package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.ruleforge.lucene.LuceneParseResult;
import io.ruleforge.lucene.LuceneParser;
import io.ruleforge.testing.SharedFolder;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DSL of every lucene-language rule of Elastic's corpus, and of a set of Lucene queries using each construct,
 * equals what Kibana's own {@code buildEsQuery} (8.9, {@code test-tools/kbn-oracle/lucene.js}) makes of it with the
 * detection engine's options; and Lucene's parser accepts every corpus query (Elasticsearch runs them).
 */
class LuceneConformanceTest {

    private static final List<String> CONSTRUCTS = List.of(
            "event.category:process AND process.name:chmod",
            "process.args:(g+s OR /2[0-9]{3}/) AND NOT user.name:root",
            "destination.port:[1024 TO *] OR destination.port:<80",
            "message:\"access denied\" AND _exists_:user.name",
            "process.name:power* AND host.os.type:windows",
            "file.path:C\\:\\\\Windows\\\\*",
            "   ");

    @Test
    void everyCorpusLuceneRuleCompilesToKibanasQueryString() throws Exception {
        Optional<KibanaOracle> oracle = KibanaOracle.locate();
        Assumptions.assumeTrue(oracle.isPresent(), "node or test-tools/kbn-oracle/node_modules is missing");
        List<String> corpus = corpusLuceneQueries(SharedFolder.require("corpus"));
        assertThat(corpus).as("lucene rules in the corpus").isNotEmpty();
        for (String query : corpus) {
            assertThat(LuceneParser.parse(query)).as(query).isInstanceOf(LuceneParseResult.Success.class);
        }
        List<String> queries = new ArrayList<>(corpus);
        queries.addAll(CONSTRUCTS);
        List<ObjectNode> answers = oracle.get().translateLucene(queries);
        for (int i = 0; i < queries.size(); i++) {
            assertThat(answers.get(i).has("error")).as("Kibana failed on %s: %s", queries.get(i), answers.get(i)).isFalse();
            assertThat(LuceneQueryDsl.of(queries.get(i))).as(queries.get(i)).isEqualTo(KibanaOracle.dsl(answers.get(i)));
        }
        System.out.printf("lucene conformance: %d corpus rules and %d constructs equal Kibana's buildEsQuery%n",
                corpus.size(), CONSTRUCTS.size());
    }

    private static List<String> corpusLuceneQueries(Path corpus) throws IOException {
        TomlMapper toml = new TomlMapper();
        List<String> queries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(corpus)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".toml")).sorted().toList()) {
                String text = Files.readString(file);
                if (!text.contains("lucene")) {
                    continue;
                }
                JsonNode rule = toml.readTree(text).path("rule");
                if ("lucene".equals(rule.path("language").asText()) && rule.path("query").isTextual()) {
                    queries.add(rule.path("query").asText());
                }
            }
        }
        return queries;
    }
}
