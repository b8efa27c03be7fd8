package io.ruleforge.esql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.ruleforge.testing.SharedFolder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The ES|QL rules of Elastic's detection-rules corpus in the shared folder (read in place, never copied). */
final class EsqlCorpus {

    /** rules/ and rules_building_block/ together hold 130 ES|QL rules. */
    static final int EXPECTED_RULES = 130;

    record Rule(Path file, String query, JsonNode rule) {
    }

    private EsqlCorpus() {
    }

    static List<Rule> load() {
        Path root = SharedFolder.require("corpus/detection-rules");
        TomlMapper toml = new TomlMapper();
        List<Rule> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                JsonNode rule = toml.readTree(file.toFile()).path("rule");
                if ("esql".equals(rule.path("language").asText())) {
                    out.add(new Rule(root.relativize(file), rule.path("query").asText(), rule));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
