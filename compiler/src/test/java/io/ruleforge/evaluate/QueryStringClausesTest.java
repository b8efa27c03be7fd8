package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A query_string of plain terms is read as Lucene's classic parser reads it in Elasticsearch (no splitting on
 * whitespace): a run of plain terms is one text for each field's analyzer, a wildcard term a clause of its own, and
 * the default operator also joins the tokens one term analyses to. Every expectation is the set of documents
 * Elasticsearch 8.19.21 returned (28 Nov 2026) for the query over {@link #EVENTS} in an index of {@link #SCHEMA};
 * "rejected" means the search failed.
 */
class QueryStringClausesTest {

    private static final FieldSchema SCHEMA = FieldSchema.of("runs", List.of(new FieldMapping("k", "keyword"),
            new FieldMapping("t", "text"), new FieldMapping("n", "long")));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
    private static final DslEvaluator EVALUATOR = new DslEvaluator(SCHEMA, CLOCK);
    private static final MatcherCompiler COMPILER = new MatcherCompiler(SCHEMA, CLOCK);

    /** Document i + 1 of the index. */
    private static final List<String> EVENTS = List.of(
            "{'k':'alpha beta'}", "{'k':'alpha'}", "{'t':'alpha gamma'}", "{'t':'beta'}", "{'k':'beta','t':'alpha'}",
            "{'k':'gamma','n':5}", "{'t':'foo gamma'}", "{'t':'foo bar'}", "{'k':'alpha  beta'}", "{'k':'a b c'}",
            "{'k':'c'}", "{'k':'a b'}", "{'k':'a'}", "{'k':'a!b'}");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // a run of plain terms is one text per field: the keyword "alpha" is not "alpha beta"
        "{'query_string':{'query':'alpha beta'}}                                   | 1 3 4 5",
        "{'query_string':{'query':'alpha beta','default_operator':'AND'}}          | 1",
        "{'query_string':{'query':'alpha beta','fields':['k']}}                    | 1",
        "{'query_string':{'query':'alpha beta','fields':['k','t']}}                | 1 3 4 5",
        "{'query_string':{'query':'alpha beta','fields':['t'],'default_operator':'AND'}} | ",
        "{'query_string':{'query':'alpha   beta','fields':['k']}}                  | 1",
        "{'query_string':{'query':'c a b','fields':['k'],'default_operator':'AND'}} | ",
        "{'query_string':{'query':'a b c','fields':['k']}}                         | 10",
        "{'query_string':{'query':'a\\\\ b c','fields':['k']}}                     | 10",
        "{'query_string':{'query':'a b c\\\\*','fields':['k']}}                    | ",
        // a wildcard term ends the run; a run takes no term that a lone * follows
        "{'query_string':{'query':'alpha beta*'}}                                  | 2 3 4 5",
        "{'query_string':{'query':'a b c*','fields':['k']}}                        | 11 12",
        "{'query_string':{'query':'a b *','fields':['k']}}                         | 1 2 5 6 9 10 11 12 13 14",
        // the run reaches the long field as one text: lenient on all fields, rejected on the field alone
        "{'query_string':{'query':'alpha 5'}}                                      | 3 5",
        "{'query_string':{'query':'5','fields':['n']}}                             | 6",
        "{'query_string':{'query':'5 6','fields':['n']}}                           | rejected",
        // the default operator joins the tokens of one term too
        "{'query_string':{'query':'foo-bar'}}                                      | 7 8",
        "{'query_string':{'query':'foo-bar','default_operator':'AND'}}             | 8",
        // ! is NOT inside a term: a!b is a NOT b
        "{'query_string':{'query':'a!b'}}                                          | 13",
    })
    void plainTermsAreReadAsElasticsearchsParserReadsThem(String query, String expected) {
        JsonNode dsl = DslEvaluatorTest.json(query);
        if ("rejected".equals(expected)) {
            assertThatThrownBy(() -> matched(dsl)).isInstanceOf(DslEvaluationException.class);
            return;
        }
        List<String> want = expected == null ? List.of() : Arrays.asList(expected.trim().split(" +"));
        assertThat(matched(dsl)).isEqualTo(want);
        // replay's compiled matcher decides as the evaluator
        CompiledQuery compiled = COMPILER.compile(dsl);
        List<String> compiledIds = new ArrayList<>();
        for (int i = 0; i < EVENTS.size(); i++) {
            if (compiled.matches(new IndexedEvent(DslEvaluatorTest.json(EVENTS.get(i)), CLOCK.instant()))) {
                compiledIds.add(String.valueOf(i + 1));
            }
        }
        assertThat(compiledIds).as("compiled").isEqualTo(want);
    }

    private static List<String> matched(JsonNode dsl) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < EVENTS.size(); i++) {
            if (EVALUATOR.evaluate(dsl, DslEvaluatorTest.json(EVENTS.get(i))).matched()) {
                ids.add(String.valueOf(i + 1));
            }
        }
        return ids;
    }
}
