package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.Normalizer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ruleforge.evaluate.DslEvaluatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Elasticsearch's query_string decides from the fields' types while it parses a Lucene rule: a term or phrase
 * that analyses to no tokens on a text field is left out of the query (Lucene's {@code getFieldQuery} returns null),
 * and a range's bounds on a text field are lower-cased by its search analyzer. Each expected set of documents below
 * was observed on a real Elasticsearch 8.19.21 on 2026-11-28, with the same mapping and documents, the query sent as
 * Kibana sends a Lucene rule's (no default_field); the evaluator and replay's compiled matcher must both give it.
 */
class LuceneFieldDependentReadingTest {

    /**
     * Index l30-a: message and title text, process.name keyword, process.pid long, kw keyword, kwlc keyword with a
     * lowercase normalizer; document 5's note is mapped dynamically (text with a .keyword).
     */
    private static final ObservedIndex MIXED = ObservedIndex.of(FieldSchema.of("l30-a", List.of(
            new FieldMapping("message", "text"), new FieldMapping("title", "text"),
            new FieldMapping("process.name", "keyword"), new FieldMapping("process.pid", "long"),
            new FieldMapping("kw", "keyword"), new FieldMapping("kwlc", "keyword").withNormalizer(Normalizer.LOWERCASE))),
            List.of(
                    "{'process':{'name':'chmod','pid':1},'message':'hello world','title':'x','kw':'b','kwlc':'b'}",
                    "{'process':{'name':'-','pid':2},'message':'a - b','title':'y','kw':'B','kwlc':'B'}",
                    "{'process':{'name':'other','pid':3},'message':'B','title':'z','kw':'d','kwlc':'D'}",
                    "{'process':{'name':'chmod','pid':4},'message':'d','title':'b'}",
                    "{'process':{'name':'dyn','pid':5},'note':'Some Text','message':'C'}"));

    /** Index l30-b: text fields only (dynamic false), so a term on all fields searches text fields only. */
    private static final ObservedIndex TEXT_ONLY = ObservedIndex.of(FieldSchema.of("l30-b", List.of(
            new FieldMapping("message", "text"), new FieldMapping("title", "text"))),
            List.of("{'message':'hello','title':'x'}", "{'message':'d','title':'y'}"));

    /**
     * Index p4: message text, process.name keyword, n long; documents 1 and 2 hold message only and message with
     * process.name. Elasticsearch expands all fields over the mapping, not the document: the keyword field keeps the
     * term though a document lacks it (review30 found ruleforge reading the document's fields instead).
     */
    private static final ObservedIndex MAPPED_KEYWORD = ObservedIndex.of(FieldSchema.of("p4", List.of(
            new FieldMapping("message", "text"), new FieldMapping("process.name", "keyword"), new FieldMapping("n", "long"))),
            List.of("{'message':'chmod ran'}", "{'message':'chmod ran','process':{'name':'x'}}",
                    "{'message':'hello chmod','process':{'name':'chmod'}}"));

    @Test
    void onAllFieldsAKeywordTheIndexMapsKeepsTheTermWhereTheDocumentHasNoSuchField() {
        assertThat(MAPPED_KEYWORD.matchesLucene("chmod AND \\\\-")).isEmpty();
        assertThat(MAPPED_KEYWORD.matchesLucene("message:chmod AND \\\\-")).isEmpty();
        assertThat(MAPPED_KEYWORD.matches(json("{'query_string':{'query':'\\\\\\\\- chm*','default_operator':'AND'}}"))).isEmpty();
        assertThat(MAPPED_KEYWORD.matchesLucene("message:chmod AND message:\\\\-")).containsExactly("1", "2", "3");
    }

    /**
     * What the schema tells alone is read once for all events: a date field's ISO bound (upper-case T and Z) and a
     * keyword's range and a term on all fields of an index that maps keywords are read into DSL when the matcher is
     * compiled; only what an event tells (an unmapped field) is read at each event (review30: these were read per
     * event, 5-10x slower).
     */
    @Test
    void whatTheSchemaDecidesIsReadOnceForAllEvents() {
        MatcherCompiler compiler = new MatcherCompiler(io.ruleforge.fields.EcsSchemas.defaultSchema(), ObservedIndex.CLOCK);
        for (String lucene : List.of("process.name:chmod AND @timestamp:[2024-01-01T00:00:00Z TO *]",
                "process.name:chmod AND user.name:[A TO M]", "process.name:chmod AND NOT message:\\-", "chmod AND \\-")) {
            assertThat(compiler.luceneQuery(queryStringOf(lucene))).as(lucene).isPresent();
        }
        assertThat(compiler.luceneQuery(queryStringOf("process.name:chmod AND unmapped.thing:\\-"))).isEmpty();
    }

    private static JsonNode queryStringOf(String lucene) {
        return io.ruleforge.dsl.LuceneQueryDsl.of(lucene).findValue("query_string");
    }

    @Nested
    class ATermThatAnalysesToNothingOnATextField {

        @Test
        void isLeftOutOfItsBooleanWhateverTheOperator() {
            assertThat(MIXED.matchesLucene("process.name:chmod AND message:\\-")).containsExactly("1", "4");
            assertThat(MIXED.matchesLucene("message:\\- AND process.name:chmod")).containsExactly("1", "4");
            assertThat(MIXED.matchesLucene("process.name:chmod OR message:\\-")).containsExactly("1", "4");
            assertThat(MIXED.matchesLucene("process.name:chmod AND NOT message:\\-")).containsExactly("1", "4");
            assertThat(MIXED.matchesLucene("process.name:chmod -message:\\-")).containsExactly("1", "4");
            assertThat(MIXED.matchesLucene("process.name:other OR +message:\\-")).containsExactly("3");
            assertThat(MIXED.matchesLucene("NOT process.name:chmod AND message:\\-")).containsExactly("2", "3", "5");
            assertThat(MIXED.matchesLucene("process.name:chmod AND message:\"...\"")).containsExactly("1", "4");
            assertThat(MIXED.matchesLucene("title:\\- AND process.pid:1")).containsExactly("1");
            assertThat(MIXED.matchesLucene("message:\"\" AND process.pid:1")).containsExactly("1");
            assertThat(MIXED.matchesLucene("message:\\-\\- AND process.pid:1")).containsExactly("1");
        }

        /**
         * Lucene makes the clause before an AND required before it sees that the clause after it is no query: with
         * the term dropped, that AND lands on the clause before ({@code other OR \- AND chmod} is
         * {@code +other +chmod}), where a term that merely matched nothing would have left {@code other} optional.
         */
        @Test
        void stillMakesTheClauseBeforeItsAndRequired() {
            assertThat(MIXED.matchesLucene("process.name:other OR message:\\- AND process.name:chmod")).isEmpty();
            assertThat(MIXED.matchesLucene("process.name:other OR (message:\\-) AND process.name:chmod")).isEmpty();
            assertThat(MIXED.matchesLucene("process.name:other OR NOT message:\\- AND process.name:chmod")).isEmpty();
            assertThat(MIXED.matchesLucene("process.name:other OR -message:\\- AND process.name:chmod")).isEmpty();
            assertThat(MIXED.matchesLucene("process.name:other OR message:(\\- \\+) AND process.name:chmod")).isEmpty();
            assertThat(MIXED.matchesLucene("process.name:other message:\\- AND process.pid:3")).containsExactly("3");
            assertThat(MIXED.matchesLucene("process.name:other AND message:\\- OR process.name:chmod")).containsExactly("3");
        }

        @Test
        void leavesAGroupOfNothingOutAndAQueryOfNothingMatchingNothing() {
            assertThat(MIXED.matchesLucene("process.name:chmod AND (message:\\- message:\\+)")).containsExactly("1", "4");
            assertThat(MIXED.matchesLucene("process.name:chmod AND message:(\\- \\+)")).containsExactly("1", "4");
            assertThat(MIXED.matchesLucene("process.name:chmod AND (message:\\-)")).containsExactly("1", "4");
            assertThat(MIXED.matchesLucene("process.pid:1 AND message:(\\- OR \\+)")).containsExactly("1");
            assertThat(MIXED.matchesLucene("process.pid:1 AND message:(NOT \\-)")).containsExactly("1");
            assertThat(MIXED.matchesLucene("process.pid:1 AND NOT (message:\\- AND message:\\+)")).containsExactly("1");
            assertThat(MIXED.matchesLucene("process.pid:1 AND (message:\\-)^2")).containsExactly("1");
            assertThat(MIXED.matchesLucene("message:\\-")).isEmpty();
            assertThat(MIXED.matchesLucene("NOT message:\\-")).isEmpty();
            assertThat(MIXED.matchesLucene("-message:\\-")).isEmpty();
            assertThat(MIXED.matchesLucene("+message:\\-")).isEmpty();
            assertThat(MIXED.matchesLucene("(message:\\-)")).isEmpty();
            assertThat(MIXED.matchesLucene("NOT (message:\\-)")).isEmpty();
            assertThat(MIXED.matchesLucene("message:(\\- AND \\+)")).isEmpty();
            assertThat(MIXED.matchesLucene("message:\"...\"")).isEmpty();
        }

        @Test
        void isDroppedOnADynamicTextFieldButNotOnItsKeyword() {
            assertThat(MIXED.matchesLucene("process.name:dyn AND note:\\-")).containsExactly("5");
            assertThat(MIXED.matchesLucene("process.name:dyn AND note.keyword:\\-")).isEmpty();
        }
    }

    @Nested
    class OnOtherFields {

        /** A keyword field keeps "-" (and "") as its term; a long field fails leniently: neither is left out. */
        @Test
        void aKeywordOrNumericFieldKeepsTheClause() {
            assertThat(MIXED.matchesLucene("process.name:\\-")).containsExactly("2");
            assertThat(MIXED.matchesLucene("kw:\\- AND process.pid:1")).isEmpty();
            assertThat(MIXED.matchesLucene("process.name:\"\" AND process.pid:1")).isEmpty();
            assertThat(MIXED.matchesLucene("process.pid:\\-")).isEmpty();
            assertThat(MIXED.matchesLucene("process.\\*:\\- AND process.pid:2")).containsExactly("2");
        }

        /** On all fields each field drops its own query: the term is left out only when every field is text. */
        @Test
        void onAllFieldsTheTermIsLeftOutOnlyWhereEveryFieldIsText() {
            assertThat(MIXED.matchesLucene("\\-")).containsExactly("2");
            assertThat(MIXED.matchesLucene("\\- AND process.pid:1")).isEmpty();
            assertThat(MIXED.matchesLucene("\"...\"")).isEmpty();
            assertThat(TEXT_ONLY.matchesLucene("\\-")).isEmpty();
            assertThat(TEXT_ONLY.matchesLucene("\\- AND title:x")).containsExactly("1");
            assertThat(TEXT_ONLY.matchesLucene("\\- OR title:x")).containsExactly("1");
            assertThat(TEXT_ONLY.matchesLucene("\"...\" AND title:x")).containsExactly("1");
            assertThat(TEXT_ONLY.matchesLucene("title:x OR \\-")).containsExactly("1");
            assertThat(TEXT_ONLY.matchesLucene("title:x OR \\- AND message:d")).isEmpty();
        }

        /** A term list (no Lucene operators) under default_operator AND leaves the term out as well. */
        @Test
        void aTermListUnderAndLeavesItOut() {
            DslEvaluator evaluator = new DslEvaluator(MIXED.schema(), ObservedIndex.CLOCK);
            JsonNode hello = MIXED.documents().get("1");
            assertThat(evaluator.evaluate(json("{'query_string':{'query':'\\\\- hel*','default_operator':'AND','fields':['message']}}"),
                    hello).matched()).isTrue();
            assertThat(evaluator.evaluate(json("{'query_string':{'query':'hel* \\\\-','default_operator':'AND','fields':['message','title']}}"),
                    hello).matched()).isTrue();
            assertThat(evaluator.evaluate(json("{'query_string':{'query':'\\\\- hel*','default_operator':'AND'}}"),
                    hello).matched()).isFalse();
        }
    }

    /**
     * A range's bounds on a text field are lower-cased by its search analyzer in a query_string (a DSL range on the
     * same field compares them as written); a keyword field's normalizer applies either way, and a keyword without
     * one compares as written.
     */
    @Nested
    class RangeBoundsInAQueryString {

        @Test
        void areLowerCasedOnATextField() {
            assertThat(MIXED.matchesLucene("message:[A TO C]")).containsExactly("2", "3", "5");
            assertThat(MIXED.matchesLucene("message:[a TO c]")).containsExactly("2", "3", "5");
            assertThat(MIXED.matchesLucene("message:{A TO C}")).containsExactly("2", "3");
            assertThat(MIXED.matchesLucene("message:>A")).containsExactly("1", "2", "3", "4", "5");
            assertThat(MIXED.matchesLucene("message:<C")).containsExactly("2", "3");
            assertThat(MIXED.matchesLucene("message:>=C")).containsExactly("1", "4", "5");
            assertThat(MIXED.matchesLucene("message:[B TO *]")).containsExactly("1", "2", "3", "4", "5");
            assertThat(MIXED.matchesLucene("message:[* TO B]")).containsExactly("2", "3");
            assertThat(MIXED.matchesLucene("message:[HELLO TO HELLO]")).containsExactly("1");
            assertThat(MIXED.matchesLucene("title:[A TO C]")).containsExactly("4");
            assertThat(MIXED.matchesLucene("note:[S TO T]")).containsExactly("5");
        }

        @Test
        void areNormalizedOnAKeywordOnlyByItsNormalizer() {
            assertThat(MIXED.matchesLucene("kw:[A TO C]")).containsExactly("2");
            assertThat(MIXED.matchesLucene("kw:[a TO c]")).containsExactly("1");
            assertThat(MIXED.matchesLucene("kwlc:[A TO C]")).containsExactly("1", "2");
            assertThat(MIXED.matchesLucene("kwlc:[a TO c]")).containsExactly("1", "2");
            assertThat(MIXED.matchesLucene("kwlc:>C")).containsExactly("3");
            assertThat(MIXED.matchesLucene("process.name:[A TO Z]")).isEmpty();
            assertThat(MIXED.matchesLucene("process.name:[a TO z]")).containsExactly("1", "3", "4", "5");
            assertThat(MIXED.matchesLucene("note.keyword:[S TO T]")).containsExactly("5");
            assertThat(MIXED.matchesLucene("process.pid:[1 TO 2]")).containsExactly("1", "2");
        }

        @Test
        void areNotLowerCasedByADslRange() {
            DslEvaluator evaluator = new DslEvaluator(MIXED.schema(), ObservedIndex.CLOCK);
            JsonNode b = MIXED.documents().get("3");
            assertThat(evaluator.evaluate(json("{'range':{'message':{'gte':'A','lte':'C'}}}"), b).matched()).isFalse();
            assertThat(evaluator.evaluate(json("{'range':{'kwlc':{'gte':'A','lte':'C'}}}"), MIXED.documents().get("2")).matched()).isTrue();
            assertThat(evaluator.evaluate(json("{'range':{'kw':{'gte':'A','lte':'C'}}}"), MIXED.documents().get("2")).matched()).isTrue();
        }
    }
}
