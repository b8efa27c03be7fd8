package io.ruleforge.evaluate.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.evaluate.DslEvaluator;
import io.ruleforge.fields.EcsSchemas;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IndicatorMatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DslEvaluator ECS = new DslEvaluator(EcsSchemas.defaultSchema());

    private static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ThreatMapping.Entry entry(String field, String value) {
        return new ThreatMapping.Entry(field, value, false);
    }

    private static ThreatMapping mapping(List<ThreatMapping.Entry>... items) {
        return new ThreatMapping(java.util.Arrays.stream(items).map(ThreatMapping.Item::new).toList());
    }

    private static Indicator indicator(String id, String source) {
        return new Indicator(id, "logs-ti_test", json(source));
    }

    private static List<IndicatorAlert> alerts(ThreatMapping mapping, List<Indicator> indicators, String... events) {
        List<IndicatorMatch.Event> list = new java.util.ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            list.add(new IndicatorMatch.Event("e" + i, json(events[i])));
        }
        return new IndicatorMatch(mapping, "threat.indicator", ECS).alerts(list, indicators);
    }

    private static final ThreatMapping IP_EITHER_SIDE = mapping(
            List.of(entry("source.ip", "threat.indicator.ip")),
            List.of(entry("destination.ip", "threat.indicator.ip")));
    private static final Indicator BAD_IP = indicator("i1",
            "{'threat':{'indicator':{'ip':'203.0.113.7','type':'ipv4-addr'},'feed':{'name':'AbuseCH'}}}");

    @Test
    void anEventAlertsWhenOneItemMatchesAndIsEnrichedWithTheIndicator() {
        List<IndicatorAlert> alerts = alerts(IP_EITHER_SIDE, List.of(BAD_IP),
                "{'source':{'ip':'10.0.0.5'},'destination':{'ip':'203.0.113.7'}}",
                "{'source':{'ip':'10.0.0.5'},'destination':{'ip':'203.0.113.8'}}");
        assertThat(alerts).extracting(IndicatorAlert::eventId).containsExactly("e0");
        assertThat(alerts.get(0).enrichments()).hasSize(1);
        assertThat(alerts.get(0).enrichments().get(0).toJson()).isEqualTo(json(
                "{'indicator':{'ip':'203.0.113.7','type':'ipv4-addr'},'feed':{'name':'AbuseCH'},"
                        + "'matched':{'atomic':'203.0.113.7','field':'destination.ip','id':'i1','index':'logs-ti_test',"
                        + "'type':'indicator_match_rule'}}"));
    }

    @Test
    void multiValuedEventFieldsMatchOnAnyValue() {
        assertThat(alerts(IP_EITHER_SIDE, List.of(BAD_IP), "{'destination':{'ip':['198.51.100.1','203.0.113.7']}}"))
                .hasSize(1);
    }

    /** Kibana ≥ 8.10 searches a single-entry item on keyword-like fields with one terms query of each indicator's first value. */
    private static List<IndicatorAlert> viaTerms(ThreatMapping mapping, List<Indicator> indicators, String... events) {
        List<IndicatorMatch.Event> list = new java.util.ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            list.add(new IndicatorMatch.Event("e" + i, json(events[i])));
        }
        return new IndicatorMatch(mapping, "threat.indicator", ECS, e -> true).alerts(list, indicators);
    }

    @Test
    void theTermsShortcutTakesTheFirstOfSeveralIndicatorValuesAndEnrichesWithEveryIndicatorHoldingTheValue() {
        Indicator twoIps = indicator("i2", "{'threat':{'indicator':{'ip':['203.0.113.7','203.0.113.9']}}}");
        Indicator secondIsNine = indicator("i3", "{'threat':{'indicator':{'ip':['198.51.100.1','203.0.113.9']}}}");
        // the first value of i2 matches; i3's first value matches nothing, yet i3 holds 203.0.113.9 too
        List<IndicatorAlert> alerts = viaTerms(mapping(List.of(entry("destination.ip", "threat.indicator.ip"))), List.of(twoIps, secondIsNine),
                "{'destination':{'ip':'203.0.113.7'}}", "{'destination':{'ip':'203.0.113.9'}}", "{'destination':{'ip':'198.51.100.1'}}");
        assertThat(alerts).extracting(IndicatorAlert::eventId).containsExactly("e0", "e2");
        assertThat(alerts.get(0).enrichments()).extracting(Enrichment::id).containsExactly("i2");
        assertThat(alerts.get(0).matchedValues()).containsEntry("destination.ip", "203.0.113.7");
        assertThat(alerts.get(0).matchedQueries()).containsExactly(IndicatorMatch.termsQueryName(entry("destination.ip", "threat.indicator.ip")));
        assertThat(alerts.get(1).enrichments()).extracting(Enrichment::id).containsExactly("i3");
        // the match path drops both indicators: neither has exactly one value
        assertThat(alerts(mapping(List.of(entry("destination.ip", "threat.indicator.ip"))), List.of(twoIps, secondIsNine),
                "{'destination':{'ip':'203.0.113.7'}}", "{'destination':{'ip':'198.51.100.1'}}")).isEmpty();
    }

    @Test
    void theTermsShortcutEnrichesWithEveryIndicatorOfTheValueAndSendsOneTermsQuery() {
        Indicator other = indicator("i4", "{'threat':{'indicator':{'ip':'203.0.113.7','type':'ipv4-addr'},'feed':{'name':'Other'}}}");
        ThreatMapping single = mapping(List.of(entry("destination.ip", "threat.indicator.ip")));
        List<IndicatorAlert> alerts = viaTerms(single, List.of(BAD_IP, other), "{'destination':{'ip':'203.0.113.7'}}");
        assertThat(alerts).singleElement().satisfies(a -> assertThat(a.enrichments()).extracting(Enrichment::id).containsExactly("i1", "i4"));
        JsonNode filter = new IndicatorMatch(single, null, ECS, e -> true).threatFilter(List.of(BAD_IP, other));
        assertThat(filter).isEqualTo(json("{'bool':{'should':[{'terms':{'_name':'" + IndicatorMatch.termsQueryName(entry("destination.ip",
                "threat.indicator.ip")) + "','destination.ip':['203.0.113.7','203.0.113.7']}}],'minimum_should_match':1}}"));
        // an item of two entries is never a terms query
        ThreatMapping two = mapping(List.of(entry("destination.ip", "threat.indicator.ip"), entry("destination.port", "threat.indicator.port")));
        assertThat(new IndicatorMatch(two, null, ECS, e -> true).threatFilter(List.of(BAD_IP)).toString()).doesNotContain("terms");
    }

    @Test
    void anIndicatorWithSeveralValuesForAMappedFieldAppliesToNothing() {
        Indicator twoIps = indicator("i2", "{'threat':{'indicator':{'ip':['203.0.113.7','203.0.113.9']}}}");
        assertThat(alerts(IP_EITHER_SIDE, List.of(twoIps), "{'destination':{'ip':'203.0.113.7'}}")).isEmpty();
    }

    @Test
    void allEntriesOfAnItemMustMatch() {
        ThreatMapping hostAndIp = mapping(List.of(entry("destination.ip", "threat.indicator.ip"),
                entry("destination.port", "threat.indicator.port")));
        Indicator withPort = indicator("i3", "{'threat':{'indicator':{'ip':'203.0.113.7','port':4444}}}");
        assertThat(alerts(hostAndIp, List.of(withPort), "{'destination':{'ip':'203.0.113.7','port':4444}}")).hasSize(1);
        // boundary: one mapped field different, or missing on the event
        assertThat(alerts(hostAndIp, List.of(withPort), "{'destination':{'ip':'203.0.113.7','port':4445}}")).isEmpty();
        assertThat(alerts(hostAndIp, List.of(withPort), "{'destination':{'ip':'203.0.113.7'}}")).isEmpty();
        // the indicator lacks a mapped field: the item does not apply to it at all
        Indicator withoutPort = indicator("i4", "{'threat':{'indicator':{'ip':'203.0.113.7'}}}");
        assertThat(alerts(hostAndIp, List.of(withoutPort), "{'destination':{'ip':'203.0.113.7','port':4444}}")).isEmpty();
    }

    @Test
    void matchedQueriesIncludeClausesOfItemsThatDidNotMatchAsAWhole() {
        ThreatMapping mapping = mapping(
                List.of(entry("destination.ip", "threat.indicator.ip"), entry("destination.port", "threat.indicator.port")),
                List.of(entry("source.ip", "threat.indicator.ip")));
        Indicator indicator = indicator("i5", "{'threat':{'indicator':{'ip':'203.0.113.7','port':4444}}}");
        List<IndicatorAlert> alerts = alerts(mapping, List.of(indicator),
                "{'source':{'ip':'203.0.113.7'},'destination':{'ip':'203.0.113.7','port':80}}");
        assertThat(alerts).hasSize(1);
        // destination.ip matched on its own (its item did not), and Elasticsearch reports it: Kibana enriches with it
        assertThat(alerts.get(0).enrichments()).extracting(Enrichment::field).containsExactly("destination.ip", "source.ip");
    }

    @Test
    void negatedEntriesRequireADifferentValueOrAnExistingField() {
        ThreatMapping mapping = mapping(List.of(entry("destination.ip", "threat.indicator.ip"),
                new ThreatMapping.Entry("host.name", "threat.indicator.host", true)));
        Indicator withHost = indicator("i6", "{'threat':{'indicator':{'ip':'203.0.113.7','host':'sensor'}}}");
        assertThat(alerts(mapping, List.of(withHost), "{'destination':{'ip':'203.0.113.7'},'host':{'name':'laptop'}}")).hasSize(1);
        assertThat(alerts(mapping, List.of(withHost), "{'destination':{'ip':'203.0.113.7'},'host':{'name':'sensor'}}")).isEmpty();
        assertThat(alerts(mapping, List.of(withHost), "{'destination':{'ip':'203.0.113.7'}}")).hasSize(1);
        // an indicator without the negated field: Kibana asks for the event field to exist
        Indicator noHost = indicator("i7", "{'threat':{'indicator':{'ip':'203.0.113.7'}}}");
        assertThat(alerts(mapping, List.of(noHost), "{'destination':{'ip':'203.0.113.7'}}")).isEmpty();
        List<IndicatorAlert> withName = alerts(mapping, List.of(noHost), "{'destination':{'ip':'203.0.113.7'},'host':{'name':'x'}}");
        assertThat(withName).hasSize(1);
        assertThat(withName.get(0).enrichments()).extracting(Enrichment::field).containsExactly("destination.ip");
    }

    @Test
    void theEventFieldTypeDecidesTheMatch() {
        // an ip event field takes a CIDR indicator value, as Elasticsearch's match on an ip field does
        Indicator block = indicator("i8", "{'threat':{'indicator':{'ip':'203.0.113.0/24'}}}");
        assertThat(alerts(IP_EITHER_SIDE, List.of(block), "{'destination':{'ip':'203.0.113.200'}}")).hasSize(1);
        // keyword fields compare whole values, case-sensitively
        ThreatMapping domain = mapping(List.of(entry("dns.question.name", "threat.indicator.url.domain")));
        Indicator evil = indicator("i9", "{'threat':{'indicator':{'url':{'domain':'evil.example'}}}}");
        assertThat(alerts(domain, List.of(evil), "{'dns':{'question':{'name':'evil.example'}}}")).hasSize(1);
        assertThat(alerts(domain, List.of(evil), "{'dns':{'question':{'name':'EVIL.example'}}}")).isEmpty();
    }

    @Test
    void theThreatFilterIsKibanasNamedBoolShould() {
        JsonNode filter = new IndicatorMatch(IP_EITHER_SIDE, null, ECS).threatFilter(List.of(BAD_IP));
        assertThat(filter.at("/bool/minimum_should_match").asInt()).isEqualTo(1);
        assertThat(filter.at("/bool/should")).hasSize(2);
        assertThat(filter.at("/bool/should/1/bool/filter/0/match/destination.ip/query").asText()).isEqualTo("203.0.113.7");
        assertThat(filter.at("/bool/should/1/bool/filter/0/match/destination.ip/_name").asText())
                .isEqualTo(IndicatorMatch.queryName(BAD_IP, entry("destination.ip", "threat.indicator.ip")));
    }

    @Test
    void anIndicatorPathHoldingNoObjectFailsAsKibanaDoes() {
        Indicator flat = indicator("i10", "{'threat':{'indicator':'203.0.113.7'},'ip':'203.0.113.7'}");
        ThreatMapping byIp = mapping(List.of(entry("destination.ip", "ip")));
        assertThatThrownBy(() -> alerts(byIp, List.of(flat), "{'destination':{'ip':'203.0.113.7'}}"))
                .hasMessageContaining("Expected indicator field to be an object");
    }
}
