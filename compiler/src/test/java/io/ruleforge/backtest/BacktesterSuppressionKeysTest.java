package io.ruleforge.backtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompiledRule;
import io.ruleforge.compile.CompilerSettings;
import io.ruleforge.compile.RuleCompiler;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.evaluate.alerts.GroupKeys;
import io.ruleforge.evaluate.engine.ClusterSearch;
import io.ruleforge.evaluate.engine.EngineClient;
import io.ruleforge.evaluate.engine.EngineConnection;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.Normalizer;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.load.LoadResult;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.rule.Rule;
import io.ruleforge.validate.SchemaValidator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A suppressed new_terms rule's {@code group_by} is keyed by the mapping the rule was compiled against, as replay keys
 * it (its spec is replay's), and a group field whose normalizer ruleforge does not model is refused as replay refuses it.
 */
class BacktesterSuppressionKeysTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The project's rules ({@code ruleforge.rules} under failsafe; surefire runs in the module's folder). */
    private static final Path RULES = Path.of(System.getProperty("ruleforge.rules", "../rules"));

    @TempDir
    Path dir;

    private CompiledRule suppressedBy(String field, FieldSchema schema) throws IOException {
        String rule = Files.readString(RULES.resolve("first_process_for_user_on_host.toml"))
                + "\n[rule.alert_suppression]\ngroup_by = [\"" + field + "\"]\n";
        Path rules = Files.createDirectories(dir.resolve(field));
        Files.writeString(rules.resolve("first_process_suppressed.toml"), rule);
        LoadResult loaded = new RuleLoader(Path.of("").toAbsolutePath()).loadDirectory(rules, List.of());
        List<Rule> valid = new SchemaValidator().validate(loaded.documents()).rules();
        assertThat(valid).hasSize(1);
        return new RuleCompiler(new CompilerSettings(KibanaVersion.V8_12, schema, schema, DslOptions.DEFAULT)).compile(valid)
                .rules().get(0);
    }

    private static ObjectNode event(String path, String value) {
        ObjectNode e = JSON.createObjectNode();
        String[] parts = path.split("\\.");
        ObjectNode parent = e;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = parent.putObject(parts[i]);
        }
        parent.put(parts[parts.length - 1], value);
        return e;
    }

    @Test
    void anIpGroupByIsKeyedByItsAddressAndAMultiFieldByItsLeafAsReplayKeysThem() throws IOException {
        FieldSchema schema = EcsSchemas.defaultSchema().overlay(FieldSchema.of("dynamic", List.of(
                new FieldMapping("host.name", "text"), new FieldMapping("host.name.keyword", "keyword", 256))));
        GroupKeys ip = Backtester.spec(suppressedBy("source.ip", schema)).groupKeys();
        // one address written two ways is one group (Kibana reads it through the fields API), another address another
        assertThat(ip.fieldsApiTerm(event("source.ip", "2001:DB8::1"), "source.ip"))
                .isEqualTo(ip.fieldsApiTerm(event("source.ip", "2001:db8:0::1"), "source.ip"))
                .isNotEqualTo(ip.fieldsApiTerm(event("source.ip", "2001:db8::2"), "source.ip"));
        GroupKeys keyword = Backtester.spec(suppressedBy("host.name.keyword", schema)).groupKeys();
        // host.name.keyword indexes the text host.name's value
        assertThat(keyword.fieldsApiTerm(event("host.name", "WS-1"), "host.name.keyword").text()).isEqualTo("WS-1");
        assertThat(keyword.sourcePaths("host.name.keyword")).contains("host.name");
    }

    @Test
    void aGroupByWithANormalizerNotModelledIsNotBacktestedAsReplayDoesNotReplayIt() throws IOException {
        FieldSchema schema = EcsSchemas.defaultSchema().overlay(FieldSchema.of("m", List.of(
                new FieldMapping("host.name.folded", "keyword").withNormalizer(
                        Normalizer.custom("folding", List.of("asciifolding"), List.of())))));
        CompiledRule folded = suppressedBy("host.name.folded", schema);
        // refused before any search: the cluster is never asked
        ClusterSearch nowhere = new ClusterSearch(new EngineClient(EngineConnection.anonymous(URI.create("http://127.0.0.1:9"))));
        Instant to = Instant.parse("2024-05-02T00:00:00Z");
        Backtester.Outcome outcome = new Backtester(nowhere, new ClusterSearch.TimeRange(to.minusSeconds(86_400), to,
                ClusterSearch.Interval.HOUR), "stub").run(List.of(folded));
        assertThat(outcome.result().orElseThrow().notBacktested()).containsValue("its group field host.name.folded has the"
                + " normalizer [folding], which is not modelled by ruleforge: its filter \"asciifolding\" is not modelled (only lowercase is)");
    }
}
