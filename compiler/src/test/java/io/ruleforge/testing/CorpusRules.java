package io.ruleforge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The rules of one query language in Elastic's detection-rules corpus in the shared folder (read in place, never copied). */
public final class CorpusRules {

    /** @param file the rule file relative to the corpus root */
    public record Rule(Path file, String query, JsonNode rule) {
    }

    private CorpusRules() {
    }

    /** Every rule of {@code language} ({@code "eql"}, {@code "esql"} …) under rules/ and rules_building_block/, in file order. */
    public static List<Rule> ofLanguage(String language) {
        Path root = SharedFolder.require("corpus/detection-rules");
        TomlMapper toml = new TomlMapper();
        List<Rule> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".toml")).sorted().toList()) {
                JsonNode rule = toml.readTree(file.toFile()).path("rule");
                if (language.equals(rule.path("language").asText())) {
                    out.add(new Rule(root.relativize(file), rule.path("query").asText(), rule));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
