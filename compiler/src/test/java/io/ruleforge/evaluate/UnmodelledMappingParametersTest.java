package io.ruleforge.evaluate;

import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.MappingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * probe27: a field whose mapping sets a parameter ruleforge does not model is refused by whatever query reads it
 * (exists too: a null_value makes a null exist), never decided as if the parameter were not there. On Elasticsearch
 * 8.19.21 each of these queries decided otherwise than the evaluator did before: {@code app.v:NULL} hit
 * {@code {"v":null}}, {@code app.all:x} hit {@code {"a":"x"}}, {@code app.blob.x:1} found nothing, and a query on
 * {@code app.k} failed ("Cannot search on field [app.k] since it is not indexed nor has doc values").
 */
class UnmodelledMappingParametersTest {

    @TempDir
    Path dir;

    @Test
    void aQueryReadingAFieldWithAnUnmodelledParameterIsRefusedNamingIt() throws Exception {
        Path file = dir.resolve("mapping.json");
        Files.writeString(file, """
                {"mappings":{"properties":{"app":{"properties":{
                  "v":{"type":"keyword","null_value":"NULL"},
                  "a":{"type":"keyword","copy_to":"app.all"}, "all":{"type":"keyword"},
                  "k":{"type":"keyword","index":false,"doc_values":false}, "kd":{"type":"keyword","index":false},
                  "blob":{"type":"object","enabled":false}}}}}}
                """);
        FieldSchema schema = MappingFile.read(file);
        DslEvaluator evaluator = new DslEvaluator(schema, Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));
        String event = "{'app':{'v':null,'a':'x','k':'foo','kd':'foo','blob':{'x':'1'}}}";
        assertRefused(evaluator, "{'term':{'app.v':'NULL'}}", event, "app.v: the mapping sets null_value \"NULL\"");
        assertRefused(evaluator, "{'exists':{'field':'app.v'}}", event, "null_value");
        assertRefused(evaluator, "{'term':{'app.all':'x'}}", event, "app.all: the mapping sets copy_to from app.a into it");
        assertRefused(evaluator, "{'term':{'app.k':'foo'}}", event, "index: false and doc_values: false");
        assertRefused(evaluator, "{'term':{'app.blob.x':'1'}}", event, "app.blob.x: the mapping sets enabled: false on app.blob");
        // fields whose parameters change nothing: decided
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'term':{'app.kd':'foo'}}"), DslEvaluatorTest.json(event)).matched()).isTrue();
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'term':{'app.a':'x'}}"), DslEvaluatorTest.json(event)).matched()).isTrue();
        // replay's compiled matcher refuses alike
        MatcherCompiler matchers = new MatcherCompiler(schema, Clock.systemUTC());
        assertThatThrownBy(() -> matchers.compile(DslEvaluatorTest.json("{'term':{'app.v':'NULL'}}"))
                .matches(new IndexedEvent(DslEvaluatorTest.json(event), Instant.EPOCH)))
                .isInstanceOf(DslEvaluationException.class).hasMessageContaining("null_value");
    }

    private static void assertRefused(DslEvaluator evaluator, String query, String event, String words) {
        assertThatThrownBy(() -> evaluator.evaluate(DslEvaluatorTest.json(query), DslEvaluatorTest.json(event)))
                .as(query).isInstanceOf(DslEvaluationException.class)
                .satisfies(e -> assertThat(((DslEvaluationException) e).isNotModelled()).isTrue())
                .hasMessageContaining(words);
    }
}
