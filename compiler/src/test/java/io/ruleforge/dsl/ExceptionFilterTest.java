package io.ruleforge.dsl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.rule.ExceptionEntry;
import io.ruleforge.rule.ExceptionItem;
import io.ruleforge.rule.ExceptionLists;
import io.ruleforge.rule.ValueList;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The exception filter has the shape Kibana's {@code buildExceptionFilter} gives it
 * (x-pack/plugins/lists/server/services/exception_lists/build_exception_filter.ts): each expected object below is
 * that code's output for the item, written from its source, in its key order.
 */
class ExceptionFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SourcePosition AT = SourcePosition.ofFile("exceptions/x.toml");
    /** Value lists as Kibana's list client returns their values (an ip_range list's single address as a-a). */
    private static final ExceptionLists LISTS = ExceptionLists.of(List.of(), List.of(
            new ValueList("bad-ips", "ip", List.of("203.0.113.9", "2001:db8::1"), AT),
            new ValueList("admins", "keyword", List.of("svc_backup"), AT),
            new ValueList("scanners", "ip_range", List.of("10.0.0.1-10.0.0.9", "192.168.0.0/16", "172.16.0.5-172.16.0.5", "fd00::/8"), AT),
            new ValueList("blocks", "ip_range", List.of("192.168.0.0/16"), AT),
            new ValueList("empty", "ip_range", List.of(), AT)));

    private static ExceptionItem item(List<String> os, ExceptionEntry... entries) {
        return new ExceptionItem("id", "name", os, List.of(entries), Optional.empty(), AT, JSON.createObjectNode());
    }

    private static String should(ExceptionItem... items) {
        return ExceptionFilter.of(List.of(items), LISTS).orElseThrow().path("query").path("bool").path("should").toString();
    }

    private static String json(String text) throws Exception {
        return JSON.readTree(text).toString();
    }

    @Test
    void noItemsAddNoFilter() {
        assertThat(ExceptionFilter.of(List.of(), LISTS)).isEmpty();
    }

    @Test
    void theFilterIsNegatedAndUnnamed() throws Exception {
        JsonNode filter = ExceptionFilter.of(List.of(item(List.of(), new ExceptionEntry.Exists("user.name", false))), LISTS).orElseThrow();
        assertThat(filter.path("meta").toString()).isEqualTo(json("""
                {"alias":null,"disabled":false,"negate":true}"""));
        // buildEsQuery puts a negated filter's query in must_not, after the query in filter
        JsonNode search = KibanaFilters.and(JSON.readTree("{\"match_all\":{}}"), KibanaFilters.of(JSON.createArrayNode().add(filter)));
        assertThat(search.toString()).isEqualTo(json("""
                {"bool":{"filter":[{"match_all":{}}],"must_not":[{"bool":{"should":[
                  {"bool":{"minimum_should_match":1,"should":[{"exists":{"field":"user.name"}}]}}]}}]}}"""));
    }

    @Test
    void matchIsOnePhraseAndExcludedWrapsItInMustNot() throws Exception {
        assertThat(should(item(List.of(), new ExceptionEntry.Match("host.name", false, "scan-01")))).isEqualTo(json("""
                [{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"host.name":"scan-01"}}]}}]"""));
        assertThat(should(item(List.of(), new ExceptionEntry.Match("host.name", true, "scan-01")))).isEqualTo(json("""
                [{"bool":{"must_not":{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"host.name":"scan-01"}}]}}}}]"""));
    }

    @Test
    void matchAnyOfOneValueIsAPhraseOfSeveralAShouldOfPhrases() throws Exception {
        assertThat(should(item(List.of(), new ExceptionEntry.MatchAny("host.name", false, List.of("a"))))).isEqualTo(json("""
                [{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"host.name":"a"}}]}}]"""));
        assertThat(should(item(List.of(), new ExceptionEntry.MatchAny("host.name", false, List.of("a", "b"))))).isEqualTo(json("""
                [{"bool":{"minimum_should_match":1,"should":[
                  {"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"host.name":"a"}}]}},
                  {"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"host.name":"b"}}]}}]}}]"""));
    }

    @Test
    void wildcardIsAFilterObjectNotAnArray() throws Exception {
        assertThat(should(item(List.of(), new ExceptionEntry.Wildcard("process.executable", true, "C:\\\\Tools\\\\*"))))
                .isEqualTo(json("""
                        [{"bool":{"must_not":{"bool":{"filter":{"wildcard":{"process.executable":"C:\\\\\\\\Tools\\\\\\\\*"}}}}}}]"""));
    }

    @Test
    void severalEntriesAreAllOfThemAndEveryItemIsOneShould() throws Exception {
        assertThat(should(
                item(List.of(), new ExceptionEntry.Match("a", false, "1"), new ExceptionEntry.Exists("b", true)),
                item(List.of(), new ExceptionEntry.Match("c", false, "3")))).isEqualTo(json("""
                [{"bool":{"filter":[
                    {"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"a":"1"}}]}},
                    {"bool":{"must_not":{"bool":{"minimum_should_match":1,"should":[{"exists":{"field":"b"}}]}}}}]}},
                 {"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"c":"3"}}]}}]"""));
    }

    @Test
    void nestedEntriesNameTheirFieldsBelowThePath() throws Exception {
        ExceptionEntry one = new ExceptionEntry.Nested("threat.enrichments",
                List.of(new ExceptionEntry.Match("indicator.ip", false, "203.0.113.9")));
        assertThat(should(item(List.of(), one))).isEqualTo(json("""
                [{"nested":{"path":"threat.enrichments","query":
                  {"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"threat.enrichments.indicator.ip":"203.0.113.9"}}]}},
                  "score_mode":"none"}}]"""));
        ExceptionEntry two = new ExceptionEntry.Nested("t",
                List.of(new ExceptionEntry.Exists("x", false), new ExceptionEntry.Match("y", true, "v")));
        assertThat(should(item(List.of(), two))).isEqualTo(json("""
                [{"nested":{"path":"t","query":{"bool":{"filter":[
                  {"bool":{"minimum_should_match":1,"should":[{"exists":{"field":"t.x"}}]}},
                  {"bool":{"must_not":{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"t.y":"v"}}]}}}}]}},
                  "score_mode":"none"}}]"""));
    }

    @Test
    void osTypesRepeatTheItemPerSystemOnHostOsTypeThenOnTheCaselessName() throws Exception {
        String entry = "{\"bool\":{\"minimum_should_match\":1,\"should\":[{\"match_phrase\":{\"user.name\":\"svc\"}}]}}";
        assertThat(should(item(List.of("windows", "macos"), new ExceptionEntry.Match("user.name", false, "svc")))).isEqualTo(json("""
                [{"bool":{"filter":[{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"host.os.type":"windows"}}]}},E]}},
                 {"bool":{"filter":[{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"host.os.type":"macos"}}]}},E]}},
                 {"bool":{"filter":[{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"host.os.name.caseless":"windows"}}]}},E]}},
                 {"bool":{"filter":[{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"host.os.name.caseless":"macos"}}]}},E]}}]"""
                .replace("E", entry)));
    }

    @Test
    void keywordAndIpListsAreOneTermsQueryAndExcludedPutsItInMustNot() throws Exception {
        assertThat(should(item(List.of(), new ExceptionEntry.ValueList("source.ip", false, "bad-ips", "ip")))).isEqualTo(json("""
                [{"bool":{"filter":{"terms":{"source.ip":["203.0.113.9","2001:db8::1"]}}}}]"""));
        assertThat(should(item(List.of(), new ExceptionEntry.ValueList("user.name", true, "admins", "keyword")))).isEqualTo(json("""
                [{"bool":{"must_not":{"terms":{"user.name":["svc_backup"]}}}}]"""));
    }

    @Test
    void ipRangeListsAreARangePerDashRangeAndOneTermsOfTheBlocksInAShould() throws Exception {
        assertThat(should(item(List.of(), new ExceptionEntry.ValueList("source.ip", false, "scanners", "ip_range")))).isEqualTo(json("""
                [{"bool":{"should":[
                  {"range":{"source.ip":{"gte":"10.0.0.1","lte":"10.0.0.9"}}},
                  {"range":{"source.ip":{"gte":"172.16.0.5","lte":"172.16.0.5"}}},
                  {"terms":{"source.ip":["192.168.0.0/16","fd00::/8"]}}],"minimum_should_match":1}}]"""));
        assertThat(should(item(List.of(), new ExceptionEntry.ValueList("source.ip", true, "blocks", "ip_range")))).isEqualTo(json("""
                [{"bool":{"must_not":[{"terms":{"source.ip":["192.168.0.0/16"]}}],"minimum_should_match":1}}]"""));
        assertThat(should(item(List.of(), new ExceptionEntry.ValueList("source.ip", false, "empty", "ip_range")))).isEqualTo(json("""
                [{"bool":{"should":[],"minimum_should_match":1}}]"""));
    }

    @Test
    void itemsWithValueListsComeAfterTheOthersAsKibanaBuildsThem() throws Exception {
        ExceptionItem withList = item(List.of(), new ExceptionEntry.Match("host.name", false, "scan-01"),
                new ExceptionEntry.ValueList("source.ip", false, "bad-ips", "ip"));
        ExceptionItem plain = item(List.of(), new ExceptionEntry.Exists("user.name", true));
        assertThat(should(withList, plain)).isEqualTo(json("""
                [{"bool":{"must_not":{"bool":{"minimum_should_match":1,"should":[{"exists":{"field":"user.name"}}]}}}},
                 {"bool":{"filter":[{"bool":{"minimum_should_match":1,"should":[{"match_phrase":{"host.name":"scan-01"}}]}},
                   {"bool":{"filter":{"terms":{"source.ip":["203.0.113.9","2001:db8::1"]}}}}]}}]"""));
    }

    @Test
    void aValueListTheProjectDoesNotKeepHasNoFilter() {
        ExceptionItem item = item(List.of(), new ExceptionEntry.ValueList("source.ip", false, "elsewhere", "ip"));
        assertThatThrownBy(() -> ExceptionFilter.of(List.of(item), LISTS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("source.ip").hasMessageContaining("elsewhere");
    }
}
