package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.dsl.LuceneQueryDsl;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A lucene-language rule's query_string (Lucene operators, groups, ranges, regular expressions) is read into DSL
 * once when its matcher is compiled, not at every event, and decides as the evaluator does (itself checked against
 * Elasticsearch in {@link LuceneDifferentialIT}, whose queries and events these are).
 */
class CompiledLuceneQueryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void compiledLuceneQueriesDecideAsTheEvaluatorWithAndWithoutFieldTypes() {
        for (FieldSchema schema : List.of(EcsSchemas.defaultSchema(), FieldSchema.none())) {
            DslEvaluator evaluator = new DslEvaluator(schema, CLOCK);
            MatcherCompiler compiler = new MatcherCompiler(schema, CLOCK);
            Random random = new Random(11);
            List<JsonNode> events = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                events.add(LuceneDifferentialIT.event(random));
            }
            int matches = 0;
            for (String lucene : LuceneDifferentialIT.QUERIES) {
                JsonNode dsl = LuceneQueryDsl.of(lucene);
                CompiledQuery compiled = compiler.compile(dsl);
                for (JsonNode event : events) {
                    boolean want = evaluator.evaluate(dsl, event).matched();
                    matches += want ? 1 : 0;
                    assertThat(compiled.matches(new IndexedEvent(event, CLOCK.instant()))).as("%s on %s", lucene, event).isEqualTo(want);
                }
            }
            assertThat(matches).isGreaterThan(500);
        }
    }
}
