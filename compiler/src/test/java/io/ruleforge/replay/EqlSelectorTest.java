package io.ruleforge.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.eql.EqlParseResult;
import io.ruleforge.eql.EqlParser;
import io.ruleforge.eql.EventQuery;
import io.ruleforge.evaluate.alerts.EqlAlerts;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.Rule;
import io.ruleforge.validate.SchemaValidator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replay's selection of EQL rules per event only saves work: every (rule, event) the EQL evaluator matches is a
 * candidate, checked over the project's EQL rules and every fixture event (as written, and with each string upper- and
 * lower-cased, for the case-insensitive operators); and the condition each query is indexed by is the one intended.
 */
class EqlSelectorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static final FieldSchema ECS = EcsSchemas.defaultSchema();

    private static Optional<RequiredTerms> requirement(String eql) {
        EventQuery query = ((EqlParseResult.Success) EqlParser.parse(eql)).query().eventQueries().get(0);
        return EqlSelector.requirement(query, ECS, "event.category");
    }

    @Test
    void aQueryIsIndexedByTheKeywordConditionWithFewestStringsElseItsCategory() {
        // a few-valued categorization field picks out less than a name, whatever the count of strings
        assertThat(requirement("process where host.os.type == \"windows\" and process.name : (\"whoami.exe\", \"NET.exe\")"))
                .contains(new RequiredTerms("process.name", java.util.Set.of("whoami.exe", "net.exe"), true));
        assertThat(requirement("process where host.os.type == \"windows\" and event.type in (\"start\", \"end\")"))
                .contains(new RequiredTerms("host.os.type", java.util.Set.of("windows"), false));
        assertThat(requirement("process where process.name in~ (\"A.exe\", \"b.exe\") and process.parent.name : (\"x\", \"y\", \"z\")"))
                .contains(new RequiredTerms("process.name", java.util.Set.of("a.exe", "b.exe"), true));
        assertThat(requirement("process where process.name like \"cmd.exe\""))
                .contains(new RequiredTerms("process.name", java.util.Set.of("cmd.exe"), false));
        // wildcards, regular expressions, negations, ORs, non-keyword fields: no condition of their own
        assertThat(requirement("process where process.name : \"*.exe\" and process.pid == 4 and not process.name == \"a\""
                + " and (user.name == \"a\" or user.name == \"b\") and process.command_line == \"x\" and process.name regex \"a.*\""))
                .contains(new RequiredTerms("event.category", java.util.Set.of("process"), false));
        assertThat(requirement("any where process.name : \"*.exe\"")).isEmpty();
    }

    @Test
    void everyEventTheEvaluatorMatchesIsACandidate() throws IOException {
        Path rulesDir = PROJECT.resolve("rules");
        List<Rule> valid = new SchemaValidator().validate(new RuleLoader(PROJECT)
                .loadDirectory(rulesDir, List.of(rulesDir.resolve("target"))).documents()).rules();
        List<CompiledRule> compiled = new RuleCompiler(new CompilerSettings(KibanaVersion.V8_12, ECS, ECS, DslOptions.DEFAULT))
                .compile(valid).rules();
        Map<String, String> notReplayed = new TreeMap<>();
        Replayer.Options options = new Replayer.Options(1, 3, 5, Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC), null);
        List<ReplayRule> rules = new Replayer(options).prepare(compiled, notReplayed);
        List<JsonNode> events = new ArrayList<>();
        for (JsonNode written : fixtureEvents()) {
            events.addAll(List.of(written, strings(written, s -> s.toUpperCase(Locale.ROOT)), strings(written, s -> s.toLowerCase(Locale.ROOT))));
        }
        Agreement a = agreement(rules, events);
        assertThat(a.matched()).as("pairs the evaluator matched").isGreaterThan(20);
        assertThat(a.spared()).as("pairs the selection spared the evaluator").isGreaterThan(100);
    }

    /** Each EQL operator the selection indexes, on keyword fields and values of every shape the evaluator reads. */
    @Test
    void eachOperatorKeepsEveryEventItsRuleMatches(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        List<String> queries = List.of(
                "process where process.name == \"PowerShell.exe\"",
                "process where process.name in (\"powershell.exe\", \"pwsh.exe\")",
                "process where process.name in~ (\"POWERSHELL.exe\")",
                "process where process.name like \"powershell.exe\"",
                "process where process.name like~ \"POWERSHELL.EXE\"",
                "process where process.name : \"PowerShell.EXE\"",
                "process where process.name : \"p\u00f6wershell.exe\"",
                "process where process.args == \"-enc\"",
                "process where process.args : (\"-ENC\", \"-e\")",
                "process where process.pid == 5",
                "process where process.name == \"5\"",
                "process where process.args : \"TRUE\"",
                "network where true",
                "sequence [process where process.name : \"cmd.exe\"] [process where process.name == \"net.exe\"]");
        Path rulesDir = Files.createDirectories(dir.resolve("rules"));
        for (int i = 0; i < queries.size(); i++) {
            Files.writeString(rulesDir.resolve("rule_" + i + ".toml"), String.join("\n",
                    "[metadata]", "creation_date = \"2026/11/28\"", "maturity = \"production\"", "updated_date = \"2026/11/28\"",
                    "", "[rule]", "author = [\"ruleforge\"]", "description = \"An operator of EQL.\"", "from = \"now-6m\"",
                    "index = [\"logs-endpoint.events.*\"]", "interval = \"5m\"", "language = \"eql\"", "license = \"Apache-2.0\"",
                    "max_signals = 100", "name = \"Operator " + i + "\"", "risk_score = 21",
                    String.format("rule_id = \"00000000-0000-4000-8000-0000000000%02d\"", i), "severity = \"low\"",
                    "type = \"eql\"", "version = 1", "query = '''", queries.get(i), "'''", ""));
        }
        List<Rule> valid = new SchemaValidator().validate(new RuleLoader(dir).loadDirectory(rulesDir, List.of()).documents()).rules();
        List<CompiledRule> compiled = new RuleCompiler(new CompilerSettings(KibanaVersion.V8_12, ECS, ECS, DslOptions.DEFAULT))
                .compile(valid).rules();
        assertThat(compiled).hasSize(queries.size());
        List<JsonNode> events = new ArrayList<>();
        for (String name : List.of("\"powershell.exe\"", "\"PowerShell.exe\"", "\"POWERSHELL.EXE\"", "\"pwsh.exe\"", "\"cmd.exe\"",
                "\"net.exe\"", "\"p\u00d6wershell.exe\"", "\"P\u00f6wershell.EXE\"", "5", "true", "[\"x\", \"powershell.exe\"]", "null", "[]")) {
            for (String args : List.of("[\"-enc\"]", "[\"-ENC\", \"x\"]", "\"-E\"", "[5]")) {
                for (String category : List.of("\"process\"", "[\"network\", \"process\"]", "\"network\"")) {
                    events.add(JSON.readTree("{\"event\":{\"category\":" + category + "},\"process\":{\"name\":" + name
                            + ",\"args\":" + args + ",\"pid\":5}}"));
                    events.add(JSON.readTree("{\"event.category\":" + category + ",\"process.name\":" + name + "}"));
                }
            }
        }
        Replayer.Options options = new Replayer.Options(1, 3, 5, Clock.fixed(Instant.parse("2026-11-28T00:00:00Z"), ZoneOffset.UTC), null);
        Map<String, String> notReplayed = new TreeMap<>();
        List<ReplayRule> rules = new Replayer(options).prepare(compiled, notReplayed);
        assertThat(notReplayed).isEmpty();
        Agreement a = agreement(rules, events);
        assertThat(a.matched()).as("pairs the evaluator matched").isGreaterThan(50);
        assertThat(a.spared()).as("pairs the selection spared the evaluator").isGreaterThan(200);
    }

    private record Agreement(int matched, int spared) {
    }

    /** Asserts that every pair the evaluator matches is a candidate; counts them and the pairs the selection spared. */
    private static Agreement agreement(List<ReplayRule> rules, List<JsonNode> events) {
        EqlSelector selector = new EqlSelector(rules);
        int matched = 0;
        int spared = 0;
        for (JsonNode event : events) {
            boolean[] candidates = selector.candidates(event);
            for (int r = 0; r < rules.size(); r++) {
                List<EventQuery> queries = rules.get(r) instanceof ReplayRule.EqlEvents ev ? List.of(ev.query())
                        : rules.get(r) instanceof ReplayRule.EqlGroups g ? g.terms() : List.of();
                if (queries.isEmpty()) {
                    continue;
                }
                EqlEvaluator evaluator = new EqlEvaluator(rules.get(r).rule().indexFields(),
                        EqlAlerts.settings(rules.get(r).rule()), Instant.parse("2026-11-28T00:00:00Z"));
                if (queries.stream().anyMatch(q -> evaluator.matches(q, event))) {
                    matched++;
                    assertThat(candidates[r]).as("%s on %s", rules.get(r).rule().rule().displayPath(), event).isTrue();
                } else if (!candidates[r]) {
                    spared++;
                }
            }
        }
        return new Agreement(matched, spared);
    }

    /** Every event of the project's fixture files and case files. */
    private static List<JsonNode> fixtureEvents() throws IOException {
        List<JsonNode> events = new ArrayList<>();
        try (Stream<Path> files = Files.walk(PROJECT.resolve("test-fixtures"))) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = f.getFileName().toString();
                if (name.endsWith(".ndjson")) {
                    for (String line : Files.readAllLines(f)) {
                        if (!line.isBlank() && !line.strip().startsWith("//")) {
                            events.add(JSON.readTree(line));
                        }
                    }
                } else if (name.endsWith(".json")) {
                    JSON.readTree(f.toFile()).path("events").forEach(events::add);
                }
            }
        }
        return events;
    }

    /** A copy with every string value changed by {@code change}. */
    private static JsonNode strings(JsonNode node, UnaryOperator<String> change) {
        if (node.isTextual()) {
            return TextNode.valueOf(change.apply(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                copy.set(e.getKey(), strings(e.getValue(), change));
            }
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = JSON.createArrayNode();
            node.forEach(e -> copy.add(strings(e, change)));
            return copy;
        }
        return node;
    }
}
