package io.ruleforge.evaluate;

import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

/**
 * A query_string of plain terms is read as Lucene's classic parser reads it in Elasticsearch (no splitting on
 * whitespace): a run of plain terms is one text for each field's analyzer, a wildcard term a clause of its own, and
 * the default operator also joins the tokens one term analyses to. Every expectation is the set of documents
 * Elasticsearch 8.19.21 returned (28 Nov 2026) for the query over the documents of {@link #INDEX} in an index of its mapping;
 * "rejected" means the search failed.
 */
class QueryStringClausesTest {

    /** Document i + 1 of the index observed, mapping k keyword, t text, n long. */
    private static final ObservedIndex INDEX = ObservedIndex.of(FieldSchema.of("runs", List.of(new FieldMapping("k", "keyword"),
            new FieldMapping("t", "text"), new FieldMapping("n", "long"))), List.of(
            "{'k':'alpha beta'}", "{'k':'alpha'}", "{'t':'alpha gamma'}", "{'t':'beta'}", "{'k':'beta','t':'alpha'}",
            "{'k':'gamma','n':5}", "{'t':'foo gamma'}", "{'t':'foo bar'}", "{'k':'alpha  beta'}", "{'k':'a b c'}",
            "{'k':'c'}", "{'k':'a b'}", "{'k':'a'}", "{'k':'a!b'}"));

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
        INDEX.assertDecidesAs(query, expected, "");
    }
}
