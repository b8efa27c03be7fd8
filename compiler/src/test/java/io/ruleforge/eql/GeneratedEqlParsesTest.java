package io.ruleforge.eql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.eql.verify.EqlProblem;
import io.ruleforge.eql.verify.EqlVerifier;
import io.ruleforge.eqlgen.EqlGenerator;
import io.ruleforge.eqlgen.EqlTranslation;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import io.ruleforge.testing.SharedFolder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The EQL that {@link EqlGenerator} writes for the KQL rules of the conformance corpus must be EQL this front end
 * (and so Elasticsearch) accepts: it parses, and the verifier finds no error in it.
 */
class GeneratedEqlParsesTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void everyExpressedTranslationParses() throws IOException {
        FieldSchema ecs = EcsSchemas.load("9.4.0");
        EqlGenerator generator = new EqlGenerator(ecs);
        EqlVerifier verifier = new EqlVerifier(ecs);
        List<String> lines = Files.readAllLines(
                SharedFolder.require("conformance/kql").resolve("kibana-8.9_nofields.jsonl"));
        int kql = 0;
        int expressed = 0;
        int parsed = 0;
        List<String> failures = new ArrayList<>();
        List<String> verifierErrors = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode entry = MAPPER.readTree(line);
            kql++;
            KqlParseResult k = KqlParser.parse(entry.get("query").asText(), KibanaVersion.V8_9);
            if (!(k instanceof KqlParseResult.Success success)) {
                continue;
            }
            EqlTranslation t = generator.translate(success.query().root());
            if (!(t instanceof EqlTranslation.Expressed e)) {
                continue;
            }
            expressed++;
            EqlParseResult result = EqlParser.parse(e.query());
            if (result instanceof EqlParseResult.Success s) {
                parsed++;
                verifier.verify(s.query()).stream().filter(p -> p.severity() == EqlProblem.Severity.ERROR)
                        .forEach(p -> verifierErrors.add(entry.get("id").asText() + ": " + p));
            } else {
                failures.add(entry.get("id").asText() + ": " + ((EqlParseResult.Failure) result).error() + "\n    " + e.query());
            }
        }
        System.out.printf("[eql-generated] %d KQL queries, %d expressed as EQL, %d/%d parse, %d verifier errors%n",
                kql, expressed, parsed, expressed, verifierErrors.size());
        verifierErrors.stream().limit(10).forEach(v -> System.out.println("    " + v));
        assertThat(failures).as(String.join("\n", failures.subList(0, Math.min(5, failures.size())))).isEmpty();
        assertThat(expressed).isPositive();
        assertThat(parsed).isEqualTo(expressed);
        assertThat(verifierErrors).isEmpty();
    }
}
