package io.ruleforge.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.harness.engine.EngineClient;
import io.ruleforge.harness.engine.EngineConnection;
import io.ruleforge.harness.engine.EngineIndex;
import io.ruleforge.harness.engine.EngineVerdicts;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.load.LoadResult;
import io.ruleforge.rule.Rule;
import io.ruleforge.testing.LocalElasticsearch;
import io.ruleforge.testing.SharedFolder;
import io.ruleforge.validate.SchemaValidator;
import io.ruleforge.load.RuleLoader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evaluator's verdicts equal a real Elasticsearch's (the distribution the build unpacks, started here): on
 * the project's fixtures and generated boundary cases under every rule, and on thousands of events mutated from
 * the fixtures and from the literals of Kibana's DSL for Elastic's prebuilt rules, under all those queries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineDifferentialIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LocalElasticsearch node;
    private EngineClient client;
    private final FieldSchema ecs = EcsSchemas.defaultSchema();

    @BeforeAll
    void startElasticsearch() {
        node = LocalElasticsearch.start();
        client = new EngineClient(EngineConnection.anonymous(node.url()));
        System.out.println("Elasticsearch started in " + node.startup().toMillis() / 1000.0 + " s: " + client.describeEngine()
                + " (pid " + node.pid() + ")");
    }

    @AfterAll
    void stopElasticsearch() {
        if (node != null) {
            node.close();
        }
    }

    /** The two modes the project's rules are compiled in: Kibana 8.12 with ECS types, Kibana 8.9 without. */
    private record Mode(KibanaVersion version, String schema) {
        String label() {
            return "Kibana " + version.label() + "/" + schema;
        }
    }

    private static final List<Mode> MODES = List.of(new Mode(KibanaVersion.V8_12, "ecs"), new Mode(KibanaVersion.V8_9, "none"));

    @Test
    void projectFixturesAndBoundaryCasesGetTheSameVerdictsFromElasticsearch() {
        FixtureLoader fixtures = new FixtureLoader(projectPath("ruleforge.fixtures"), Path.of("").toAbsolutePath());
        EngineVerdicts engine = new EngineVerdicts(client, ecs);
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
        FixtureLoader fixtures = new FixtureLoader(projectPath("ruleforge.fixtures"), Path.of("").toAbsolutePath());
        Map<String, JsonNode> events = new LinkedHashMap<>();
        Map<String, JsonNode> queries = new LinkedHashMap<>();
        PrivateRangeMutator mutator = new PrivateRangeMutator();
        for (Mode mode : MODES) {
            for (CompiledRule rule : compileProjectRules(mode)) {
                queries.put(rule.rule().fileStem() + " (" + mode.label() + ")", rule.dsl().orElseThrow());
                RuleFixtures loaded = fixtures.load(rule.rule().fileStem()).fixtures();
                loaded.positives().forEach(e -> events.put(e.source(), e.event()));
                loaded.negatives().forEach(e -> events.put(e.source(), e.event()));
                for (TestCase generated : mutator.generate(rule.kql().orElseThrow().root(), loaded.positives())) {
                    events.put(generated.subject(), generated.event());
                }
            }
        }
        EngineDifferential.Report report = new EngineDifferential(client, ecs).run(events, queries);
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
    void corpusQueriesOnMutatedEventsAgree() throws IOException {
        Path corpus = SharedFolder.require("conformance/kql");
        Map<String, JsonNode> queries = new LinkedHashMap<>();
        for (String file : List.of("kibana-8.12_ecs.jsonl", "kibana-8.9_nofields.jsonl")) {
            String mode = file.replace(".jsonl", "");
            for (String line : Files.readAllLines(corpus.resolve(file))) {
                if (!line.isBlank()) {
                    JsonNode row = JSON.readTree(line);
                    queries.put(row.get("id").asText() + " (" + mode + ")", row.get("dsl"));
                }
            }
        }
        DifferentialEvents generator = new DifferentialEvents(ecs);
        FixtureLoader fixtures = new FixtureLoader(projectPath("ruleforge.fixtures"), Path.of("").toAbsolutePath());
        for (CompiledRule rule : compileProjectRules(MODES.get(0))) {
            RuleFixtures loaded = fixtures.load(rule.rule().fileStem()).fixtures();
            loaded.positives().forEach(e -> generator.addFromFixture(e.source(), e.event()));
            loaded.negatives().forEach(e -> generator.addFromFixture(e.source(), e.event()));
        }
        int fixtureEvents = generator.events().size();
        queries.forEach((id, dsl) -> {
            if (id.endsWith("(kibana-8.12_ecs)")) {
                generator.addFromQuery(id, dsl);
            }
        });
        Map<String, JsonNode> events = generator.events();
        EngineDifferential.Report report = new EngineDifferential(client, ecs).run(events, queries);
        System.out.println(report.summary("corpus queries × mutated events") + " [" + fixtureEvents
                + " events from fixtures, " + (events.size() - fixtureEvents) + " from query literals]");
        report.refusalReasons().forEach((reason, count) -> System.out.println("  refused " + count + "× " + reason));
        report.disagreements().stream().limit(40).forEach(d -> System.out.println("  DISAGREE " + d));
        assertThat(events.size()).as("events generated").isGreaterThan(2000);
        assertThat(queries).as("corpus queries").hasSizeGreaterThan(900);
        assertThat(report.matchedPairs()).as("pairs where the engine matched").isGreaterThan(1000);
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
        try (EngineIndex index = EngineIndex.create(client, ecs, "ruleforge-rejections")) {
            index.index(events);
            for (Map.Entry<String, JsonNode> q : queries.entrySet()) {
                assertThat(index.search(q.getValue()).rejected()).as("Elasticsearch rejects " + q.getKey()).isTrue();
            }
        }
        EngineDifferential.Report report = new EngineDifferential(client, ecs).run(events, queries);
        assertThat(report.rejectedPairs()).isEqualTo(queries.size());
        assertThat(report.disagreements()).isEmpty();
    }

    private List<CompiledRule> compileProjectRules(Mode mode) {
        Path rulesDirectory = projectPath("ruleforge.rules");
        LoadResult loaded;
        try {
            loaded = new RuleLoader(Path.of("").toAbsolutePath()).loadDirectory(rulesDirectory, List.of(rulesDirectory.resolve("target")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        List<Rule> rules = new SchemaValidator().validate(loaded.documents()).rules();
        FieldSchema kibanaFields = mode.schema().equals("none") ? FieldSchema.none() : ecs;
        return new RuleCompiler(new CompilerSettings(mode.version(), kibanaFields, ecs, DslOptions.DEFAULT)).compile(rules).rules();
    }

    private static Path projectPath(String property) {
        String value = System.getProperty(property);
        assertThat(value).as("system property " + property + " (set by failsafe)").isNotNull();
        return Path.of(value);
    }
}
