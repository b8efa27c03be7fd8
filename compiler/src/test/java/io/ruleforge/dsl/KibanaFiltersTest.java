package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule's Kibana filters as buildEsQuery ANDs them with the query: negated ones in must_not, disabled ones left
 * out, legacy shapes migrated and combined filters expanded as kbn-es-query's migrateFilter and fromCombinedFilter do.
 */
class KibanaFiltersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void filtersJoinTheQueryNegatedOnesExcludeAndDisabledOnesAreIgnored() throws Exception {
        JsonNode filters = json("""
                [{"meta": {"negate": false, "disabled": false}, "query": {"match_phrase": {"host.os.type": "windows"}}},
                 {"meta": {"negate": true}, "query": {"term": {"user.name": "SYSTEM"}}},
                 {"meta": {"disabled": true}, "query": {"term": {"user.name": "alice"}}},
                 {"meta": {}, "exists": {"field": "process.pid"}, "$state": {"store": "appState"}}]""");
        JsonNode query = KibanaFilters.and(json("{\"term\": {\"process.name\": \"cmd.exe\"}}"), KibanaFilters.of(filters));
        assertThat(query).isEqualTo(json("""
                {"bool": {"filter": [{"term": {"process.name": "cmd.exe"}},
                                     {"match_phrase": {"host.os.type": "windows"}},
                                     {"exists": {"field": "process.pid"}}],
                          "must_not": [{"term": {"user.name": "SYSTEM"}}]}}"""));
    }

    @Test
    void onlyEnabledFiltersMakeASearchOfTheirOwn() throws Exception {
        assertThat(KibanaFilters.enabled(JSON.missingNode())).isEmpty();
        assertThat(KibanaFilters.enabled(json("""
                [{"meta": {"disabled": true}, "query": {"term": {"user.name": "alice"}}}]"""))).isEmpty();
        assertThat(KibanaFilters.enabled(json("""
                [{"meta": {"negate": true}, "query": {"term": {"user.name": "SYSTEM"}}}]""")))
                .contains((ObjectNode) json("""
                        {"bool": {"filter": [], "must_not": [{"term": {"user.name": "SYSTEM"}}]}}"""));
    }

    /** fromCombinedFilter: OR (the default) needs one sub-filter, each a bool of its own; AND needs them all. */
    @Test
    void aCombinedFilterIsTheBoolOfItsSubFilters() throws Exception {
        JsonNode or = json("""
                [{"meta": {"type": "combined", "relation": "OR", "params": [
                   {"meta": {}, "query": {"match_phrase": {"user.name": "alice"}}},
                   {"meta": {"negate": true}, "query": {"match_phrase": {"host.name": "ws-1"}}}]}}]""");
        assertThat(KibanaFilters.of(or)).isEqualTo(json("""
                {"bool": {"filter": [{"bool": {"should": [
                    {"bool": {"must": [], "filter": [{"match_phrase": {"user.name": "alice"}}], "should": [], "must_not": []}},
                    {"bool": {"must": [], "filter": [], "should": [], "must_not": [{"match_phrase": {"host.name": "ws-1"}}]}}],
                  "minimum_should_match": 1}}], "must_not": []}}"""));
        JsonNode and = json("""
                [{"meta": {"type": "combined", "relation": "AND", "negate": true, "params": [
                   {"meta": {}, "query": {"match_phrase": {"user.name": "alice"}}}]}}]""");
        assertThat(KibanaFilters.of(and)).isEqualTo(json("""
                {"bool": {"filter": [], "must_not": [{"bool": {"must": [], "filter": [{"match_phrase": {"user.name": "alice"}}],
                  "should": [], "must_not": []}}]}}"""));
    }

    /** migrateFilter: a legacy match of type phrase is a match_phrase; a filter with no query at all is {}. */
    @Test
    void legacyShapesAreMigratedAsKibanaMigratesThem() throws Exception {
        JsonNode filters = json("""
                [{"meta": {}, "query": {"match": {"user.name": {"query": "alice", "type": "phrase"}}}},
                 {"meta": {}, "match": {"host.name": {"query": "ws-1", "type": "phrase"}}},
                 {"meta": {"negate": true}, "$state": {"store": "appState"}}]""");
        assertThat(KibanaFilters.of(filters)).isEqualTo(json("""
                {"bool": {"filter": [{"match_phrase": {"user.name": {"query": "alice"}}},
                                     {"match_phrase": {"host.name": {"query": "ws-1"}}}],
                          "must_not": [{}]}}"""));
    }
}
