package io.ruleforge.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The corpora the benchmarks run on, read in place from the shared folder beside the repository (paths relative to
 * the working directory, each overridable by a system property). A missing or empty corpus stops the benchmark:
 * timing nothing would print a figure that means nothing.
 */
final class BenchCorpus {

    private BenchCorpus() {
    }

    /**
     * The query of every rule in {@code language} ({@code "eql"}, {@code "esql"}) of Elastic's detection-rules
     * corpus ({@code -Druleforge.bench.rules}, default {@code ../shared/corpus/detection-rules}), in file order.
     */
    static List<String> ruleQueries(String language) throws IOException {
        Path rules = Path.of(System.getProperty("ruleforge.bench.rules", "../shared/corpus/detection-rules"));
        TomlMapper toml = new TomlMapper();
        List<String> queries = new ArrayList<>();
        try (Stream<Path> files = Files.walk(rules)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                JsonNode rule = toml.readTree(file.toFile()).path("rule");
                if (language.equals(rule.path("language").asText())) {
                    queries.add(rule.path("query").asText());
                }
            }
        }
        if (queries.isEmpty()) {
            throw new IllegalStateException("no " + language + " rules under " + rules.toAbsolutePath());
        }
        return List.copyOf(queries);
    }

    /**
     * The {@code field} of every line of a JSON-lines corpus (Kibana's translations of the prebuilt KQL rules), from
     * the file the system property names, else {@code defaultPath}.
     */
    static List<JsonNode> jsonLinesField(String property, String defaultPath, String field) throws IOException {
        Path corpus = Path.of(System.getProperty(property, defaultPath));
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> values = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    values.add(json.readTree(line).get(field));
                }
            }
        }
        if (values.isEmpty()) {
            throw new IllegalStateException("no queries in " + corpus.toAbsolutePath());
        }
        return List.copyOf(values);
    }
}
