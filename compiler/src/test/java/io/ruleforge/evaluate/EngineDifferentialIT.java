package io.ruleforge.evaluate;

import io.ruleforge.harness.CaseResult;
import io.ruleforge.harness.FixtureLoader;
import io.ruleforge.harness.IndexableValues;
import io.ruleforge.harness.ExcludedRangeCases;
import io.ruleforge.harness.RuleFixtures;
import io.ruleforge.harness.RuleTestRunner;
import io.ruleforge.harness.TestCase;
import io.ruleforge.harness.TestRunResult;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.Rule;
import io.ruleforge.validate.SchemaValidator;
import io.ruleforge.testing.SharedFolder;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.evaluate.engine.EngineIndex;
import io.ruleforge.evaluate.engine.EngineVerdicts;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.testing.KqlCorpus;
import io.ruleforge.testing.ProjectRules;
import io.ruleforge.testing.TestElasticsearch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator's verdicts equal a real Elasticsearch's (the distribution the build unpacks, started here): on
 * the project's fixtures and generated boundary cases under every rule, and on thousands of events mutated from
 * the fixtures and from the literals of Kibana's DSL for Elastic's prebuilt rules, under all those queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final TestElasticsearch elasticsearch = new TestElasticsearch();
    private final FieldSchema ecs = EcsSchemas.defaultSchema();

    /** The two modes the project's rules are compiled in: Kibana 8.12 with ECS types, Kibana 8.9 without. */
    private record Mode(KibanaVersion version, String schema) {
        String label() {
            return "Kibana " + version.label() + "/" + schema;
        }
    }

    private static final List<Mode> MODES = List.of(new Mode(KibanaVersion.V8_12, "ecs"), new Mode(KibanaVersion.V8_9, "none"));

    @Test
    void projectFixturesAndBoundaryCasesGetTheSameVerdictsFromElasticsearch() {
        FixtureLoader fixtures = new FixtureLoader(ProjectRules.fixturesFolder(), Path.of("").toAbsolutePath());
        EngineVerdicts engine = new EngineVerdicts(elasticsearch.client(), ecs);
        int compared = 0;
        for (Mode mode : MODES) {
            List<CompiledRule> rules = compileProjectRules(mode);
            assertThat(rules).as("project rules").hasSizeGreaterThanOrEqualTo(2);
            TestRunResult byEvaluator = new RuleTestRunner(new DslEvaluator(ecs), fixtures).run(rules);
            TestRunResult byEngine = new RuleTestRunner(engine, fixtures).run(rules);
            assertThat(byEngine.diagnostics()).as("engine run findings").isEqualTo(byEvaluator.diagnostics());
            assertThat(byEngine.rules()).hasSameSizeAs(byEvaluator.rules());
            List<String> disagreements = new ArrayList<>();
            for (int r = 0; r < byEvaluator.rules().size(); r++) {
                List<CaseResult> evaluated = byEvaluator.rules().get(r).cases();
                List<CaseResult> decided = byEngine.rules().get(r).cases();
                assertThat(decided).as("cases of " + byEvaluator.rules().get(r).rule().rule().name()).hasSameSizeAs(evaluated);
                for (int c = 0; c < evaluated.size(); c++) {
                    compared++;
                    if (evaluated.get(c).fired() != decided.get(c).fired()) {
                        disagreements.add(evaluated.get(c).testCase().name() + "\n   evaluator: " + evaluated.get(c).explanation()
                                + "\n   engine:    " + decided.get(c).explanation());
                    }
                }
            }
            assertThat(disagreements).as(mode.label() + ": cases where the evaluator and Elasticsearch differ").isEmpty();
            assertThat(byEngine.passed()).as(mode.label() + ": the project's fixtures pass against Elasticsearch").isTrue();
        }
        System.out.println("project fixtures: " + compared + " cases (fixtures and generated boundary cases, both modes) "
                + "decided alike by the evaluator and " + engine.description());
        assertThat(compared).isGreaterThan(100);
    }

    /** Every fixture event and generated boundary case of every rule under every rule's query, both modes. */
    @Test
    void everyProjectQueryOnEveryProjectEventAgrees() {
        FixtureLoader fixtures = new FixtureLoader(ProjectRules.fixturesFolder(), Path.of("").toAbsolutePath());
        Map<String, JsonNode> events = new LinkedHashMap<>();
        Map<String, JsonNode> queries = new LinkedHashMap<>();
        ExcludedRangeCases mutator = new ExcludedRangeCases();
        for (Mode mode : MODES) {
            for (CompiledRule rule : compileProjectRules(mode)) {
                if (rule.dsl().isEmpty()) {
                    continue; // EQL rules have no query DSL; their sequences are decided by the EQL evaluator
                }
                // the search the detection engine sends: the query with the rule's filters
                queries.put(rule.rule().fileStem() + " (" + mode.label() + ")", rule.searchDsl().orElseThrow());
                RuleFixtures loaded = fixtures.load(rule.rule().fileStem()).fixtures();
                loaded.positives().forEach(e -> events.put(e.source(), e.event()));
                loaded.negatives().forEach(e -> events.put(e.source(), e.event()));
                for (TestCase generated : mutator.generate(rule.kql().orElseThrow().root(), loaded.positives())) {
                    events.put(generated.subject(), generated.event());
                }
            }
        }
        EngineDifferential.Report report = new EngineDifferential(elasticsearch.client(), ecs).run(events, queries);
        System.out.println(report.summary("project queries × project events"));
        assertThat(report.refusedEvents()).as("fixture events Elasticsearch refuses to index").isEmpty();
        assertThat(report.disagreements()).as("disagreements").isEmpty();
        assertThat(report.matchedPairs()).isPositive();
        assertThat(report.pairs()).isEqualTo((long) events.size() * queries.size());
    }

    /**
     * Kibana's DSL for Elastic's prebuilt rules (8.12 with ECS, 8.9 without field types) on events mutated from
     * the fixtures and from the queries' own literals.
     */
    @Test
    void corpusQueriesOnMutatedEventsAgree() {
        Map<String, JsonNode> queries = new LinkedHashMap<>();
        for (String file : List.of("kibana-8.12_ecs.jsonl", "kibana-8.9_nofields.jsonl")) {
            String mode = file.replace(".jsonl", "");
            KqlCorpus.read(file).forEach(row -> queries.put(row.id() + " (" + mode + ")", row.dsl()));
        }
        // the corpus rules with Kibana filters, as the detection engine searches with them (query and filters)
        List<CompiledRule> filtered = corpusRulesWithFilters();
        filtered.forEach(rule -> queries.put(rule.rule().fileStem() + " with its filters", rule.searchDsl().orElseThrow()));
        DifferentialEvents generator = new DifferentialEvents(ecs);
        FixtureLoader fixtures = new FixtureLoader(ProjectRules.fixturesFolder(), Path.of("").toAbsolutePath());
        for (CompiledRule rule : compileProjectRules(MODES.get(0))) {
            RuleFixtures loaded = fixtures.load(rule.rule().fileStem()).fixtures();
            loaded.positives().forEach(e -> generator.addFromFixture(e.source(), e.event()));
            loaded.negatives().forEach(e -> generator.addFromFixture(e.source(), e.event()));
        }
        int fixtureEvents = generator.events().size();
        queries.forEach((id, dsl) -> {
            if (id.endsWith("(kibana-8.12_ecs)") || id.endsWith(" with its filters")) {
                generator.addFromQuery(id, dsl);
            }
        });
        Map<String, JsonNode> events = generator.events();
        EngineDifferential.Report report = new EngineDifferential(elasticsearch.client(), ecs).run(events, queries);
        report.queriesBothReject().forEach((query, reason) -> System.out.println("  both reject " + query + ": " + reason));
        System.out.println(report.summary("corpus queries × mutated events") + " [" + fixtureEvents
                + " events from fixtures, " + (events.size() - fixtureEvents) + " from query literals]");
        report.refusalReasons().forEach((reason, count) -> System.out.println("  refused " + count + "× " + reason));
        report.disagreements().stream().limit(40).forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(events.size()).as("events generated").isGreaterThan(2000);
        assertThat(queries).as("corpus queries").hasSizeGreaterThan(900);
        assertThat(filtered).as("corpus rules with filters").hasSizeGreaterThanOrEqualTo(10);
        System.out.println("  of them " + filtered.size() + " corpus rules with their filters, " + report.disagreements().stream()
                .filter(d -> d.toString().contains(" with its filters")).count() + " disagreements on them");
        assertThat(report.matchedPairs()).as("pairs where the engine matched").isGreaterThan(1000);
        assertThat(report.disagreements()).as("disagreements").isEmpty();
    }

    /**
     * Alias fields (as an index mapping may hold them: {@code "type": "alias", "path": …}) in every kind of query, on
     * events holding their targets: Elasticsearch resolves an alias to its target in queries, so the evaluator reads
     * the target's values with the target's type (a keyword, an ip with CIDRs, a long, a text analysed as such).
     */
    @Test
    void aliasFieldsAgree() throws IOException {
        List<io.ruleforge.fields.FieldMapping> fields = new java.util.ArrayList<>(ecs.fields());
        fields.add(io.ruleforge.fields.FieldMapping.alias("proc", "process.name"));
        fields.add(io.ruleforge.fields.FieldMapping.alias("dst", "destination.ip"));
        fields.add(io.ruleforge.fields.FieldMapping.alias("dport", "destination.port"));
        fields.add(io.ruleforge.fields.FieldMapping.alias("msg", "message"));
        FieldSchema withAliases = FieldSchema.of("ecs with aliases", fields);
        String[] q = {
            "{\"term\":{\"proc\":{\"value\":\"cmd.exe\"}}}",
            "{\"terms\":{\"proc\":[\"cmd.exe\",\"CMD.EXE\"]}}",
            "{\"wildcard\":{\"proc\":{\"value\":\"CMD*\",\"case_insensitive\":true}}}",
            "{\"exists\":{\"field\":\"proc\"}}",
            "{\"bool\":{\"must_not\":{\"exists\":{\"field\":\"dst\"}}}}",
            "{\"term\":{\"dst\":{\"value\":\"10.0.0.0/8\"}}}",
            "{\"range\":{\"dst\":{\"gte\":\"10.0.0.0\",\"lte\":\"10.255.255.255\"}}}",
            "{\"range\":{\"dport\":{\"gte\":443}}}",
            "{\"match\":{\"msg\":\"DISK\"}}",
            "{\"match_phrase\":{\"msg\":\"disk error\"}}",
            "{\"query_string\":{\"fields\":[\"proc\"],\"query\":\"CMD.EXE\"}}",
            "{\"query_string\":{\"query\":\"proc:cmd.exe OR msg:disk\"}}",
        };
        Map<String, JsonNode> queries = numbered("alias-query-", q);
        String[] e = {
            "{\"process\":{\"name\":\"cmd.exe\"},\"destination\":{\"ip\":\"10.1.2.3\",\"port\":443}}",
            "{\"process\":{\"name\":\"CMD.EXE\"},\"destination\":{\"ip\":\"8.8.8.8\",\"port\":80}}",
            "{\"process\":{\"name\":[\"powershell.exe\",\"cmd.exe\"]},\"message\":\"Disk Error on /dev/sda\"}",
            "{\"message\":\"error: disk\",\"destination\":{\"ip\":[\"192.168.1.1\",\"2001:db8::1\"],\"port\":[80,443]}}",
            "{\"process\":{\"name\":\"cmd.exf\"}}",
            "{}",
        };
        Map<String, JsonNode> events = numbered("alias-event-", e);
        EngineDifferential.Report report = new EngineDifferential(elasticsearch.client(), withAliases).run(events, queries);
        print(report, "alias fields");
        assertThat(report.refusalReasons()).as("refused by the evaluator").isEmpty();
        assertThat(report.matchedPairs()).isGreaterThan(15);
        assertThat(report.disagreements()).as("disagreements").isEmpty();
    }

    /**
     * Hand-picked traps, every query on every event: date-only range bounds (ES rounds lte/gt up to the end of the
     * day), decimal bounds on long fields, CIDRs in term/terms/range on ip fields and IPv4 inside IPv6 blocks,
     * exists on empty strings and over-long keywords, case-insensitive wildcards, query_string and wildcard on text
     * fields, match/match_phrase analysis, booleans written as strings, nested and flattened fields.
     */
    @Test
    void handPickedTrapsAgree() throws IOException {
        String[] q = {
            "{\"range\":{\"@timestamp\":{\"gte\":\"2020-03-18\",\"lte\":\"2020-03-18\"}}}",
            "{\"range\":{\"@timestamp\":{\"gt\":\"2020-03-18\"}}}",
            "{\"range\":{\"@timestamp\":{\"lt\":\"2020-03-18T12:00\"}}}",
            "{\"range\":{\"@timestamp\":{\"gte\":\"2020-03-18||/d\",\"lt\":\"2020-03-18||+1d/d\"}}}",
            "{\"range\":{\"@timestamp\":{\"gte\":\"18/03/2020\",\"format\":\"dd/MM/yyyy\"}}}",
            // a year or a month alone rounds up its time only, not to the end of the period (a probe found it)
            "{\"range\":{\"@timestamp\":{\"lte\":\"2020-03\"}}}",
            "{\"range\":{\"@timestamp\":{\"gt\":\"2020-03\"}}}",
            "{\"range\":{\"@timestamp\":{\"gte\":\"2020\",\"lte\":\"2020\"}}}",
            "{\"range\":{\"@timestamp\":{\"gt\":\"2020\"}}}",
            "{\"range\":{\"destination.port\":{\"gte\":\"442.5\",\"lt\":\"445.5\"}}}",
            "{\"range\":{\"destination.port\":{\"gt\":443.0}}}",
            "{\"range\":{\"process.name\":{\"gte\":\"cmd\",\"lt\":\"cmd.f\"}}}",
            "{\"range\":{\"destination.ip\":{\"gte\":\"10.0.0.0\",\"lte\":\"10.255.255.255\"}}}",
            "{\"term\":{\"destination.ip\":{\"value\":\"10.0.0.0/8\"}}}",
            "{\"terms\":{\"destination.ip\":[\"192.168.0.0/16\",\"2001:db8::/32\"]}}",
            "{\"match\":{\"destination.ip\":\"::ffff:0:0/96\"}}",
            "{\"match\":{\"destination.ip\":\"::ffff:10.1.2.3\"}}",
            "{\"exists\":{\"field\":\"user.name\"}}",
            "{\"exists\":{\"field\":\"message\"}}",
            "{\"exists\":{\"field\":\"process.name\"}}",
            "{\"exists\":{\"field\":\"process.command_line.text\"}}",
            "{\"wildcard\":{\"process.name\":{\"value\":\"CMD*\",\"case_insensitive\":true}}}",
            "{\"wildcard\":{\"process.name\":{\"value\":\"c?d.exe\"}}}",
            "{\"wildcard\":{\"message\":{\"value\":\"*Error*\"}}}",
            "{\"wildcard\":{\"message\":{\"value\":\"*error*\"}}}",
            "{\"query_string\":{\"fields\":[\"message\"],\"query\":\"*Error*\"}}",
            "{\"query_string\":{\"fields\":[\"process.command_line.text\"],\"query\":\"*Invoke\\\\-Expression*\"}}",
            "{\"query_string\":{\"fields\":[\"process.name\"],\"query\":\"CMD.EXE\"}}",
            "{\"match\":{\"process.command_line.text\":\"invoke-expression\"}}",
            "{\"match_phrase\":{\"message\":\"disk error\"}}",
            "{\"match_phrase\":{\"process.name\":\"cmd.exe\"}}",
            "{\"match\":{\"process.name\":\"cmd.exe powershell.exe\"}}",
            "{\"match\":{\"message\":\"DISK\"}}",
            // emoji are words of their own, a zero-width space breaks a word (a probe found the analyzer wrong)
            "{\"match\":{\"message\":\"😀\"}}",
            "{\"match_phrase\":{\"message\":\"hi there\"}}",
            "{\"match\":{\"message\":\"abc\"}}",
            "{\"term\":{\"message\":{\"value\":\"Disk\"}}}",
            "{\"term\":{\"process.code_signature.exists\":{\"value\":\"false\"}}}",
            "{\"term\":{\"process.code_signature.exists\":{\"value\":false}}}",
            "{\"match\":{\"destination.port\":\"443\"}}",
            "{\"term\":{\"destination.port\":{\"value\":443.0}}}",
            "{\"nested\":{\"path\":\"dll.pe.sections\",\"query\":{\"bool\":{\"filter\":[{\"term\":{\"dll.pe.sections.name\":\".text\"}},{\"range\":{\"dll.pe.sections.entropy\":{\"gte\":7}}}]}}}}",
            "{\"term\":{\"dll.pe.imports\":{\"value\":\"kernel32.dll\"}}}",
            "{\"term\":{\"dll.pe.imports.name\":{\"value\":\"kernel32.dll\"}}}",
            "{\"term\":{\"labels.env\":{\"value\":\"prod\"}}}",
            "{\"match\":{\"labels.env\":\"PROD\"}}",
            "{\"term\":{\"labels.env.keyword\":{\"value\":\"prod\"}}}",
            "{\"multi_match\":{\"query\":\"alice\",\"type\":\"best_fields\",\"lenient\":true}}",
            "{\"query_string\":{\"query\":\"alice\"}}",
        };
        Map<String, JsonNode> queries = numbered("trap-query-", q);
        String[] e = {
            "{\"@timestamp\":\"2020-03-18T00:00:00.000Z\"}",
            "{\"@timestamp\":\"2020-03-18T23:59:59.999Z\"}",
            "{\"@timestamp\":\"2020-03-19T00:00:00.000Z\"}",
            "{\"@timestamp\":\"2020-03-17T23:59:59.999Z\"}",
            "{\"@timestamp\":\"2020-03-18T12:00:00+02:00\"}",
            "{\"@timestamp\":1584529200000}",
            "{\"destination\":{\"port\":443,\"ip\":\"10.0.0.0\"}}",
            "{\"destination\":{\"port\":\"445\",\"ip\":\"10.255.255.255\"}}",
            "{\"destination\":{\"port\":442,\"ip\":\"11.0.0.0\"}}",
            "{\"destination\":{\"port\":[80,443],\"ip\":[\"192.168.1.1\",\"2001:db8::1\"]}}",
            "{\"destination\":{\"ip\":\"::ffff:10.1.2.3\"}}",
            "{\"destination\":{\"ip\":\"2001:db8:0:0:0:0:0:1\"}}",
            "{\"user\":{\"name\":\"\"},\"message\":\"\"}",
            "{\"user\":{\"name\":[]},\"message\":[]}",
            "{\"user\":{\"name\":null},\"message\":\"   \"}",
            "{\"user\":{\"name\":\"alice\"},\"message\":\"Disk Error on /dev/sda\"}",
            "{\"message\":\"error: disk\"}",
            "{\"message\":\"disk-error\"}",
            "{\"message\":\"hi 😀 there\"}",
            "{\"message\":\"hi there\"}",
            "{\"message\":\"abc\u200Bdef\"}",
            "{\"message\":\"abc\u202Fdef\"}",
            "{\"@timestamp\":\"2020-01-01T12:00:00.000Z\"}",
            "{\"@timestamp\":\"2020-03-01T23:59:59.999Z\"}",
            "{\"@timestamp\":\"2020-03-02T00:00:00.000Z\"}",
            "{\"@timestamp\":\"2020-01-02T00:00:00.000Z\"}",
            "{\"process\":{\"name\":\"cmd.exe\",\"command_line\":\"powershell -c Invoke-Expression $x\"}}",
            "{\"process\":{\"name\":\"CMD.EXE\",\"command_line\":\"IEX (Invoke-Expression)\"}}",
            "{\"process\":{\"name\":\"cmd.exe powershell.exe\"}}",
            "{\"process\":{\"name\":\"cmd.exf\"}}",
            "{\"process\":{\"name\":\"" + "c".repeat(1025) + "\",\"command_line\":\"" + "x".repeat(1025) + "\"}}",
            "{\"process\":{\"code_signature\":{\"exists\":false}}}",
            "{\"process\":{\"code_signature\":{\"exists\":\"false\"}}}",
            "{\"process\":{\"code_signature\":{\"exists\":\"\"}}}",
            "{\"dll\":{\"pe\":{\"sections\":[{\"name\":\".text\",\"entropy\":6.5},{\"name\":\".rsrc\",\"entropy\":7.5}],\"imports\":{\"name\":\"kernel32.dll\"}}}}",
            "{\"dll\":{\"pe\":{\"sections\":[{\"name\":\".text\",\"entropy\":7.2}],\"imports\":[\"kernel32.dll\"]}}}",
            "{\"labels\":{\"env\":\"prod\"}}",
            "{\"labels\":{\"env\":\"Prod\"}}",
        };
        Map<String, JsonNode> events = numbered("trap-event-", e);
        EngineDifferential.Report report = new EngineDifferential(elasticsearch.client(), ecs).run(events, queries);
        print(report, "hand-picked traps");
        assertThat(report.matchedPairs()).isGreaterThan(50);
        assertThat(report.disagreements()).as("disagreements").isEmpty();

        // the comparison can fail: an evaluator told the wrong field types (none: process.name becomes text) differs
        EngineDifferential.Report wrongTypes = new EngineDifferential(elasticsearch.client(), ecs, Optional.of(FieldSchema.none()))
                .run(events, queries);
        assertThat(wrongTypes.disagreements()).extracting(EngineDifferential.Disagreement::queryId)
                .anySatisfy(query -> assertThat(query).contains("{\"match\":{\"process.name\":\"cmd.exe powershell.exe\"}}"));
    }

    /**
     * An unmapped field that dynamic mapping detects as a date by its second format ({@code 2024/01/01}) keeps that
     * format, {@code yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis}: an ISO bound fails the query and {@code "2024"} is
     * epoch milliseconds (a black-box probe found both decided as for an ISO-detected date). Every event holds the
     * field, so that the index's mapping and each event's own agree.
     */
    @Test
    void aDateDetectedByTheSlashedDynamicFormatKeepsItsFormat() throws IOException {
        String[] q = {
            "{\"range\":{\"labels.seen\":{\"gt\":\"2023-01-01\"}}}",
            "{\"range\":{\"labels.seen\":{\"gt\":\"2023/06/01\"}}}",
            "{\"range\":{\"labels.seen\":{\"lte\":\"2024/01/01\"}}}",
            "{\"term\":{\"labels.seen\":\"2024\"}}",
            "{\"term\":{\"labels.seen\":\"2024/01/01\"}}",
            "{\"term\":{\"labels.seen\":\"1704067200000\"}}",
        };
        Map<String, JsonNode> queries = numbered("slashed-query-", q);
        Map<String, JsonNode> events = new LinkedHashMap<>();
        String[] e = {"2024/01/01", "2024/01/01 10:00:00", "2023/01/01", "2024/06/01"};
        for (int i = 0; i < e.length; i++) {
            events.put("slashed-event-" + i + " " + e[i], JSON.readTree("{\"labels\":{\"seen\":\"" + e[i] + "\"}}"));
        }
        EngineDifferential.Report report = new EngineDifferential(elasticsearch.client(), ecs).run(events, queries);
        print(report, "slashed dynamic dates");
        assertThat(report.queriesBothReject()).hasSize(1);
        assertThat(report.matchedPairs()).isGreaterThan(4);
        assertThat(report.disagreements()).as("disagreements").isEmpty();
    }

    /**
     * half_float fields (Elastic's integrations map some, ECS none) hold values at half precision: a term matches by
     * the rounded value on both sides, a range compares the rounded value with the bound at float precision. The
     * same comparison with the field typed float is made to disagree, so the values here do tell the two apart.
     */
    @Test
    void halfFloatValuesAreComparedAtHalfPrecision() throws IOException {
        FieldSchema halfFloat = FieldSchema.merged("ecs+half_float", List.of(ecs,
                FieldSchema.of("half_float", List.of(new FieldMapping("system.load.norm", "half_float")))));
        String[] q = {
            "{\"term\":{\"system.load.norm\":5.1}}",
            "{\"term\":{\"system.load.norm\":\"5.1015\"}}",
            "{\"term\":{\"system.load.norm\":5.1015625}}",
            "{\"terms\":{\"system.load.norm\":[5.0990, 0.1]}}",
            "{\"range\":{\"system.load.norm\":{\"gte\":5.1}}}",
            "{\"range\":{\"system.load.norm\":{\"gt\":5.1015625}}}",
            "{\"range\":{\"system.load.norm\":{\"lte\":5.0990}}}",
            "{\"range\":{\"system.load.norm\":{\"lt\":5.1,\"gte\":5.0}}}",
            "{\"range\":{\"system.load.norm\":{\"gte\":65504}}}",
            "{\"exists\":{\"field\":\"system.load.norm\"}}",
            // beyond half precision's range (65,520 and up round to infinity): a term matches nothing, terms and
            // match are refused, a range clamps
            "{\"term\":{\"system.load.norm\":70000}}",
            "{\"term\":{\"system.load.norm\":\"70000\"}}",
            "{\"terms\":{\"system.load.norm\":[70000, 5.1]}}",
            "{\"match\":{\"system.load.norm\":70000}}",
            "{\"range\":{\"system.load.norm\":{\"gte\":70000}}}",
            "{\"range\":{\"system.load.norm\":{\"lte\":70000}}}",
        };
        Map<String, JsonNode> queries = numbered("half-float-query-", q);
        String[] values = {"5.1", "5.1015625", "5.1015", "5.0990", "5.09765625", "5.0", "0.1", "\"5.1\"", "65519", "65504", "-0.0",
            "65520", "70000"};
        Map<String, JsonNode> events = new LinkedHashMap<>();
        for (String v : values) {
            events.put("half-float-event " + v, JSON.readTree("{\"system\":{\"load\":{\"norm\":" + v + "}}}"));
        }
        EngineDifferential.Report report = new EngineDifferential(elasticsearch.client(), halfFloat).run(events, queries);
        print(report, "half_float values");
        assertThat(report.matchedPairs()).isGreaterThan(20);
        assertThat(report.disagreements()).as("disagreements").isEmpty();

        FieldSchema asFloat = FieldSchema.merged("ecs+float", List.of(ecs,
                FieldSchema.of("float", List.of(new FieldMapping("system.load.norm", "float")))));
        EngineDifferential.Report wrongType = new EngineDifferential(elasticsearch.client(), halfFloat, Optional.of(asFloat))
                .run(events, queries);
        assertThat(wrongType.disagreements()).as("the evaluator told float instead").isNotEmpty();
    }

    /**
     * A date field of a format of its own (a user's mapping) reads source values, terms and range bounds with it, as
     * Elasticsearch's date formatters do: strict resolution ({@code Feb 29} of a pattern without a year is 1970's, no
     * date), what the pattern leaves out filled in, a term or {@code lte} bound rounded up over the time fields the
     * pattern leaves out. Events Elasticsearch refuses are the ones the fixture check refuses. Told the default format
     * instead, the evaluator is made to disagree, so these values do tell the two apart.
     */
    @Test
    void datesOfAFormatOfTheirOwnAreReadWithIt() throws IOException {
        List<FieldMapping> fields = List.of(
                new FieldMapping("app.logged", "date").withFormat("yyyy-MM-dd HH:mm:ss||strict_date_optional_time"),
                new FieldMapping("app.day", "date").withFormat("dd/MM/yyyy"),
                new FieldMapping("app.month", "date").withFormat("yyyy-MM"),
                new FieldMapping("app.epoch", "date").withFormat("epoch_second"),
                new FieldMapping("app.clock", "date").withFormat("HH:mm"),
                new FieldMapping("app.syslog", "date").withFormat("MMM d HH:mm:ss"),
                new FieldMapping("app.nanos", "date_nanos"));
        FieldSchema own = FieldSchema.merged("ecs+formats", List.of(ecs, FieldSchema.of("formats", fields)));
        String[] q = {
            "{\"term\":{\"app.logged\":\"2024-01-01 10:00:00\"}}",
            "{\"range\":{\"app.logged\":{\"gte\":\"2024-01-01 10:00:01\"}}}",
            "{\"range\":{\"app.logged\":{\"lte\":\"2024-01-01 10:00:00\"}}}",
            "{\"range\":{\"app.logged\":{\"lt\":\"2024-01-01 10:00:00\"}}}",
            "{\"range\":{\"app.logged\":{\"gt\":\"2024-01-01 09:59:59\"}}}",
            "{\"range\":{\"app.logged\":{\"gte\":\"01/01/2024\",\"format\":\"dd/MM/yyyy\"}}}",
            "{\"range\":{\"app.logged\":{\"lte\":\"2024-01-01 10:00:00\",\"time_zone\":\"+01:00\"}}}",
            "{\"term\":{\"app.day\":\"01/01/2024\"}}",
            "{\"range\":{\"app.day\":{\"gte\":\"02/01/2024\"}}}",
            "{\"range\":{\"app.day\":{\"lte\":\"01/01/2024\"}}}",
            "{\"term\":{\"app.month\":\"2024-01\"}}",
            "{\"range\":{\"app.month\":{\"lte\":\"2024-01\"}}}",
            "{\"range\":{\"app.month\":{\"gte\":\"2024-02\"}}}",
            "{\"term\":{\"app.epoch\":1704103200}}",
            "{\"range\":{\"app.epoch\":{\"gt\":\"1704103200\"}}}",
            "{\"term\":{\"app.clock\":\"10:30\"}}",
            "{\"range\":{\"app.clock\":{\"lte\":\"10:30\"}}}",
            "{\"range\":{\"app.syslog\":{\"gte\":\"Jan 1 10:00:00\"}}}",
            "{\"exists\":{\"field\":\"app.logged\"}}",
            "{\"exists\":{\"field\":\"app.day\"}}",
            "{\"exists\":{\"field\":\"app.syslog\"}}",
            "{\"range\":{\"app.logged\":{\"lte\":\"2024-01\",\"format\":\"yyyy-MM\"}}}",
            "{\"range\":{\"app.logged\":{\"lte\":\"2024-01-15\",\"format\":\"yyyy-MM-dd\"}}}",
            "{\"range\":{\"app.epoch\":{\"lte\":1704103200}}}",
            "{\"range\":{\"app.epoch\":{\"lte\":1704103200,\"format\":\"epoch_second\"}}}",
            "{\"range\":{\"app.logged\":{\"gte\":\"2024-01-01 10:00:00\",\"lte\":1704103200000}}}",
            "{\"term\":{\"app.epoch\":1704103200000}}",
            "{\"term\":{\"app.epoch\":\"1704103200\"}}",
            "{\"range\":{\"app.epoch\":{\"lte\":\"1704103200\"}}}",
            "{\"range\":{\"app.epoch\":{\"gte\":\"1704103200.5\",\"lte\":\"1704103200.5\"}}}",
            "{\"term\":{\"event.created\":2024}}",
            "{\"term\":{\"event.created\":\"2024\"}}",
            // epoch_millis covers its millisecond, which a date_nanos field can tell apart
            "{\"range\":{\"app.nanos\":{\"lte\":\"1714557600000\",\"format\":\"epoch_millis\"}}}",
            "{\"range\":{\"app.nanos\":{\"gt\":\"1714557600000\",\"format\":\"epoch_millis\"}}}",
            "{\"term\":{\"app.nanos\":\"1714557600000\"}}",
        };
        Map<String, JsonNode> queries = numbered("date-format-query-", q);
        String[] values = {
            "{\"logged\":\"2024-01-01 10:00:00\",\"day\":\"01/01/2024\",\"month\":\"2024-01\",\"epoch\":1704103200,"
                    + "\"clock\":\"10:30\",\"syslog\":\"Jan 1 10:00:00\"}",
            "{\"logged\":\"2024-01-01T10:00:00.500Z\",\"day\":\"15/01/2024\",\"month\":\"2024-02\",\"epoch\":\"1704103201\","
                    + "\"clock\":\"10:31\",\"syslog\":\"Dec 31 23:59:59\"}",
            "{\"logged\":\"2024-01-01 09:59:59\",\"day\":\"31/12/2023\",\"month\":\"2023-12\",\"clock\":\"00:00\"}",
            "{\"logged\":\"2024-01-01T10:00:00.999Z\",\"month\":\"2024-01\"}",
            "{\"logged\":\"2024-01-01 11:00:00\",\"epoch\":\"1704103199.5\"}",
            "{\"syslog\":\"Feb 29 10:00:00\"}",
            "{\"day\":\"30/02/2024\"}",
            "{\"day\":\"2024-01-01\"}",
            "{\"month\":\"2024-1\"}",
            "{\"logged\":\"2024-01-01 24:00:00\"}",
            "{\"logged\":1704103200000}",
            "{\"epoch\":\"abc\"}",
            "{\"clock\":\"7:05\"}",
            "{\"logged\":\"2024-01-15 12:00:00\"}",
            "{\"epoch\":1704103200.5}",
            "{\"nanos\":\"2024-05-01T10:00:00.000500000Z\"}",
            "{\"nanos\":\"2024-05-01T10:00:00.001Z\"}",
        };
        Map<String, JsonNode> events = new LinkedHashMap<>();
        for (String v : values) {
            events.put("date-format-event " + v, JSON.readTree("{\"app\":" + v + "}"));
        }
        for (String created : new String[] {"1970-01-01T00:00:02.024Z", "2024-01-01T00:00:00Z"}) {
            events.put("default-format-event " + created, JSON.readTree("{\"event\":{\"created\":\"" + created + "\"}}"));
        }
        EngineDifferential.Report report = new EngineDifferential(elasticsearch.client(), own).run(events, queries);
        print(report, "dates of their own format");
        report.refusedEvents().forEach((id, why) -> System.out.println("  REFUSED " + id + ": " + why));
        assertThat(report.matchedPairs()).isGreaterThan(30);
        assertThat(report.disagreements()).as("disagreements").isEmpty();
        Map<String, Boolean> fixtureCheckRefuses = new LinkedHashMap<>();
        Map<String, Boolean> elasticsearchRefuses = new LinkedHashMap<>();
        events.forEach((id, event) -> {
            fixtureCheckRefuses.put(id, !IndexableValues.problems(event, own).isEmpty());
            elasticsearchRefuses.put(id, report.refusedEvents().containsKey(id));
        });
        assertThat(fixtureCheckRefuses).as("events the fixture check refuses").isEqualTo(elasticsearchRefuses);
        assertThat(elasticsearchRefuses).containsValue(true);

        FieldSchema defaultFormats = FieldSchema.merged("ecs+default", List.of(ecs, FieldSchema.of("default",
                fields.stream().map(f -> new FieldMapping(f.name(), "date")).toList())));
        EngineDifferential.Report wrongFormat = new EngineDifferential(elasticsearch.client(), own, Optional.of(defaultFormats))
                .run(events, queries);
        assertThat(wrongFormat.disagreements()).as("the evaluator told the default format").isNotEmpty();
    }

    /**
     * A term beyond a numeric field's range matches nothing (Elasticsearch answers with no hits, not an error), while
     * the same value in a terms query is refused for the float types; a whole-number field's out-of-range term too.
     */
    @Test
    void termsBeyondANumericTypesRangeMatchNothing() throws IOException {
        FieldSchema numbers = FieldSchema.merged("ecs+numbers", List.of(ecs, FieldSchema.of("numbers", List.of(
                new FieldMapping("app.f", "float"), new FieldMapping("app.d", "double"), new FieldMapping("app.l", "long"),
                new FieldMapping("app.i", "integer"), new FieldMapping("app.s", "short"), new FieldMapping("app.b", "byte")))));
        String[] q = {
            "{\"term\":{\"app.f\":1e39}}", "{\"term\":{\"app.d\":1e309}}", "{\"term\":{\"app.l\":1e20}}",
            "{\"term\":{\"app.l\":\"99999999999999999999\"}}", "{\"term\":{\"app.i\":3000000000}}",
            "{\"term\":{\"app.s\":40000}}", "{\"term\":{\"app.b\":300}}", "{\"terms\":{\"app.f\":[1e39, 1]}}",
            "{\"terms\":{\"app.l\":[1e20, 1]}}", "{\"terms\":{\"app.i\":[3000000000, 1]}}", "{\"match\":{\"app.i\":3000000000}}",
            "{\"term\":{\"app.i\":1}}",
        };
        Map<String, JsonNode> queries = numbered("out-of-range-", q);
        Map<String, JsonNode> events = new LinkedHashMap<>();
        events.put("ones", JSON.readTree("{\"app\":{\"f\":1,\"d\":1,\"l\":1,\"i\":1,\"s\":1,\"b\":1}}"));
        EngineDifferential.Report report = new EngineDifferential(elasticsearch.client(), numbers).run(events, queries);
        print(report, "out-of-range terms");
        assertThat(report.disagreements()).as("disagreements").isEmpty();
    }

    /**
     * A number written as a string in a query is read as the field type's parser reads it: a long's by
     * {@code Numbers.toLong}, which neither trims nor takes Java's syntax (" 443" and "5d" fail the search), after a
     * fraction (read by {@code Double.parseDouble}, which does both) has made a term match nothing; the other types by
     * {@code Double.parseDouble}.
     */
    @Test
    void numericStringsInQueriesAreReadAsTheTypesParserReadsThem() throws IOException {
        FieldSchema numbers = FieldSchema.merged("ecs+numbers", List.of(ecs, FieldSchema.of("numbers", List.of(
                new FieldMapping("app.f", "float"), new FieldMapping("app.d", "double"), new FieldMapping("app.l", "long"),
                new FieldMapping("app.i", "integer"), new FieldMapping("app.h", "half_float"), new FieldMapping("app.b", "byte")))));
        List<String> q = new ArrayList<>();
        for (String field : List.of("app.l", "app.i", "app.f", "app.d", "app.h", "app.b")) {
            for (String value : List.of(" 443", "443 ", "+443", "4.43e2", "5d", "0.5f", " 443.5", "443.5 ", "0x1p4", " 1e30", "\\t443", "NaN", "Infinity", "-Infinity", "1e-400")) {
                String v = "\"" + value + "\"";
                q.add("{\"term\":{\"" + field + "\":" + v + "}}");
                q.add("{\"terms\":{\"" + field + "\":[" + v + ", 1]}}");
                q.add("{\"match\":{\"" + field + "\":" + v + "}}");
                q.add("{\"range\":{\"" + field + "\":{\"gte\":" + v + "}}}");
                q.add("{\"range\":{\"" + field + "\":{\"lt\":" + v + "}}}");
            }
        }
        for (String field : List.of("app.l", "app.i", "app.f", "app.d", "app.h", "app.b")) { // bounds beyond the type
            for (String bound : List.of("1e30", "-1e30", "1e39", "1e309", "3000000000", "9223372036854775808", "70000", "300",
                    "9223372036854775807", "-9223372036854775808", "2147483647.5", "-0.5", "0.5")) {
                q.add("{\"range\":{\"" + field + "\":{\"gte\":" + bound + "}}}");
                q.add("{\"range\":{\"" + field + "\":{\"lte\":\"" + bound + "\"}}}");
            }
        }
        Map<String, JsonNode> queries = numbered("numeric-string-", q.toArray(String[]::new));
        Map<String, JsonNode> events = new LinkedHashMap<>();
        events.put("443", JSON.readTree("{\"app\":{\"f\":443,\"d\":443,\"l\":443,\"i\":443,\"h\":443}}"));
        events.put("16", JSON.readTree("{\"app\":{\"f\":16,\"d\":16,\"l\":16,\"i\":16,\"h\":16,\"b\":16}}"));
        events.put("0.5", JSON.readTree("{\"app\":{\"f\":0.5,\"d\":0.5,\"h\":0.5}}"));
        events.put("0", JSON.readTree("{\"app\":{\"f\":0,\"d\":0,\"l\":0,\"i\":0,\"h\":0,\"b\":0}}"));
        events.put("extremes", JSON.readTree("{\"app\":{\"l\":[9223372036854775807,-9223372036854775808],\"i\":[2147483647,-2147483648],\"b\":[127,-128]}}"));
        EngineDifferential.Report report = new EngineDifferential(elasticsearch.client(), numbers).run(events, queries);
        print(report, "numeric strings in queries");
        assertThat(report.disagreements()).as("disagreements").isEmpty();
    }

    /** Where Elasticsearch refuses a query the evaluator must throw — checked on a shape the corpus lacks. */
    @Test
    void queriesElasticsearchRejectsAreRejectedByTheEvaluatorToo() throws IOException {
        Map<String, JsonNode> queries = new LinkedHashMap<>();
        queries.put("wildcard on ip", JSON.readTree("{\"wildcard\":{\"destination.ip\":{\"value\":\"10.*\"}}}"));
        queries.put("query_string wildcard on long", JSON.readTree("{\"query_string\":{\"fields\":[\"destination.port\"],\"query\":\"44*\"}}"));
        queries.put("term word on long", JSON.readTree("{\"term\":{\"destination.port\":{\"value\":\"https\"}}}"));
        queries.put("match non-address on ip", JSON.readTree("{\"match\":{\"source.ip\":\"not-an-ip\"}}"));
        Map<String, JsonNode> events = new LinkedHashMap<>();
        events.put("event", JSON.readTree("{\"destination\":{\"ip\":\"10.1.2.3\",\"port\":443},\"source\":{\"ip\":\"::1\"}}"));
        try (EngineIndex index = EngineIndex.create(elasticsearch.client(), ecs, "ruleforge-rejections")) {
            index.index(events);
            for (Map.Entry<String, JsonNode> q : queries.entrySet()) {
                assertThat(index.search(q.getValue()).rejected()).as("Elasticsearch rejects " + q.getKey()).isTrue();
            }
        }
        EngineDifferential.Report report = new EngineDifferential(elasticsearch.client(), ecs).run(events, queries);
        assertThat(report.rejectedPairs()).isEqualTo(queries.size());
        assertThat(report.disagreements()).isEmpty();
    }

    private List<CompiledRule> corpusRulesWithFilters() {
        Path corpus = SharedFolder.require("corpus/detection-rules");
        LoadResult loaded = new RuleLoader(corpus).loadDirectory(corpus, List.of());
        List<Rule> withFilters = new SchemaValidator().validate(loaded.documents()).rules().stream()
                .filter(r -> r.document().at("/rule/filters").size() > 0).toList();
        return new RuleCompiler(new CompilerSettings(KibanaVersion.V8_12, ecs, ecs, DslOptions.DEFAULT)).compile(withFilters)
                .rules().stream().filter(r -> r.filters().isPresent() && r.searchDsl().isPresent()).toList();
    }

    private List<CompiledRule> compileProjectRules(Mode mode) {
        FieldSchema kibanaFields = mode.schema().equals("none") ? FieldSchema.none() : ecs;
        return ProjectRules.compile(new CompilerSettings(mode.version(), ProjectRules.fieldTypes(kibanaFields), DslOptions.DEFAULT));
    }

    /** JSON texts by id ({@code prefix} + their place + the text, cut at 120 characters), in order. */
    private static Map<String, JsonNode> numbered(String prefix, String[] json) throws IOException {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (int i = 0; i < json.length; i++) {
            out.put(prefix + i + " " + (json[i].length() > 120 ? json[i].substring(0, 120) + "…" : json[i]), JSON.readTree(json[i]));
        }
        return out;
    }

    /** A comparison's summary, then what the evaluator refused, what both refused and every disagreement. */
    private static void print(EngineDifferential.Report report, String label) {
        System.out.println(report.summary(label));
        report.refusalReasons().forEach((reason, count) -> System.out.println("  refused " + count + "× " + reason));
        report.queriesBothReject().forEach((query, reason) -> System.out.println("  both reject " + query + ": " + reason));
        report.disagreements().forEach(d -> System.out.println("  DISAGREE " + d));
    }
}
