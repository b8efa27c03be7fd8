package io.ruleforge.evaluate;

import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

/**
 * Queries on a flattened field and on its keys, decided as Elasticsearch decides them: a key holds the scalars at
 * exactly that key (an object prefix is no key), a key takes no wildcard or regexp query and no range without both
 * bounds, and a query_string wildcard that is not a prefix searches the raw "key\0value" terms of every key. Every
 * expectation is the set of documents Elasticsearch 8.19.21 returned (28 Nov 2026) for the query over the documents
 * of {@link #INDEX}, in an index mapping {@code f} as flattened; "rejected" means the search failed.
 */
class FlattenedKeyQueriesTest {

    /** Document i + 1 of the index observed, mapping f as flattened. */
    private static final ObservedIndex INDEX = ObservedIndex.of(FieldSchema.of("flat", List.of(new FieldMapping("f", "flattened"))),
            List.of("{'f':{'a':'x1','b':{'c':'y'}}}", "{'f':{'a':'z'}}", "{'f':{'a':'q','b':{'c':'z1'}}}", "{'f':{'b':{'c':'ax'}}}"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // a key holds the scalars at that key: f.b, above f.b.c, has none
        "{'exists':{'field':'f.b'}}                                   | ",
        "{'term':{'f.b':'y'}}                                         | ",
        "{'query_string':{'query':'*','fields':['f.b']}}              | ",
        "{'exists':{'field':'f.b.c'}}                                 | 1 3 4",
        "{'term':{'f.b.c':'y'}}                                       | 1",
        "{'exists':{'field':'f.a'}}                                   | 1 2 3",
        "{'query_string':{'query':'*','fields':['f.a']}}              | 1 2 3",
        // a range on a key needs both bounds; the root takes any
        "{'range':{'f.a':{'gte':'x'}}}                                | rejected",
        "{'range':{'f.a':{'lte':'y'}}}                                | rejected",
        "{'range':{'f.a':{'gte':'x','lte':'y'}}}                      | 1",
        "{'range':{'f':{'gte':'x'}}}                                  | 1 2 3",
        "{'range':{'f':{'lte':'y'}}}                                  | 1 3 4",
        // no wildcard or regexp query on a key; on the root they search every value
        "{'wildcard':{'f.a':'x*'}}                                    | rejected",
        "{'regexp':{'f.a':'x.*'}}                                     | rejected",
        "{'wildcard':{'f':'x*'}}                                      | 1",
        "{'regexp':{'f':'x.*'}}                                       | 1",
        // query_string: a prefix searches the key's values, any other wildcard the raw terms of every key
        "{'query_string':{'query':'x*','fields':['f.a']}}             | 1",
        "{'query_string':{'query':'f.a:x*'}}                          | 1",
        "{'query_string':{'query':'q\\\\*','fields':['f.a']}}         | ",
        "{'query_string':{'query':'*1','fields':['f.a']}}             | 1 3",
        "{'query_string':{'query':'*x*','fields':['f.a']}}            | 1 4",
        "{'query_string':{'query':'*a*','fields':['f.b.c']}}          | 1 2 3 4",
        "{'query_string':{'query':'x?','fields':['f.a']}}             | ",
        // in the lenient query_string Kibana sends for a Lucene rule, what a key refuses matches nothing
        "{'query_string':{'query':'f.a:/x.*/'}}                       | ",
        "{'query_string':{'query':'f.a:[x TO *]'}}                    | ",
        "{'query_string':{'query':'f.a:>=x'}}                         | ",
        "{'query_string':{'query':'f.a:[x TO y]'}}                    | 1",
    })
    void flattenedKeysAreQueriedAsElasticsearchQueriesThem(String query, String expected) {
        INDEX.assertDecidesAs(query, expected, "keyed [flattened] fields");
    }
}
