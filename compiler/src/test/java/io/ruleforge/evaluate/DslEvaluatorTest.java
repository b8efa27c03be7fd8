package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Behaviour of the evaluator, one table per rule. Expected verdicts are Elasticsearch's documented behaviour
 * (queries and events are written with ' for " to keep the tables readable).
 */
class DslEvaluatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FieldSchema ECS = EcsSchemas.defaultSchema();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-10T12:00:00Z"), ZoneOffset.UTC);
    private static final DslEvaluator WITH_ECS = new DslEvaluator(ECS, CLOCK);
    private static final DslEvaluator WITHOUT_MAPPING = new DslEvaluator(FieldSchema.none(), CLOCK);

    static JsonNode json(String singleQuoted) {
        try {
            return JSON.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    static DslEvaluator.Verdict ecs(String query, String event) {
        return WITH_ECS.evaluate(json(query), json(event));
    }

    /** The evaluator's verdict, which replay's matcher must give too. */
    static boolean decideAlike(DslEvaluator evaluator, MatcherCompiler matchers, String query, String event) {
        boolean verdict = evaluator.evaluate(json(query), json(event)).matched();
        assertThat(matchers.compile(json(query)).matches(new IndexedEvent(json(event), CLOCK.instant())))
                .as("replay's matcher on %s", query).isEqualTo(verdict);
        return verdict;
    }

    /**
     * A keyword with a normalizer (Elastic Defend's *.caseless fields): values and query values are lowercased alike,
     * ignore_above counts the value as written, and a normalizer the evaluator does not model is refused by every
     * query but exists. The replay matcher decides the same.
     */
    @Nested
    class Normalizers {

        private final FieldSchema schema = ECS.overlay(FieldSchema.of("caseless", List.of(
                new FieldMapping("user.name.caseless", "keyword", 8).withNormalizer(io.ruleforge.fields.Normalizer.LOWERCASE),
                new FieldMapping("user.name.folded", "keyword").withNormalizer(io.ruleforge.fields.Normalizer.custom("folding",
                        List.of("lowercase", "asciifolding"), List.of())))));
        private final DslEvaluator evaluator = new DslEvaluator(schema, CLOCK);
        private final MatcherCompiler matchers = new MatcherCompiler(schema, CLOCK);

        private boolean decide(String query, String event) {
            return decideAlike(evaluator, matchers, query, event);
        }

        @Test
        void valuesAndQueriesAreLowercasedAlike() {
            assertThat(decide("{'term':{'user.name.caseless':'ADMIN'}}", "{'user':{'name':'Admin'}}")).isTrue();
            assertThat(decide("{'terms':{'user.name.caseless':['root','ADMIN']}}", "{'user':{'name':'admin'}}")).isTrue();
            assertThat(decide("{'match':{'user.name.caseless':'aDmIn'}}", "{'user':{'name':'ADMIN'}}")).isTrue();
            assertThat(decide("{'wildcard':{'user.name.caseless':'AD*'}}", "{'user':{'name':'admin'}}")).isTrue();
            assertThat(decide("{'query_string':{'fields':['user.name.caseless'],'query':'*MIN'}}", "{'user':{'name':'Admin'}}")).isTrue();
            assertThat(decide("{'range':{'user.name.caseless':{'gte':'A','lt':'B'}}}", "{'user':{'name':'admin'}}")).isTrue();
            assertThat(decide("{'regexp':{'user.name.caseless':'AD.*'}}", "{'user':{'name':'Admin'}}")).isTrue();
            assertThat(decide("{'query_string':{'fields':['user.name.caseless'],'query':'ADMIN'}}", "{'user':{'name':'admin'}}")).isTrue();
            // the field it is a multi-field of keeps the value as written
            assertThat(decide("{'term':{'user.name':'admin'}}", "{'user':{'name':'Admin'}}")).isFalse();
        }

        /** A value over ignore_above is not indexed: no query sees it, exists included. */
        @Test
        void aValueOverIgnoreAboveIsNotIndexed() {
            assertThat(decide("{'exists':{'field':'user.name.caseless'}}", "{'user':{'name':'Administrator'}}")).isFalse();
            assertThat(decide("{'exists':{'field':'user.name.caseless'}}", "{'user':{'name':'Admin'}}")).isTrue();
        }

        @Test
        void aNormalizerTheEvaluatorDoesNotModelIsRefusedButForExists() {
            assertThatThrownBy(() -> evaluator.evaluate(json("{'term':{'user.name.folded':'cafe'}}"), json("{'user':{'name':'Café'}}")))
                    .isInstanceOf(DslEvaluationException.class)
                    .hasMessageContaining("the normalizer [folding] is not modelled by ruleforge: its filter \"asciifolding\"");
            assertThatThrownBy(() -> matchers.compile(json("{'wildcard':{'user.name.folded':'caf*'}}")))
                    .isInstanceOf(DslEvaluationException.class).hasMessageContaining("[folding]");
            assertThat(decide("{'exists':{'field':'user.name.folded'}}", "{'user':{'name':'Café'}}")).isTrue();
            assertThatThrownBy(() -> TermKeys.of(schema).keys(json("{'user':{'name':'Café'}}"), "user.name.folded"))
                    .isInstanceOf(DslEvaluationException.class).hasMessageStartingWith("user.name.folded: the normalizer [folding]");
        }

        /** Elasticsearch's case_insensitive folds ASCII letters only (AutomatonQueries.toCaseInsensitiveChar). */
        @Test
        void caseInsensitiveFoldsAsciiLettersOnly() {
            assertThat(decide("{'term':{'process.name':{'value':'CMD.EXE','case_insensitive':true}}}", "{'process':{'name':'cmd.exe'}}")).isTrue();
            assertThat(decide("{'term':{'process.name':{'value':'CAFÉ.EXE','case_insensitive':true}}}", "{'process':{'name':'café.exe'}}")).isFalse();
            assertThat(decide("{'wildcard':{'process.name':{'value':'É*','case_insensitive':true}}}", "{'process':{'name':'é.exe'}}")).isFalse();
            assertThat(decide("{'regexp':{'process.name':{'value':'É.*','case_insensitive':true}}}", "{'process':{'name':'é.exe'}}")).isFalse();
            assertThat(decide("{'regexp':{'process.name':{'value':'C.*','case_insensitive':true}}}", "{'process':{'name':'cmd.exe'}}")).isTrue();
            // Lucene folds literal letters only: a character class keeps its case
            assertThat(decide("{'regexp':{'process.name':{'value':'[A-Z]+\\\\.exe','case_insensitive':true}}}", "{'process':{'name':'cmd.exe'}}")).isFalse();
            assertThat(decide("{'regexp':{'process.name':{'value':'\\\"CMD\\\".*','case_insensitive':true}}}", "{'process':{'name':'cmd.exe'}}")).isTrue();
        }
    }

    static final String SEED = "{'bool':{'filter':["
            + "{'bool':{'should':[{'match':{'process.name':'cmd.exe'}}],'minimum_should_match':1}},"
            + "{'bool':{'should':[{'match_phrase':{'event.action':'Network connection detected (rule: NetworkConnect)'}}],'minimum_should_match':1}},"
            + "{'bool':{'must_not':{'bool':{'should':["
            + "{'bool':{'should':[{'match':{'destination.ip':'10.0.0.0/8'}}],'minimum_should_match':1}},"
            + "{'bool':{'should':[{'match':{'destination.ip':'172.16.0.0/12'}}],'minimum_should_match':1}},"
            + "{'bool':{'should':[{'match':{'destination.ip':'192.168.0.0/16'}}],'minimum_should_match':1}}],"
            + "'minimum_should_match':1}}}}]}}";

    static String sysmonNetwork(String processName, String action, String destination) {
        return "{'@timestamp':'2024-05-10T11:59:00.000Z','event':{'code':'3','action':'" + action + "',"
                + "'category':['network'],'provider':'Microsoft-Windows-Sysmon'},"
                + "'process':{'name':'" + processName + "','pid':4242,'executable':'C:\\\\Windows\\\\System32\\\\" + processName + "'},"
                + "'source':{'ip':'10.0.0.5','port':50123},'destination':{'ip':'" + destination + "','port':443},"
                + "'winlog':{'channel':'Microsoft-Windows-Sysmon/Operational','event_id':3}}";
    }

    static final String CONNECT = "Network connection detected (rule: NetworkConnect)";

    /**
     * A bool with no should and no must/filter clause, as a value-list exception item can build one: decided as
     * Elasticsearch 8.19.21 decided these shapes (BoolShapesDifferentialIT runs them there), by the evaluator and by
     * replay's matcher alike.
     */
    @Nested
    class BoolWithoutRequiredClauses {

        private final MatcherCompiler matchers = new MatcherCompiler(ECS, CLOCK);
        private static final String A = "{'user':{'name':'a'}}";
        private static final String B = "{'user':{'name':'b'}}";

        private boolean decide(String query, String event) {
            return decideAlike(WITH_ECS, matchers, query, event);
        }

        @Test
        void aBoolOfNoClausesMatchesEverythingWhateverItsMinimum() {
            assertThat(decide("{'bool':{'minimum_should_match':1}}", A)).isTrue();
            assertThat(decide("{'bool':{'should':[],'minimum_should_match':1}}", A)).isTrue();
            assertThat(decide("{'bool':{'must_not':[],'minimum_should_match':'abc'}}", A)).isTrue();
        }

        @Test
        void aBoolOfMustNotClausesAloneDropsItsMinimum() {
            String query = "{'bool':{'must_not':[{'term':{'user.name':'a'}}],'minimum_should_match':1}}";
            assertThat(decide(query, A)).isFalse();
            assertThat(decide(query, B)).isTrue();
        }

        @Test
        void aMinimumAboveTheShouldClausesStillMatchesNothingBesideRequiredClauses() {
            assertThat(decide("{'bool':{'filter':[{'term':{'user.name':'a'}}],'minimum_should_match':1}}", A)).isFalse();
        }

        @Test
        void aMinimumElasticsearchCannotReadIsRefusedWhereItReadsIt() {
            assertThatThrownBy(() -> ecs("{'bool':{'must_not':[{'term':{'user.name':'a'}}],'minimum_should_match':'abc'}}", B))
                    .isInstanceOf(DslEvaluationException.class).hasMessageContaining("minimum_should_match");
            assertThatThrownBy(() -> ecs("{'bool':{'minimum_should_match':{'x':1}}}", B))
                    .isInstanceOf(DslEvaluationException.class).hasMessageContaining("minimum_should_match");
        }
    }

    /**
     * Replay's matcher parses an ip terms query's values and an ip range's bounds once (a value list builds such
     * queries); it must decide as the evaluator does, bounds exclusive and inclusive, blocks and mapped addresses.
     */
    @Nested
    class IpQueriesCompiledOnce {

        private final MatcherCompiler matchers = new MatcherCompiler(ECS, CLOCK);

        private boolean decide(String query, String event) {
            return decideAlike(WITH_ECS, matchers, query, event);
        }

        @Test
        void termsOfAddressesAndBlocks() {
            String query = "{'terms':{'source.ip':['10.0.0.0/24','2001:db8::1','192.168.1.7']}}";
            assertThat(decide(query, "{'source':{'ip':'10.0.0.255'}}")).isTrue();
            assertThat(decide(query, "{'source':{'ip':'10.0.1.0'}}")).isFalse();
            assertThat(decide(query, "{'source':{'ip':['11.0.0.1','::ffff:192.168.1.7']}}")).isTrue();
            assertThat(decide(query, "{'source':{'ip':'2001:db8::2'}}")).isFalse();
            assertThat(decide(query, "{'source':{'port':80}}")).isFalse();
        }

        @Test
        void rangesWithInclusiveAndExclusiveBounds() {
            assertThat(decide("{'range':{'source.ip':{'gte':'10.0.0.1','lte':'10.0.0.9'}}}", "{'source':{'ip':'10.0.0.9'}}")).isTrue();
            assertThat(decide("{'range':{'source.ip':{'gt':'10.0.0.1','lt':'10.0.0.9'}}}", "{'source':{'ip':'10.0.0.9'}}")).isFalse();
            assertThat(decide("{'range':{'source.ip':{'gt':'10.0.0.1','lt':'10.0.0.9'}}}", "{'source':{'ip':'10.0.0.1'}}")).isFalse();
            assertThat(decide("{'range':{'source.ip':{'gt':'10.0.0.1'}}}", "{'source':{'ip':'10.0.0.2'}}")).isTrue();
            assertThat(decide("{'range':{'source.ip':{'gte':'::','lte':'10.0.0.0'}}}", "{'source':{'ip':'2001:db8::1'}}")).isFalse();
            // of gt and gte the one written last counts, as Elasticsearch reads the body
            assertThat(decide("{'range':{'source.ip':{'gt':'10.0.0.5','gte':'10.0.0.1'}}}", "{'source':{'ip':'10.0.0.3'}}")).isTrue();
        }

        @Test
        void aValueElasticsearchRefusesIsRefusedByBoth() {
            for (String query : List.of("{'terms':{'source.ip':['10.0.0.0/33']}}", "{'range':{'source.ip':{'gte':'ten'}}}")) {
                assertThatThrownBy(() -> ecs(query, "{'source':{'ip':'10.0.0.1'}}")).isInstanceOf(DslEvaluationException.class);
                assertThatThrownBy(() -> matchers.compile(json(query)).matches(
                        new IndexedEvent(json("{'source':{'ip':'10.0.0.1'}}"), CLOCK.instant()))).isInstanceOf(DslEvaluationException.class);
            }
        }
    }

    @Nested
    class SeedQuery {

        static Stream<Arguments> destinations() {
            return Stream.of(
                    arguments("8.8.8.8", true),
                    arguments("172.32.0.1", true),
                    arguments("11.0.0.0", true),
                    arguments("9.255.255.255", true),
                    arguments("2001:4860:4860::8888", true),
                    arguments("10.0.0.0", false),
                    arguments("10.1.2.3", false),
                    arguments("10.255.255.255", false),
                    arguments("172.16.0.0", false),
                    arguments("172.31.255.255", false),
                    arguments("192.168.0.1", false),
                    arguments("192.168.255.255", false),
                    arguments("::ffff:192.168.1.1", false));
        }

        @ParameterizedTest(name = "cmd.exe to {0} → {1}")
        @MethodSource("destinations")
        void firesOnlyForPublicDestinations(String destination, boolean expected) {
            assertThat(ecs(SEED, sysmonNetwork("cmd.exe", CONNECT, destination)).matched()).isEqualTo(expected);
        }

        @Test
        void keywordProcessNameIsCaseSensitive() {
            assertThat(ecs(SEED, sysmonNetwork("CMD.EXE", CONNECT, "8.8.8.8")).matched()).isFalse();
        }

        @Test
        void otherActionOrProcessDoesNotFire() {
            assertThat(ecs(SEED, sysmonNetwork("cmd.exe", "Process Create (rule: ProcessCreate)", "8.8.8.8")).matched()).isFalse();
            assertThat(ecs(SEED, sysmonNetwork("powershell.exe", CONNECT, "8.8.8.8")).matched()).isFalse();
        }

        @Test
        void explainsTheDecidingClause() {
            assertThat(ecs(SEED, sysmonNetwork("cmd.exe", CONNECT, "10.1.2.3")).explanation())
                    .isEqualTo("bool.filter[2].bool.must_not.bool.should[0]: destination.ip 10.0.0.0/8 matched 10.1.2.3");
            assertThat(ecs(SEED, sysmonNetwork("cmd.exe", "Other", "8.8.8.8")).explanation())
                    .isEqualTo("bool.filter[1]: no value of event.action equals \"" + CONNECT + "\" (event.action: \"Other\")");
            assertThat(ecs(SEED, sysmonNetwork("cmd.exe", CONNECT, "8.8.8.8")).explanation())
                    .startsWith("bool: all 3 must/filter clauses matched");
        }

        @Test
        void explainsMustNotArrayAndFilterLeavesLikeTheBrief() {
            assertThat(ecs("{'bool':{'must_not':[{'match':{'destination.ip':'10.0.0.0/8'}}]}}",
                    "{'destination':{'ip':'10.1.2.3'}}").explanation())
                    .isEqualTo("bool.must_not[0]: destination.ip 10.0.0.0/8 matched 10.1.2.3");
            assertThat(ecs("{'bool':{'filter':[{'match_all':{}},{'term':{'event.action':'x'}}]}}",
                    "{'event':{'action':'y'}}").explanation())
                    .isEqualTo("bool.filter[1]: no value of event.action equals \"x\" (event.action: \"y\")");
            assertThat(ecs("{'term':{'event.action':'x'}}", "{}").explanation())
                    .isEqualTo("term: event.action has no indexed value");
            // a float field's query value in Java's syntax, as Elasticsearch's Float.parseFloat reads it (a value list
            // may hold one since its items are read so); a long's is a decimal only (Numbers.toLong)
            assertThat(ecs("{'term':{'process.pe.entropy':'0.5f'}}", "{'process':{'pe':{'entropy':0.5}}}").matched()).isTrue();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ecs("{'term':{'process.pid':'5d'}}", "{'process':{'pid':5}}"))
                    .isInstanceOf(DslEvaluationException.class).hasMessageContaining("For input string: \"5d\"");
            // a document's date is read as written: Elasticsearch refuses " 2024-01-01" (no value here, RF6011 in fixtures)
            assertThat(ecs("{'range':{'event.created':{'gte':'2024-01-01'}}}", "{'event':{'created':' 2024-01-01'}}").matched()).isFalse();
            assertThat(ecs("{'range':{'event.created':{'gte':'2024-01-01'}}}", "{'event':{'created':'2024-01-01'}}").matched()).isTrue();
            // an IPv6 block holding an IPv4 address says why (a probe found "::/8 matched 8.8.8.8" puzzling)
            assertThat(ecs("{'match':{'destination.ip':'::/8'}}", "{'destination':{'ip':'8.8.8.8'}}").explanation())
                    .isEqualTo("match: destination.ip ::/8 matched 8.8.8.8 (an IPv4 address, which Elasticsearch keeps as ::ffff:8.8.8.8)");
        }

        /**
         * {@code process.name:(powershell.exe or pwsh.exe)} as Kibana 8.12 sends it with ECS: a should of one term per
         * value. A miss names the field, the event's value, the values wanted and why they differ.
         */
        @Test
        void aValueListThatDoesNotMatchIsExplainedAsTheListWithTheEventsValue() {
            String valueList = "{'bool':{'filter':[{'match_all':{}},{'bool':{'should':["
                    + "{'bool':{'should':[{'term':{'process.name':'powershell.exe'}}],'minimum_should_match':1}},"
                    + "{'bool':{'should':[{'term':{'process.name':'pwsh.exe'}}],'minimum_should_match':1}}],"
                    + "'minimum_should_match':1}}]}}";
            assertThat(ecs(valueList, "{'process':{'name':'POWERSHELL.EXE'}}").explanation()).isEqualTo(
                    "bool.filter[1]: no value of process.name equals any of \"powershell.exe\", \"pwsh.exe\""
                            + " (process.name: \"POWERSHELL.EXE\"; keyword values are compared case-sensitively,"
                            + " and \"POWERSHELL.EXE\" differs from \"powershell.exe\" only in case)");
            // another value: no word about case
            assertThat(ecs(valueList, "{'process':{'name':['cmd.exe','conhost.exe']}}").explanation()).isEqualTo(
                    "bool.filter[1]: no value of process.name equals any of \"powershell.exe\", \"pwsh.exe\""
                            + " (process.name: \"cmd.exe\", \"conhost.exe\")");
            // no such field: said once, not per value
            assertThat(ecs(valueList, "{'process':{'pid':1}}").explanation())
                    .isEqualTo("bool.filter[1]: process.name has no indexed value");
            // mixed comparisons on one field are listed with their own verbs
            String mixed = "{'bool':{'should':[{'term':{'process.name':'cmd.exe'}},{'wildcard':{'process.name':'*pwsh*'}}]}}";
            assertThat(ecs(mixed, "{'process':{'name':'PWSH.EXE'}}").explanation()).isEqualTo(
                    "bool: no value of process.name equals \"cmd.exe\" or matches wildcard \"*pwsh*\""
                            + " (process.name: \"PWSH.EXE\"; keyword values are compared case-sensitively,"
                            + " and \"PWSH.EXE\" matches \"*pwsh*\" only when case is ignored)");
            // the terms query says the same
            assertThat(ecs("{'terms':{'process.name':['a.exe','cmd.exe']}}", "{'process':{'name':'CMD.EXE'}}").explanation())
                    .isEqualTo("terms: no value of process.name is one of \"a.exe\", \"cmd.exe\" (process.name: \"CMD.EXE\";"
                            + " keyword values are compared case-sensitively, and \"CMD.EXE\" differs from \"cmd.exe\" only in case)");
            // a long list is shortened, so that the event's value and the reason still fit the line
            String thirty = "{'bool':{'should':[" + IntStream.range(0, 30)
                    .mapToObj(i -> "{'term':{'process.name':'tool" + i + ".exe'}}").collect(Collectors.joining(","))
                    + "],'minimum_should_match':1}}";
            assertThat(ecs(thirty, "{'process':{'name':'TOOL29.EXE'}}").explanation()).isEqualTo(
                    "bool: no value of process.name equals any of \"tool0.exe\", \"tool1.exe\", \"tool2.exe\", \"tool3.exe\","
                            + " \"tool4.exe\", \"tool5.exe\", \"tool6.exe\", \"tool7.exe\", … (30 values) (process.name: \"TOOL29.EXE\";"
                            + " keyword values are compared case-sensitively, and \"TOOL29.EXE\" differs from \"tool29.exe\" only in case)");
            // a single term on a text field is analysed, so case is never the reason
            assertThat(ecs("{'match':{'process.command_line':'powershell'}}", "{'process':{'command_line':'cmd /c dir'}}")
                    .explanation()).doesNotContain("case");
        }

        /** Without an index template every string is dynamic text: the CIDR exclusions cannot match text tokens. */
        @Test
        void withoutMappingTheExclusionsNeverMatch() {
            JsonNode seed = json(SEED);
            assertThat(WITHOUT_MAPPING.evaluate(seed, json(sysmonNetwork("cmd.exe", CONNECT, "10.1.2.3"))).matched()).isTrue();
            assertThat(WITHOUT_MAPPING.evaluate(seed, json(sysmonNetwork("CMD.EXE", CONNECT, "8.8.8.8"))).matched()).isTrue();
        }
    }

    /** The DSL shapes of KQL_SPEC §5.3/§7 exactly as Kibana emits them, against an ECS-mapped event. */
    static Stream<Arguments> kibanaShapes() {
        String event = sysmonNetwork("cmd.exe", CONNECT, "8.8.8.8");
        return Stream.of(
                arguments("process.name:cmd.exe", "{'bool':{'should':[{'match':{'process.name':'cmd.exe'}}],'minimum_should_match':1}}", event, true),
                arguments("process.name:\"cmd.exe\"", "{'bool':{'should':[{'match_phrase':{'process.name':'cmd.exe'}}],'minimum_should_match':1}}", event, true),
                arguments("8.9+typed: term", "{'bool':{'should':[{'term':{'process.name':{'value':'cmd.exe'}}}],'minimum_should_match':1}}", event, true),
                arguments("process.name:*", "{'bool':{'should':[{'exists':{'field':'process.name'}}],'minimum_should_match':1}}", event, true),
                arguments("not process.parent.name:*", "{'bool':{'must_not':{'bool':{'should':[{'exists':{'field':'process.parent.name'}}],'minimum_should_match':1}}}}", event, true),
                arguments("process.name:*cmd*", "{'bool':{'should':[{'query_string':{'fields':['process.name'],'query':'*cmd*'}}],'minimum_should_match':1}}", event, true),
                arguments("process.name:\"*cmd*\" (literal stars)", "{'bool':{'should':[{'match_phrase':{'process.name':'*cmd*'}}],'minimum_should_match':1}}", event, false),
                arguments("8.12 keyword wildcard", "{'bool':{'should':[{'wildcard':{'process.name':{'value':'*cmd*'}}}],'minimum_should_match':1}}", event, true),
                arguments("destination.port:443 (string)", "{'bool':{'should':[{'match':{'destination.port':'443'}}],'minimum_should_match':1}}", event, true),
                arguments("destination.port:(20 or 21)", "{'bool':{'should':[{'bool':{'should':[{'match':{'destination.port':'20'}}],'minimum_should_match':1}},{'bool':{'should':[{'match':{'destination.port':'21'}}],'minimum_should_match':1}}],'minimum_should_match':1}}", event, false),
                arguments("destination.port > 400", "{'bool':{'should':[{'range':{'destination.port':{'gt':'400'}}}],'minimum_should_match':1}}", event, true),
                arguments("@timestamp >= now-1d", "{'bool':{'should':[{'range':{'@timestamp':{'gte':'now-1d'}}}],'minimum_should_match':1}}", event, true),
                arguments("cmd.exe (bare)", "{'multi_match':{'type':'best_fields','query':'cmd.exe','lenient':true}}", event, true),
                arguments("\"connection detected\" (bare phrase)", "{'multi_match':{'type':'phrase','query':'connection detected','lenient':true}}", event, false),
                arguments("cmd* (bare wildcard)", "{'query_string':{'query':'cmd*'}}", event, true),
                arguments("* (bare)", "{'query_string':{'query':'*'}}", event, true),
                arguments("*:* / empty", "{'match_all':{}}", event, true),
                arguments("a:1 and b:2 or c:3", "{'bool':{'should':[{'bool':{'filter':[{'bool':{'should':[{'match':{'process.name':'cmd.exe'}}],'minimum_should_match':1}},{'bool':{'should':[{'match':{'destination.port':'80'}}],'minimum_should_match':1}}]}},{'bool':{'should':[{'match':{'event.code':'1'}}],'minimum_should_match':1}}],'minimum_should_match':1}}", event, false),
                arguments("buildEsQuery wrapper", "{'bool':{'must':[],'filter':[{'bool':{'should':[{'match':{'process.name':'cmd.exe'}}],'minimum_should_match':1}}],'should':[],'must_not':[]}}", event, true),
                arguments("exception list as must_not should", "{'bool':{'must':[],'filter':[{'match_all':{}}],'should':[],'must_not':[{'bool':{'should':[{'bool':{'should':[{'match_phrase':{'destination.ip':'8.8.8.8'}}],'minimum_should_match':1}}]}}]}}", event, false),
                arguments("detection engine time filter", "{'bool':{'filter':[{'bool':{'should':[{'match':{'process.name':'cmd.exe'}}],'minimum_should_match':1}},{'range':{'@timestamp':{'lte':'2024-05-10T12:00:00.000Z','gte':'2024-05-10T11:54:00.000Z','format':'strict_date_optional_time'}}}]}}", event, true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kibanaShapes")
    void kibanaShapesFromTheSpec(String kql, String query, String event, boolean expected) {
        assertThat(ecs(query, event).matched()).isEqualTo(expected);
    }

    static Stream<Arguments> keywordCases() {
        return Stream.of(
                arguments("term exact", "{'term':{'process.name':{'value':'cmd.exe'}}}", "{'process':{'name':'cmd.exe'}}", true),
                arguments("term is case-sensitive", "{'term':{'process.name':{'value':'cmd.exe'}}}", "{'process':{'name':'CMD.EXE'}}", false),
                arguments("term case_insensitive", "{'term':{'process.name':{'value':'cmd.exe','case_insensitive':true}}}", "{'process':{'name':'CMD.EXE'}}", true),
                arguments("term short form", "{'term':{'process.name':'cmd.exe'}}", "{'process':{'name':'cmd.exe'}}", true),
                arguments("match on keyword is the whole value", "{'match':{'process.name':'cmd.exe'}}", "{'process':{'name':'cmd.exe /c'}}", false),
                arguments("match_phrase on keyword", "{'match_phrase':{'event.action':'" + CONNECT + "'}}", "{'event':{'action':'" + CONNECT + "'}}", true),
                arguments("dotted key", "{'term':{'process.name':'cmd.exe'}}", "{'process.name':'cmd.exe'}", true),
                arguments("mixed dotted key", "{'term':{'process.parent.name':'explorer.exe'}}", "{'process':{'parent.name':'explorer.exe'}}", true),
                arguments("multi-valued array", "{'term':{'process.args':'-enc'}}", "{'process':{'args':['powershell.exe','-enc','SQBFAFgA']}}", true),
                arguments("missing field", "{'term':{'process.name':'cmd.exe'}}", "{'process':{'pid':1}}", false),
                arguments("null value", "{'term':{'process.name':'cmd.exe'}}", "{'process':{'name':null}}", false),
                arguments("number indexed as text", "{'term':{'event.code':'3'}}", "{'event':{'code':3}}", true),
                arguments("terms any", "{'terms':{'process.name':['a.exe','cmd.exe']}}", "{'process':{'name':'cmd.exe'}}", true),
                arguments("terms none", "{'terms':{'process.name':['a.exe','b.exe']}}", "{'process':{'name':'cmd.exe'}}", false),
                arguments("wildcard star", "{'wildcard':{'process.name':{'value':'c*d.exe'}}}", "{'process':{'name':'cmd.exe'}}", true),
                arguments("wildcard question mark", "{'wildcard':{'process.name':'cmd.ex?'}}", "{'process':{'name':'cmd.exe'}}", true),
                arguments("wildcard whole value", "{'wildcard':{'process.name':'cmd'}}", "{'process':{'name':'cmd.exe'}}", false),
                arguments("wildcard case-sensitive", "{'wildcard':{'process.name':{'value':'CMD*'}}}", "{'process':{'name':'cmd.exe'}}", false),
                arguments("wildcard case_insensitive", "{'wildcard':{'process.name':{'value':'CMD*','case_insensitive':true}}}", "{'process':{'name':'cmd.exe'}}", true),
                arguments("wildcard escaped star is literal", "{'wildcard':{'process.name':'a\\\\*'}}", "{'process':{'name':'a*'}}", true),
                arguments("wildcard escaped star no match", "{'wildcard':{'process.name':'a\\\\*'}}", "{'process':{'name':'ab'}}", false),
                arguments("8.12 escaped backslash path", "{'wildcard':{'file.path':{'value':'*\\\\\\\\system32\\\\\\\\*'}}}", "{'file':{'path':'C:\\\\Windows\\\\System32\\\\x.dll'}}", false),
                arguments("8.12 escaped backslash path, same case", "{'wildcard':{'file.path':{'value':'*\\\\\\\\System32\\\\\\\\*'}}}", "{'file':{'path':'C:\\\\Windows\\\\System32\\\\x.dll'}}", true),
                arguments("query_string wildcard on keyword", "{'query_string':{'fields':['process.name'],'query':'cmd*'}}", "{'process':{'name':'cmd.exe'}}", true),
                arguments("query_string keyword case-sensitive", "{'query_string':{'fields':['process.name'],'query':'CMD*'}}", "{'process':{'name':'cmd.exe'}}", false),
                arguments("query_string escaped dash", "{'query_string':{'fields':['process.args'],'query':'*\\\\-enc*'}}", "{'process':{'args':['-encodedcommand']}}", true),
                arguments("query_string on wildcard-type field", "{'query_string':{'fields':['process.command_line'],'query':'*whoami*'}}", "{'process':{'command_line':'cmd.exe /c whoami'}}", true),
                arguments("query_string space splits terms (OR)", "{'query_string':{'fields':['process.name'],'query':'nomatch cmd*'}}", "{'process':{'name':'cmd.exe'}}", true),
                arguments("multi_match listed fields", "{'multi_match':{'query':'whoami','fields':['process.name','process.command_line.text^2']}}", "{'process':{'name':'cmd.exe','command_line':'cmd.exe /c whoami'}}", true),
                arguments("multi_match field pattern", "{'multi_match':{'query':'cmd.exe','fields':['process.*']}}", "{'process':{'name':'cmd.exe'}}", true),
                arguments("multi_match phrase on keyword is whole value", "{'multi_match':{'type':'phrase','query':'cmd','fields':['process.name']}}", "{'process':{'name':'cmd.exe'}}", false),
                arguments("constant_score filter", "{'constant_score':{'filter':{'term':{'process.name':'cmd.exe'}}}}", "{'process':{'name':'cmd.exe'}}", true),
                arguments("range on keyword is lexicographic", "{'range':{'process.name':{'gte':'b','lt':'d'}}}", "{'process':{'name':'cmd.exe'}}", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keywordCases")
    void keywordFields(String name, String query, String event, boolean expected) {
        assertThat(ecs(query, event).matched()).isEqualTo(expected);
    }

    static Stream<Arguments> ignoreAboveCases() {
        String at1024 = "a".repeat(1024);
        String at1025 = "a".repeat(1025);
        return Stream.of(
                arguments("1024 chars indexed", "{'term':{'event.action':'" + at1024 + "'}}", "{'event':{'action':'" + at1024 + "'}}", true),
                arguments("1025 chars not indexed", "{'term':{'event.action':'" + at1025 + "'}}", "{'event':{'action':'" + at1025 + "'}}", false),
                arguments("1025 chars: exists is false", "{'exists':{'field':'event.action'}}", "{'event':{'action':'" + at1025 + "'}}", false),
                arguments("one short value of many is enough", "{'exists':{'field':'event.action'}}", "{'event':{'action':['" + at1025 + "','x']}}", true),
                arguments("dynamic .keyword ignore_above 256", "{'term':{'custom.note.keyword':'" + "b".repeat(257) + "'}}", "{'custom':{'note':'" + "b".repeat(257) + "'}}", false),
                arguments("dynamic .keyword at 256", "{'term':{'custom.note.keyword':'" + "b".repeat(256) + "'}}", "{'custom':{'note':'" + "b".repeat(256) + "'}}", true),
                arguments("dynamic text still matches long value", "{'match':{'custom.note':'" + "b".repeat(257) + "'}}", "{'custom':{'note':'" + "b".repeat(257) + "'}}", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoreAboveCases")
    void ignoreAbove(String name, String query, String event, boolean expected) {
        assertThat(ecs(query, event).matched()).isEqualTo(expected);
    }

    static Stream<Arguments> textCases() {
        return Stream.of(
                arguments("match any token", "{'match':{'message':'Hello'}}", "{'message':'hello world'}", true),
                arguments("match OR by default", "{'match':{'message':'world foo'}}", "{'message':'hello world'}", true),
                arguments("match operator and", "{'match':{'message':{'query':'world foo','operator':'and'}}}", "{'message':'hello world'}", false),
                arguments("match operator and, all present", "{'match':{'message':{'query':'World HELLO','operator':'and'}}}", "{'message':'hello world'}", true),
                arguments("match_phrase consecutive", "{'match_phrase':{'message':'hello world'}}", "{'message':'Say Hello, World!'}", true),
                arguments("match_phrase gap", "{'match_phrase':{'message':'hello world'}}", "{'message':'hello big world'}", false),
                arguments("match_phrase order", "{'match_phrase':{'message':'world hello'}}", "{'message':'hello world'}", false),
                arguments("phrase does not span array values", "{'match_phrase':{'message':'hello world'}}", "{'message':['hello','world']}", false),
                arguments("match across array values", "{'match':{'message':'world'}}", "{'message':['hello','world']}", true),
                arguments("term is not analysed", "{'term':{'message':'Hello'}}", "{'message':'hello'}", false),
                arguments("term equals a token", "{'term':{'message':'hello'}}", "{'message':'Hello there'}", true),
                arguments("multi-field .text reads the parent", "{'match':{'process.command_line.text':'WHOAMI'}}", "{'process':{'command_line':'cmd.exe /c whoami'}}", true),
                arguments("wildcard-type parent is whole value", "{'match':{'process.command_line':'whoami'}}", "{'process':{'command_line':'cmd.exe /c whoami'}}", false),
                arguments("path tokens", "{'match_phrase':{'process.command_line.text':'windows system32'}}", "{'process':{'command_line':'C:\\\\Windows\\\\System32\\\\cmd.exe'}}", true),
                arguments("query_string wildcard is per token", "{'query_string':{'fields':['process.command_line.text'],'query':'*ssm\\\\-user'}}", "{'process':{'command_line':'runas ssm-user'}}", false),
                arguments("wildcard query on text is not lower-cased", "{'wildcard':{'message':{'value':'HEL*'}}}", "{'message':'Hello world'}", false),
                arguments("wildcard query on text matches a token", "{'wildcard':{'message':{'value':'hel*'}}}", "{'message':'Hello world'}", true),
                arguments("wildcard query on text, case_insensitive", "{'wildcard':{'message':{'value':'HEL*','case_insensitive':true}}}", "{'message':'Hello world'}", true),
                arguments("query_string wildcard lower-cased", "{'query_string':{'fields':['message'],'query':'HEL*'}}", "{'message':'Hello world'}", true),
                arguments("query_string analyze_wildcard splits", "{'query_string':{'fields':['process.command_line.text'],'query':'*ssm\\\\-user','analyze_wildcard':true}}", "{'process':{'command_line':'runas ssm-user'}}", true),
                arguments("query_string term without wildcard is analysed", "{'query_string':{'fields':['message'],'query':'WORLD'}}", "{'message':'hello world'}", true),
                arguments("punctuation-only query has no tokens", "{'match':{'message':'!!!'}}", "{'message':'!!!'}", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("textCases")
    void textFields(String name, String query, String event, boolean expected) {
        assertThat(ecs(query, event).matched()).isEqualTo(expected);
    }

    static Stream<Arguments> ipCases() {
        return Stream.of(
                arguments("cidr lower bound", "{'match':{'destination.ip':'10.0.0.0/8'}}", "{'destination':{'ip':'10.0.0.0'}}", true),
                arguments("cidr upper bound", "{'match':{'destination.ip':'10.0.0.0/8'}}", "{'destination':{'ip':'10.255.255.255'}}", true),
                arguments("cidr above", "{'match':{'destination.ip':'10.0.0.0/8'}}", "{'destination':{'ip':'11.0.0.0'}}", false),
                arguments("cidr below", "{'match':{'destination.ip':'10.0.0.0/8'}}", "{'destination':{'ip':'9.255.255.255'}}", false),
                arguments("term cidr", "{'term':{'source.ip':'192.168.0.0/16'}}", "{'source':{'ip':'192.168.7.7'}}", true),
                arguments("ipv6 loopback phrase", "{'match_phrase':{'destination.ip':'::1'}}", "{'destination':{'ip':'0:0:0:0:0:0:0:1'}}", true),
                arguments("ipv6 link-local cidr", "{'match_phrase':{'destination.ip':'FE80::/10'}}", "{'destination':{'ip':'fe80::1c2d:3e4f'}}", true),
                arguments("ipv6 outside cidr", "{'match_phrase':{'destination.ip':'FE80::/10'}}", "{'destination':{'ip':'fec0::1'}}", false),
                arguments("mapped ipv6 equals ipv4", "{'term':{'destination.ip':'::ffff:10.0.0.1'}}", "{'destination':{'ip':'10.0.0.1'}}", true),
                arguments("mapped event value in v4 cidr", "{'match':{'destination.ip':'10.0.0.0/8'}}", "{'destination':{'ip':'::ffff:10.0.0.1'}}", true),
                arguments("multi-valued ip", "{'match':{'destination.ip':'10.0.0.0/8'}}", "{'destination':{'ip':['8.8.8.8','10.0.0.1']}}", true),
                arguments("ip range", "{'range':{'destination.ip':{'gte':'10.0.0.0','lt':'10.0.0.10'}}}", "{'destination':{'ip':'10.0.0.5'}}", true),
                arguments("ip range exclusive upper", "{'range':{'destination.ip':{'gte':'10.0.0.0','lt':'10.0.0.10'}}}", "{'destination':{'ip':'10.0.0.10'}}", false),
                arguments("query_string * on ip is exists", "{'query_string':{'fields':['destination.ip'],'query':'*'}}", "{'destination':{'ip':'10.0.0.1'}}", true),
                arguments("multi_match is lenient", "{'multi_match':{'type':'best_fields','query':'not-an-ip','lenient':true}}", "{'destination':{'ip':'10.0.0.1'},'message':'not an ip'}", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ipCases")
    void ipFields(String name, String query, String event, boolean expected) {
        assertThat(ecs(query, event).matched()).isEqualTo(expected);
    }

    static Stream<Arguments> numberDateBooleanCases() {
        return Stream.of(
                arguments("port as string", "{'match':{'destination.port':'443'}}", "{'destination':{'port':443}}", true),
                arguments("port coerced from source string", "{'match':{'destination.port':'443'}}", "{'destination':{'port':'443'}}", true),
                arguments("other port", "{'match':{'destination.port':'443'}}", "{'destination':{'port':8443}}", false),
                arguments("term number", "{'term':{'destination.port':443}}", "{'destination':{'port':443}}", true),
                arguments("decimal on long matches nothing", "{'term':{'destination.port':'443.5'}}", "{'destination':{'port':443}}", false),
                arguments("range lte inclusive", "{'range':{'destination.port':{'lte':'5810'}}}", "{'destination':{'port':5810}}", true),
                arguments("range lt exclusive", "{'range':{'destination.port':{'lt':'5810'}}}", "{'destination':{'port':5810}}", false),
                arguments("range gt large long", "{'range':{'event.duration':{'gt':'60000000000'}}}", "{'event':{'duration':60000000001}}", true),
                arguments("range gte decimal bound on long", "{'range':{'destination.port':{'gte':'1.5'}}}", "{'destination':{'port':2}}", true),
                arguments("date now-1d inside", "{'range':{'@timestamp':{'gte':'now-1d'}}}", "{'@timestamp':'2024-05-09T13:00:00Z'}", true),
                arguments("date now-1d outside", "{'range':{'@timestamp':{'gte':'now-1d'}}}", "{'@timestamp':'2024-05-09T11:00:00Z'}", false),
                arguments("date now-1d/d rounds down", "{'range':{'@timestamp':{'gte':'now-1d/d'}}}", "{'@timestamp':'2024-05-09T00:00:00Z'}", true),
                arguments("date now-1d/d excludes earlier", "{'range':{'@timestamp':{'gte':'now-1d/d'}}}", "{'@timestamp':'2024-05-08T23:59:59.999Z'}", false),
                arguments("lte a day includes the whole day", "{'range':{'@timestamp':{'lte':'2024-05-09'}}}", "{'@timestamp':'2024-05-09T23:59:59.999Z'}", true),
                arguments("lt a day excludes the day", "{'range':{'@timestamp':{'lt':'2024-05-09'}}}", "{'@timestamp':'2024-05-09T00:00:00Z'}", false),
                arguments("gt a day excludes the day", "{'range':{'@timestamp':{'gt':'2024-05-09'}}}", "{'@timestamp':'2024-05-09T12:00:00Z'}", false),
                arguments("gt a day, next day", "{'range':{'@timestamp':{'gt':'2024-05-09'}}}", "{'@timestamp':'2024-05-10T00:00:00Z'}", true),
                arguments("time_zone shifts bound", "{'range':{'@timestamp':{'gte':'2024-05-10T00:00:00','time_zone':'+02:00'}}}", "{'@timestamp':'2024-05-09T22:30:00Z'}", true),
                arguments("time_zone shifts bound, before", "{'range':{'@timestamp':{'gte':'2024-05-10T00:00:00','time_zone':'+02:00'}}}", "{'@timestamp':'2024-05-09T21:59:59Z'}", false),
                arguments("epoch millis source", "{'range':{'@timestamp':{'gte':'2024-05-10T12:00:00Z'}}}", "{'@timestamp':1715342400000}", true),
                arguments("format dd/MM/yyyy", "{'range':{'@timestamp':{'gte':'10/05/2024','format':'dd/MM/yyyy'}}}", "{'@timestamp':'2024-05-10T01:00:00Z'}", true),
                arguments("format dd/MM/yyyy before", "{'range':{'@timestamp':{'gte':'10/05/2024','format':'dd/MM/yyyy'}}}", "{'@timestamp':'2024-05-09T23:00:00Z'}", false),
                arguments("Kibana date equality is the whole day", "{'range':{'@timestamp':{'gte':'2024-05-10','lte':'2024-05-10','time_zone':'Zulu'}}}", "{'@timestamp':'2024-05-10T23:00:00Z'}", true),
                arguments("match on a date", "{'match':{'@timestamp':'2024-05-10'}}", "{'@timestamp':'2024-05-10T15:00:00Z'}", true),
                arguments("boolean false", "{'match':{'process.code_signature.trusted':false}}", "{'process':{'code_signature':{'trusted':false}}}", true),
                arguments("boolean string source", "{'match':{'process.code_signature.trusted':'false'}}", "{'process':{'code_signature':{'trusted':'false'}}}", true),
                arguments("boolean mismatch", "{'match':{'process.code_signature.trusted':true}}", "{'process':{'code_signature':{'trusted':false}}}", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numberDateBooleanCases")
    void numbersDatesBooleans(String name, String query, String event, boolean expected) {
        assertThat(ecs(query, event).matched()).isEqualTo(expected);
    }

    @Test
    void floatFieldsCompareAtFloatPrecision() {
        DslEvaluator floats = new DslEvaluator(FieldSchema.of("t", List.of(new FieldMapping("m", "float"))), CLOCK);
        assertThat(floats.evaluate(json("{'term':{'m':0.1}}"), json("{'m':0.1}")).matched()).isTrue();
        assertThat(floats.evaluate(json("{'range':{'m':{'gt':0.1}}}"), json("{'m':0.1}")).matched()).isFalse();
    }

    static Stream<Arguments> dynamicMappingCases() {
        return Stream.of(
                arguments("unmapped string is text", "{'match':{'winlog.event_data.CallerProcessName':'cmd.exe'}}", "{'winlog':{'event_data':{'CallerProcessName':'C:\\\\Windows\\\\cmd.exe'}}}", true),
                arguments("unmapped string is case-insensitive text", "{'match':{'winlog.event_data.CallerProcessName':'CMD.EXE'}}", "{'winlog':{'event_data':{'CallerProcessName':'C:\\\\Windows\\\\cmd.exe'}}}", true),
                arguments(".keyword sub-field exact", "{'term':{'winlog.event_data.CallerProcessName.keyword':'C:\\\\Windows\\\\cmd.exe'}}", "{'winlog':{'event_data':{'CallerProcessName':'C:\\\\Windows\\\\cmd.exe'}}}", true),
                arguments(".keyword sub-field case-sensitive", "{'term':{'winlog.event_data.CallerProcessName.keyword':'c:\\\\windows\\\\cmd.exe'}}", "{'winlog':{'event_data':{'CallerProcessName':'C:\\\\Windows\\\\cmd.exe'}}}", false),
                arguments("whole number is long", "{'range':{'custom.count':{'gte':'3'}}}", "{'custom':{'count':5}}", true),
                arguments("long matches numeric string", "{'match':{'custom.count':'5'}}", "{'custom':{'count':5}}", true),
                arguments("boolean", "{'match':{'custom.flag':'true'}}", "{'custom':{'flag':true}}", true),
                arguments("iso string is date", "{'range':{'custom.seen':{'gte':'2024-05-01'}}}", "{'custom':{'seen':'2024-05-01T10:00:00Z'}}", true),
                arguments("date match is the whole day", "{'match':{'custom.seen':'2024-05-01'}}", "{'custom':{'seen':'2024-05-01T10:00:00Z'}}", true),
                arguments("numeric string stays text", "{'match':{'custom.port':'443'}}", "{'custom':{'port':'443'}}", true),
                arguments("4-digit numeric string is not date-detected", "{'match':{'custom.pid':'4242'}}", "{'custom':{'pid':'4242'}}", true),
                arguments("4-digit numeric string: text range, not date", "{'range':{'custom.pid':{'gte':'4242-01-01T00:00:00'}}}", "{'custom':{'pid':'4242'}}", false),
                arguments("slashed date is date-detected", "{'range':{'custom.day':{'gte':'2015/09/01','lt':'2015/09/03'}}}", "{'custom':{'day':'2015/09/02'}}", true),
                arguments("unmapped and absent", "{'match':{'custom.nope':'x'}}", "{'custom':{'port':'443'}}", false),
                arguments("wildcard on an absent unmapped field", "{'query_string':{'fields':['custom.nope'],'query':'x*'}}", "{}", false),
                arguments("field pattern in match is a literal name", "{'match':{'process.*':'cmd.exe'}}", "{'process':{'name':'cmd.exe'}}", false),
                arguments("bare term searches all fields", "{'multi_match':{'type':'best_fields','query':'cmd.exe','lenient':true}}", "{'process':{'name':'cmd.exe'},'destination':{'ip':'8.8.8.8'}}", true),
                arguments("bare phrase searches all fields", "{'multi_match':{'type':'phrase','query':'detected rule','lenient':true}}", "{'event':{'action':'" + CONNECT + "'}}", true),
                arguments("bare * matches every document", "{'query_string':{'query':'*'}}", "{}", true),
                arguments("field:* is exists", "{'query_string':{'fields':['custom.nope'],'query':'*'}}", "{}", false),
                arguments("bare wildcard searches all fields", "{'query_string':{'query':'cmd*'}}", "{'process':{'name':'cmd.exe'},'destination':{'ip':'8.8.8.8'}}", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dynamicMappingCases")
    void dynamicMapping(String name, String query, String event, boolean expected) {
        assertThat(WITHOUT_MAPPING.evaluate(json(query), json(event)).matched()).isEqualTo(expected);
    }

    static Stream<Arguments> boolCases() {
        String a = "{'term':{'process.name':'a'}}";
        String b = "{'term':{'process.name':'b'}}";
        String c = "{'term':{'process.name':'c'}}";
        String x = "{'term':{'process.name':'x'}}";
        String abEvent = "{'process':{'name':['a','b']}}";
        return Stream.of(
                arguments("only should: default msm 1, none match", "{'bool':{'should':[" + x + "]}}", abEvent, false),
                arguments("only should: one matches", "{'bool':{'should':[" + x + "," + a + "]}}", abEvent, true),
                arguments("filter + should: should optional", "{'bool':{'filter':[" + a + "],'should':[" + x + "]}}", abEvent, true),
                arguments("filter + should with msm 1", "{'bool':{'filter':[" + a + "],'should':[" + x + "],'minimum_should_match':1}}", abEvent, false),
                arguments("must_not object", "{'bool':{'must_not':" + a + "}}", abEvent, false),
                arguments("must_not array", "{'bool':{'must_not':[" + x + "," + c + "]}}", abEvent, true),
                arguments("must", "{'bool':{'must':[" + a + "," + b + "]}}", abEvent, true),
                arguments("must fails", "{'bool':{'must':[" + a + "," + c + "]}}", abEvent, false),
                arguments("msm int 2 of 3", "{'bool':{'should':[" + a + "," + b + "," + c + "],'minimum_should_match':2}}", abEvent, true),
                arguments("msm string 3 of 3", "{'bool':{'should':[" + a + "," + b + "," + c + "],'minimum_should_match':'3'}}", abEvent, false),
                arguments("msm 75% of 3 is 2", "{'bool':{'should':[" + a + "," + b + "," + c + "],'minimum_should_match':'75%'}}", abEvent, true),
                arguments("msm -1 of 3 is 2", "{'bool':{'should':[" + a + "," + b + "," + c + "],'minimum_should_match':-1}}", abEvent, true),
                arguments("msm above clause count", "{'bool':{'should':[" + a + "," + b + "],'minimum_should_match':3}}", abEvent, false),
                arguments("msm 0 with only should", "{'bool':{'should':[" + x + "],'minimum_should_match':0}}", abEvent, true),
                arguments("empty bool", "{'bool':{}}", abEvent, true),
                arguments("buildEsQuery shape", "{'bool':{'must':[],'filter':[" + a + "],'should':[],'must_not':[]}}", abEvent, true),
                arguments("match_all", "{'match_all':{}}", abEvent, true),
                arguments("match_none", "{'match_none':{}}", abEvent, false),
                arguments("exists", "{'exists':{'field':'process.name'}}", abEvent, true),
                arguments("exists empty string is a value", "{'exists':{'field':'process.name'}}", "{'process':{'name':''}}", true),
                arguments("exists empty text string (no tokens, still a value)", "{'exists':{'field':'message'}}", "{'message':''}", true),
                arguments("exists [null, value]", "{'exists':{'field':'process.name'}}", "{'process':{'name':[null,'a']}}", true),
                arguments("exists null", "{'exists':{'field':'process.name'}}", "{'process':{'name':null}}", false),
                arguments("exists empty array", "{'exists':{'field':'process.name'}}", "{'process':{'name':[]}}", false),
                arguments("exists pattern", "{'exists':{'field':'process.*'}}", "{'process':{'pid':4}}", true),
                arguments("exists object field", "{'exists':{'field':'process'}}", "{'process':{'pid':4}}", true),
                arguments("exists object field, empty", "{'exists':{'field':'process'}}", "{'host':{'name':'h'}}", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("boolCases")
    void boolAndFriends(String name, String query, String event, boolean expected) {
        assertThat(ecs(query, event).matched()).isEqualTo(expected);
    }

    static final String NESTED_QUERY = "{'nested':{'path':'threat.enrichments','query':{'bool':{'filter':["
            + "{'term':{'threat.enrichments.indicator.type':{'value':'ipv4-addr'}}},"
            + "{'term':{'threat.enrichments.matched.field':{'value':'source.ip'}}}]}},'score_mode':'none'}}";

    static Stream<Arguments> nestedCases() {
        return Stream.of(
                arguments("one object satisfies both", NESTED_QUERY,
                        "{'threat':{'enrichments':[{'indicator':{'type':'url'}},{'indicator':{'type':'ipv4-addr'},'matched':{'field':'source.ip'}}]}}", true),
                arguments("conditions split across objects", NESTED_QUERY,
                        "{'threat':{'enrichments':[{'indicator':{'type':'ipv4-addr'},'matched':{'field':'destination.ip'}},{'indicator':{'type':'url'},'matched':{'field':'source.ip'}}]}}", false),
                arguments("single object, not an array", NESTED_QUERY,
                        "{'threat':{'enrichments':{'indicator':{'type':'ipv4-addr'},'matched':{'field':'source.ip'}}}}", true),
                arguments("no nested objects", NESTED_QUERY, "{'threat':{}}", false),
                arguments("nested field outside a nested query", "{'term':{'threat.enrichments.indicator.type':'ipv4-addr'}}",
                        "{'threat':{'enrichments':[{'indicator':{'type':'ipv4-addr'}}]}}", false),
                arguments("ignore_unmapped", "{'nested':{'path':'nope','query':{'match_all':{}},'ignore_unmapped':true}}", "{}", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nestedCases")
    void nestedQueries(String name, String query, String event, boolean expected) {
        assertThat(ecs(query, event).matched()).isEqualTo(expected);
    }

    static Stream<Arguments> rejectedQueries() {
        return Stream.of(
                arguments("wildcard on ip", "{'bool':{'filter':[{'wildcard':{'destination.ip':{'value':'10.*'}}}]}}", "bool.filter[0]"),
                arguments("query_string wildcard on ip", "{'bool':{'should':[{'query_string':{'fields':['destination.ip'],'query':'10.*'}}],'minimum_should_match':1}}", "bool.should[0]"),
                arguments("query_string wildcard on long", "{'query_string':{'fields':['destination.port'],'query':'44*'}}", "query"),
                arguments("malformed cidr", "{'match':{'destination.ip':'10.0.0.0/33'}}", "query"),
                arguments("not an ip", "{'match':{'destination.ip':'ten'}}", "query"),
                arguments("not a number", "{'match':{'destination.port':'https'}}", "query"),
                arguments("not a boolean", "{'match':{'process.code_signature.trusted':'yes'}}", "query"),
                arguments("not a date", "{'range':{'@timestamp':{'gte':'yesterday'}}}", "query"),
                arguments("unknown query type", "{'bool':{'must_not':{'fuzzy':{'process.name':'cmd'}}}}", "bool.must_not"),
                arguments("unknown bool key", "{'bool':{'filters':[]}}", "query"),
                arguments("two query types in one object", "{'match':{'a':'b'},'term':{'a':'b'}}", "query"),
                arguments("nested path not nested", "{'nested':{'path':'process','query':{'match_all':{}}}}", "query"),
                arguments("nested path unmapped", "{'nested':{'path':'nope','query':{'match_all':{}}}}", "query"),
                arguments("match null", "{'match':{'process.name':null}}", "query"),
                arguments("rejected clause inside nested", "{'nested':{'path':'threat.enrichments','query':{'wildcard':{'threat.enrichments.indicator.ip':'1*'}}}}", "nested"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedQueries")
    void queriesElasticsearchRejectsThrow(String name, String query, String path) {
        // An event that matches nothing: the rejection must not depend on the data.
        assertThatThrownBy(() -> ecs(query, "{}"))
                .isInstanceOf(DslEvaluationException.class)
                .hasMessageStartingWith(path + ":")
                .hasMessageNotContaining("\n");
    }

    @Test
    void explanationsAndErrorsStayOnOneLine() {
        String multiLine = "{'message':'line one\\nline two " + "x".repeat(1000) + "'}";
        DslEvaluator.Verdict verdict = ecs("{'match':{'message':'line'}}", multiLine);
        assertThat(verdict.matched()).isTrue();
        assertThat(verdict.explanation()).doesNotContain("\n").hasSizeLessThanOrEqualTo(400);
        assertThatThrownBy(() -> ecs("{'query_string':{'fields':['message'],'query':'a\\nAND b'}}", "{}"))
                .isInstanceOf(DslEvaluationException.class)
                .hasMessageNotContaining("\n");
    }

    @Test
    void optionsTheEvaluatorDoesNotModelAreRefusedNotIgnored() {
        assertThatThrownBy(() -> ecs("{'match':{'message':{'query':'a','fuzziness':'AUTO'}}}", "{}"))
                .isInstanceOf(DslEvaluationException.class)
                .hasMessageContaining("not supported by the evaluator");
    }

    @Test
    void lenientMatchDoesNotThrow() {
        assertThat(ecs("{'match':{'destination.ip':{'query':'ten','lenient':true}}}", "{'destination':{'ip':'10.0.0.1'}}").matched()).isFalse();
    }

    @Test
    void evaluatorIsReusableAcrossEventsAndThreads() {
        JsonNode seed = json(SEED);
        List<Boolean> verdicts = Stream.of("8.8.8.8", "10.0.0.1", "1.1.1.1", "192.168.0.1").parallel()
                .map(ip -> WITH_ECS.evaluate(seed, json(sysmonNetwork("cmd.exe", CONNECT, ip))).matched()).toList();
        assertThat(verdicts).containsExactly(true, false, true, false);
    }

    /**
     * A date field of a format of its own: its values and terms are read with it, a JSON number in a term is epoch
     * milliseconds whatever the format, and a built-in format ruleforge does not read is refused as not modelled.
     */
    @Test
    void aDateFieldIsReadWithItsOwnFormat() {
        DslEvaluator own = new DslEvaluator(FieldSchema.of("own", List.of(
                new FieldMapping("app.epoch", "date").withFormat("epoch_second"),
                new FieldMapping("app.day", "date").withFormat("dd/MM/yyyy"),
                new FieldMapping("app.basic", "date").withFormat("basic_date"))));
        JsonNode event = json("{'app':{'epoch':1704103200,'day':'02/01/2024','basic':'20240101'}}");
        assertThat(own.evaluate(json("{'term':{'app.epoch':'1704103200'}}"), event).matched()).isTrue();
        assertThat(own.evaluate(json("{'term':{'app.epoch':1704103200}}"), event).matched()).isFalse();
        assertThat(own.evaluate(json("{'term':{'app.epoch':1704103200000}}"), event).matched()).isTrue();
        assertThat(own.evaluate(json("{'range':{'app.day':{'gte':'02/01/2024','lt':'03/01/2024'}}}"), event).matched()).isTrue();
        assertThat(own.evaluate(json("{'range':{'app.day':{'gt':'02/01/2024'}}}"), event).matched()).isFalse();
        assertThatThrownBy(() -> own.evaluate(json("{'term':{'app.basic':'20240101'}}"), event))
                .isInstanceOfSatisfying(DslEvaluationException.class, e -> assertThat(e.isNotModelled()).isTrue())
                .hasMessageContaining("\"basic_date\"");
    }
}
