package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.dsl.LuceneQueryDsl;
import io.ruleforge.fields.FieldSchema;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mapping and documents of an index a test observed Elasticsearch on, and the documents (by id, "1" for the
 * first) a query matches there as ruleforge decides it: the evaluator's verdicts, each checked to be replay's compiled
 * matcher's too. Tests compare these with the ids Elasticsearch returned for the same query.
 */
record ObservedIndex(FieldSchema schema, Map<String, JsonNode> documents) {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC);

    /** Documents written single-quoted ({@link DslEvaluatorTest#json}), numbered from 1 as they were indexed. */
    static ObservedIndex of(FieldSchema schema, List<String> sources) {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        for (int i = 0; i < sources.size(); i++) {
            documents.put(String.valueOf(i + 1), DslEvaluatorTest.json(sources.get(i)));
        }
        return new ObservedIndex(schema, documents);
    }

    /**
     * Asserts that the DSL query (single-quoted JSON) decides as Elasticsearch did on this index: {@code observed} is
     * the ids it returned, space-separated (null or blank: none), or "rejected" when the search failed, in which case
     * the evaluator's refusal must contain {@code rejection}.
     */
    void assertDecidesAs(String query, String observed, String rejection) {
        JsonNode dsl = DslEvaluatorTest.json(query);
        if ("rejected".equals(observed)) {
            assertThatThrownBy(() -> matches(dsl)).isInstanceOf(DslEvaluationException.class).hasMessageContaining(rejection);
            return;
        }
        assertThat(matches(dsl)).containsExactlyElementsOf(observed == null || observed.isBlank() ? List.of()
                : Arrays.asList(observed.trim().split(" +")));
    }

    /** The ids a lucene-language rule's query matches, sent as Kibana sends it. */
    Set<String> matchesLucene(String lucene) {
        return matches(LuceneQueryDsl.of(lucene));
    }

    /**
     * The ids the DSL query matches, in id order as numbers.
     *
     * @throws DslEvaluationException when the evaluator refuses the query, as Elasticsearch fails the search
     */
    Set<String> matches(JsonNode query) {
        DslEvaluator evaluator = new DslEvaluator(schema, CLOCK);
        CompiledQuery compiled = new MatcherCompiler(schema, CLOCK).compile(query);
        Set<String> ids = new TreeSet<>((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        documents.forEach((id, document) -> {
            boolean verdict = evaluator.evaluate(query, document).matched();
            assertThat(compiled.matches(new IndexedEvent(document, CLOCK.instant())))
                    .as("replay's matcher on %s, document %s", query, id).isEqualTo(verdict);
            if (verdict) {
                ids.add(id);
            }
        });
        return ids;
    }
}
