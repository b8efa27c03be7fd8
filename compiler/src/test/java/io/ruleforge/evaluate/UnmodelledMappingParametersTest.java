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
import java.util.List;

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
        // neither indexed nor with doc values: Elasticsearch fails the query with these words, and exists finds nothing
        assertThatThrownBy(() -> evaluator.evaluate(DslEvaluatorTest.json("{'term':{'app.k':'foo'}}"), DslEvaluatorTest.json(event)))
                .isInstanceOf(DslEvaluationException.class).hasMessageContaining("Cannot search on field [app.k]")
                .satisfies(e -> assertThat(((DslEvaluationException) e).isNotModelled()).isFalse());
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'exists':{'field':'app.k'}}"), DslEvaluatorTest.json(event)).matched()).isFalse();
        // enabled: false keeps the object in _source only: nothing below it is found (Elasticsearch: 0 hits)
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'term':{'app.blob.x':'1'}}"), DslEvaluatorTest.json(event)).matched()).isFalse();
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'bool':{'must_not':{'exists':{'field':'app.blob.x'}}}}"),
                DslEvaluatorTest.json(event)).matched()).isTrue();
        // fields whose parameters change nothing: decided
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'term':{'app.kd':'foo'}}"), DslEvaluatorTest.json(event)).matched()).isTrue();
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'term':{'app.a':'x'}}"), DslEvaluatorTest.json(event)).matched()).isTrue();
        // replay's compiled matcher refuses alike
        MatcherCompiler matchers = new MatcherCompiler(schema, Clock.systemUTC());
        assertThatThrownBy(() -> matchers.compile(DslEvaluatorTest.json("{'term':{'app.v':'NULL'}}"))
                .matches(new IndexedEvent(DslEvaluatorTest.json(event), Instant.EPOCH)))
                .isInstanceOf(DslEvaluationException.class).hasMessageContaining("null_value");
    }

    /**
     * A field the mapping does not list is typed by Elasticsearch's default dynamic mapping only where the mapping
     * leaves it to that. Under an object's dynamic: false it is not indexed (probe27: {@code app.extra:x} found nothing on
     * Elasticsearch 8.19.21); the root's dynamic_templates map it (a string template's keyword); a runtime template, or
     * a flattened field's depth_limit, makes it refused where an event holds a value of it.
     */
    @Test
    void anUnlistedFieldIsRefusedWhereTheMappingDoesNotLeaveItToDefaultDynamicMapping() throws Exception {
        Path file = dir.resolve("dynamic.json");
        Files.writeString(file, """
                {"mappings":{"dynamic_templates":[{"strings":{"match_mapping_type":"string","mapping":{"type":"keyword"}}}],
                  "date_detection":false,
                  "properties":{"app":{"dynamic":false,"properties":{"k":{"type":"keyword"}}},
                                "f":{"type":"flattened","depth_limit":1}}}}
                """);
        FieldSchema schema = MappingFile.read(file);
        DslEvaluator evaluator = new DslEvaluator(schema, Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC));
        String event = "{'custom':{'s':'hello world'},'app':{'k':'a','extra':'x'},'f':{'key':'v'}}";
        // the root's template maps a new string as a keyword (Elasticsearch: custom.s:hello, no hit on "hello world")
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'match':{'custom.s':'hello'}}"), DslEvaluatorTest.json(event)).matched()).isFalse();
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'term':{'custom.s':'hello world'}}"), DslEvaluatorTest.json(event)).matched()).isTrue();
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'exists':{'field':'custom.s.keyword'}}"), DslEvaluatorTest.json(event)).matched())
                .as("no .keyword multi-field: the template's mapping has none").isFalse();
        Path runtime = dir.resolve("runtime.json");
        Files.writeString(runtime, """
                {"mappings":{"dynamic_templates":[{"rt":{"match":"*_rt","runtime":{"type":"keyword"}}}],"properties":{}}}
                """);
        DslEvaluator withRuntime = new DslEvaluator(MappingFile.read(runtime), Clock.systemUTC());
        assertRefused(withRuntime, "{'term':{'custom.x_rt':'a'}}", "{'custom':{'x_rt':'a','y':'b'}}",
                "custom.x_rt: the mapping sets the dynamic template \"rt\" (a runtime field)");
        assertThat(withRuntime.evaluate(DslEvaluatorTest.json("{'term':{'custom.y.keyword':'b'}}"), DslEvaluatorTest.json("{'custom':{'y':'b'}}"))
                .matched()).as("a field no template matches: default dynamic mapping").isTrue();
        // dynamic: false indexes no field the mapping does not list (Elasticsearch: app.extra:x, 0 hits)
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'term':{'app.extra':'x'}}"), DslEvaluatorTest.json(event)).matched()).isFalse();
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'exists':{'field':'app.extra'}}"), DslEvaluatorTest.json(event)).matched()).isFalse();
        assertRefused(evaluator, "{'term':{'f.key':'v'}}", event, "depth_limit 1 on a flattened field");
        // listed fields, and unlisted ones the event does not hold, are decided
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'term':{'app.k':'a'}}"), DslEvaluatorTest.json(event)).matched()).isTrue();
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'exists':{'field':'custom.other'}}"), DslEvaluatorTest.json(event)).matched())
                .isFalse();
    }

    /**
     * dynamic: strict refuses an event holding a field the mapping does not list (probe27: Elasticsearch 8.19.21 answered
     * "mapping set to strict, dynamic introduction of [extra] within [app] is not allowed"), and enabled: false takes
     * anything below it, a string where an object stood included ({@code {"blob":"str"}} was indexed).
     */
    @Test
    void strictRefusesTheEventAndADisabledObjectTakesAnything() throws Exception {
        Path file = dir.resolve("strict.json");
        Files.writeString(file, """
                {"mappings":{"properties":{"app":{"dynamic":"strict","properties":{"k":{"type":"keyword"},
                  "blob":{"type":"object","enabled":false}}}}}}
                """);
        FieldSchema schema = MappingFile.read(file);
        assertThat(io.ruleforge.harness.IndexableValues.problems(DslEvaluatorTest.json("{'app':{'k':'a','extra':'x'}}"), schema))
                .singleElement().asString().contains("app.extra is not in the mapping").contains("dynamic: strict on app");
        // strict refuses the introduction whatever the value: null and [] too (review27, on 8.19.21)
        for (String value : List.of("null", "[]")) {
            assertThat(io.ruleforge.harness.IndexableValues.problems(DslEvaluatorTest.json("{'app':{'k':'a','extra':" + value + "}}"), schema))
                    .as(value).singleElement().asString().contains("app.extra is not in the mapping");
        }
        assertThat(io.ruleforge.harness.IndexableValues.problems(DslEvaluatorTest.json("{'app':{'k':'a','blob':'str'}}"), schema)).isEmpty();
        assertThat(io.ruleforge.harness.IndexableValues.problems(DslEvaluatorTest.json("{'app':{'k':'a','blob':{'x':[1,{'y':2}]}}}"), schema))
                .isEmpty();
    }

    /**
     * review27: a group field (threshold, new terms, suppression) the mapping does not list is keyed as the index holds
     * it — no keys under dynamic: false (Elasticsearch's terms aggregation had no buckets), a runtime template's refused
     * — and a template with an invalid regex is not modelled, never an internal error.
     */
    @Test
    void groupKeysAndBrokenTemplatesFollowTheMappingsDynamicSay() throws Exception {
        Path file = dir.resolve("keys.json");
        Files.writeString(file, """
                {"mappings":{"dynamic_templates":[{"rt":{"match":"*_rt","runtime":{"type":"keyword"}}}],
                  "properties":{"app":{"dynamic":false,"properties":{"k":{"type":"keyword"}}}}}}
                """);
        TermKeys keys = TermKeys.of(MappingFile.read(file));
        assertThat(keys.keys(DslEvaluatorTest.json("{'app':{'extra':'x'}}"), "app.extra")).isEmpty();
        assertThatThrownBy(() -> keys.keys(DslEvaluatorTest.json("{'custom':{'x_rt':'v'}}"), "custom.x_rt"))
                .isInstanceOf(DslEvaluationException.class).hasMessageContaining("runtime field");
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, """
                {"mappings":{"dynamic_templates":[{"bad":{"match_pattern":"regex","match":"([a-","mapping":{"type":"keyword"}}}],
                  "properties":{}}}
                """);
        assertRefused(new DslEvaluator(MappingFile.read(broken), Clock.systemUTC()), "{'term':{'custom.x':'v'}}",
                "{'custom':{'x':'v'}}", "is no regular expression");
    }

    /**
     * review27: Elasticsearch applies dynamic templates to new objects too (on 8.19.21 a template mapping {@code o*}
     * as a keyword refused {@code {"obj":{"a":"b"}}}, and one giving {@code labels} {@code dynamic: false} hid
     * {@code labels.x}): a field below such an object is refused as not modelled, never typed as if no template matched.
     */
    @Test
    void aTemplateThatMatchesANewObjectAboveTheFieldIsNotModelled() throws Exception {
        Path file = dir.resolve("objects.json");
        Files.writeString(file, """
                {"mappings":{"dynamic_templates":[{"objs":{"match":"o*","mapping":{"type":"keyword"}}},
                  {"lbl":{"match_mapping_type":"object","match":"labels","mapping":{"type":"object","dynamic":false}}},
                  {"plain":{"match_mapping_type":"object","match":"plain","mapping":{"type":"object"}}}],
                  "properties":{"app":{"properties":{"k":{"type":"keyword"}}}}}}
                """);
        DslEvaluator evaluator = new DslEvaluator(MappingFile.read(file), Clock.systemUTC());
        assertRefused(evaluator, "{'term':{'obj.a':'b'}}", "{'obj':{'a':'b'}}", "the dynamic template \"objs\" (on the new object obj)");
        assertRefused(evaluator, "{'term':{'labels.x':'y'}}", "{'labels':{'x':'y'}}", "\"lbl\"");
        assertThat(evaluator.evaluate(DslEvaluatorTest.json("{'term':{'plain.x.keyword':'y'}}"), DslEvaluatorTest.json("{'plain':{'x':'y'}}"))
                .matched()).as("a template mapping a plain object changes nothing below it").isTrue();
    }

    private static void assertRefused(DslEvaluator evaluator, String query, String event, String words) {
        assertThatThrownBy(() -> evaluator.evaluate(DslEvaluatorTest.json(query), DslEvaluatorTest.json(event)))
                .as(query).isInstanceOf(DslEvaluationException.class)
                .satisfies(e -> assertThat(((DslEvaluationException) e).isNotModelled()).isTrue())
                .hasMessageContaining(words);
    }
}
