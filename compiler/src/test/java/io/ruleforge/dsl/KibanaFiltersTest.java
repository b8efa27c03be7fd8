package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A rule's Kibana filters as buildEsQuery ANDs them with the query: negated ones in must_not, disabled ones left out. */
class KibanaFiltersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void filtersJoinTheQueryNegatedOnesExcludeAndDisabledOnesAreIgnored() throws Exception {
        JsonNode filters = JSON.readTree("""
                [{"meta": {"negate": false, "disabled": false}, "query": {"match_phrase": {"host.os.type": "windows"}}},
                 {"meta": {"negate": true}, "query": {"term": {"user.name": "SYSTEM"}}},
                 {"meta": {"disabled": true}, "query": {"term": {"user.name": "alice"}}},
                 {"meta": {}, "exists": {"field": "process.pid"}, "$state": {"store": "appState"}}]""");
        JsonNode dsl = JSON.readTree("{\"term\": {\"process.name\": \"cmd.exe\"}}");
        JsonNode query = KibanaFilters.withQuery(dsl, filters);
        assertThat(query).isEqualTo(JSON.readTree("""
                {"bool": {"filter": [{"term": {"process.name": "cmd.exe"}},
                                     {"match_phrase": {"host.os.type": "windows"}},
                                     {"exists": {"field": "process.pid"}}],
                          "must_not": [{"term": {"user.name": "SYSTEM"}}]}}"""));
    }

    @Test
    void noFiltersLeaveTheQueryAlone() throws Exception {
        JsonNode dsl = JSON.readTree("{\"term\": {\"process.name\": \"cmd.exe\"}}");
        assertThat(KibanaFilters.withQuery(dsl, JSON.missingNode())).isEqualTo(JSON.readTree(
                "{\"bool\": {\"filter\": [{\"term\": {\"process.name\": \"cmd.exe\"}}], \"must_not\": []}}"));
    }

    @Test
    void onlyEnabledFiltersWithAQueryMakeASearchOfTheirOwn() throws Exception {
        assertThat(KibanaFilters.enabled(JSON.missingNode())).isEmpty();
        assertThat(KibanaFilters.enabled(JSON.readTree("""
                [{"meta": {"disabled": true}, "query": {"term": {"user.name": "alice"}}}, {"meta": {}}]"""))).isEmpty();
        assertThat(KibanaFilters.enabled(JSON.readTree("""
                [{"meta": {"negate": true}, "query": {"term": {"user.name": "SYSTEM"}}}]""")))
                .contains((com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("""
                        {"bool": {"filter": [], "must_not": [{"term": {"user.name": "SYSTEM"}}]}}"""));
    }
}
