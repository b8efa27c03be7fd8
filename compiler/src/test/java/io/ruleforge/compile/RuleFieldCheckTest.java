package io.ruleforge.compile;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.fields.EcsSchemas;
import io.ruleforge.fields.FieldMapping;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.IndexMappings;
import io.ruleforge.fields.ScopedMapping;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.rule.Rule;
import io.ruleforge.testing.SingleRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fields a rule names outside its query, checked by how Kibana's detection engine uses each: what Elasticsearch
 * aggregates or sorts by must have doc values of a groupable type (which types those are is checked against a real
 * Elasticsearch by {@code AlertsDifferentialIT}); what the engine only reads may be any type, and only an unknown
 * name is reported.
 */
class RuleFieldCheckTest {

    private static final FieldSchema ECS = EcsSchemas.defaultSchema();

    @TempDir
    Path dir;

    private static String rule(String type, String language, String query, String extra) {
        return SingleRule.toml(type, language, query, extra);
    }

    private record Compiled(Optional<CompiledRule> rule, List<Diagnostic> diagnostics) {
        List<String> codes() {
            return diagnostics.stream().map(Diagnostic::code).toList();
        }
    }

    private Compiled compile(String toml, IndexMappings fieldTypes) throws Exception {
        Rule rule = SingleRule.load(dir, toml);
        List<Diagnostic> diagnostics = new ArrayList<>();
        Optional<CompiledRule> compiled = new RuleCompiler(new CompilerSettings(KibanaVersion.V8_12, fieldTypes,
                DslOptions.DEFAULT)).compile(rule, diagnostics);
        return new Compiled(compiled, diagnostics);
    }

    private Compiled compile(String toml) throws Exception {
        return compile(toml, IndexMappings.uniform(ECS, ECS));
    }

    private static final String GROUP_BY_MESSAGE = """

            [rule.alert_suppression]
            group_by = ["host.name", "message"]
            """;

    @Test
    void aQueryRuleSuppressedByATextFieldIsAnErrorAndNotCompiled() throws Exception {
        Compiled query = compile(rule("query", "kuery", "event.category:process", GROUP_BY_MESSAGE));

        assertThat(query.rule()).isEmpty();
        assertThat(query.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RF4006");
            assertThat(d.isError()).isTrue();
            assertThat(d.message()).contains("alert_suppression.group_by names message", "match_only_text", "cannot group by it");
            // line 23 is group_by's (20 lines of rule, a blank, the table): the offending element, not the key
            assertThat(d.position().line()).isEqualTo(23);
            assertThat(d.position().column()).isEqualTo(26);
        });
    }

    @Test
    void eqlAndNewTermsSuppressInMemoryByTheFieldsApiSoATextGroupFieldIsFine() throws Exception {
        // Kibana's EQL and new_terms executors suppress by the events' fields-API values, which text fields have
        Compiled eql = compile(rule("eql", "eql", "process where process.name == \"cmd.exe\"", GROUP_BY_MESSAGE
                .replace("\"message\"]", "\"message\", \"host.nme\"]")));
        assertThat(eql.rule()).isPresent();
        // the group fields are checked (an unknown one is reported), only not as aggregated
        assertThat(eql.codes()).containsExactly("RF4001");
        assertThat(eql.diagnostics().get(0).hint()).isEqualTo("did you mean host.name?");

        Compiled newTerms = compile(rule("new_terms", "kuery", "event.category:process", """

                [rule.new_terms]
                field = "new_terms_fields"
                value = ["host.name"]

                [[rule.new_terms.history_window_start]]
                field = "history_window_start"
                value = "now-7d"
                """ + GROUP_BY_MESSAGE));
        assertThat(newTerms.rule()).isPresent();
        assertThat(newTerms.codes()).doesNotContain("RF4006");
    }

    @Test
    void aTextFieldsKeywordSiblingIsOffered() throws Exception {
        Compiled threshold = compile(rule("threshold", "kuery", "event.category:process", """

                [rule.threshold]
                field = ["process.command_line.text"]
                value = 10
                """));
        assertThat(threshold.rule()).isEmpty();
        assertThat(threshold.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RF4006");
            assertThat(d.hint()).isEqualTo("name process.command_line instead: the same value, as a wildcard field");
        });
    }

    @Test
    void groupableTypesPassAndADateTimestampOverrideToo() throws Exception {
        Compiled threshold = compile(rule("threshold", "kuery", "event.category:process", """

                [rule.threshold]
                field = ["host.name", "process.pid", "source.ip", "event.created"]
                value = 10

                [[rule.threshold.cardinality]]
                field = "process.command_line"
                value = 2
                """).replace("version = 1", "timestamp_override = \"event.ingested\"\nversion = 1"));

        assertThat(threshold.rule()).isPresent();
        assertThat(threshold.diagnostics()).isEmpty();
    }

    /**
     * Kibana searches timestamp_override with a date range and asks for its values with a date format (checked by
     * hand on Elasticsearch 8.19: a long field cannot parse "now-5y", a keyword field "doesn't support formats"), so
     * a field of another type fails the rule's every run that finds an event.
     */
    @Test
    void aTimestampOverrideThatIsNotADateIsAnError() throws Exception {
        for (String field : List.of("event.action", "process.pid", "source.ip")) {
            Compiled query = compile(rule("query", "kuery", "event.category:process", "")
                    .replace("version = 1", "timestamp_override = \"" + field + "\"\nversion = 1"));
            assertThat(query.rule()).as(field).isEmpty();
            assertThat(query.diagnostics()).as(field).singleElement().satisfies(d -> {
                assertThat(d.code()).isEqualTo("RF4008");
                assertThat(d.isError()).isTrue();
            });
        }
    }

    /**
     * An object has no value: threshold's composite has no missing bucket (Kibana's build_threshold_aggregation), so
     * no event makes a group; a query rule's suppression treats every event as missing the field.
     */
    @Test
    void anObjectSaysWhatItDoesToTheRule() throws Exception {
        Compiled threshold = compile(rule("threshold", "kuery", "event.category:process", """

                [rule.threshold]
                field = ["process.parent"]
                value = 10
                """));
        assertThat(threshold.rule()).isPresent();
        assertThat(threshold.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RF4007");
            assertThat(d.message()).endsWith("so no event makes a group and the rule never alerts");
        });
        Compiled doNotSuppress = compile(rule("query", "kuery", "event.category:process", """

                [rule.alert_suppression]
                group_by = ["process.parent"]
                missing_fields_strategy = "doNotSuppress"
                """));
        assertThat(doNotSuppress.diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.message()).endsWith("so no event is suppressed (missing_fields_strategy doNotSuppress)"));
    }

    @Test
    void anUnknownFieldIsReportedOnceHoweverOftenTheRuleNamesIt() throws Exception {
        String levels = "";
        for (String severity : List.of("low", "medium", "high")) {
            levels += """

                    [[rule.severity_mapping]]
                    field = "event.severty"
                    operator = "equals"
                    severity = "%s"
                    value = "%s"
                    """.formatted(severity, severity);
        }
        Compiled query = compile(rule("query", "kuery", "event.category:process", levels));

        assertThat(query.rule()).isPresent();
        assertThat(query.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RF4001");
            assertThat(d.hint()).isEqualTo("did you mean event.severity?");
        });
    }

    @Test
    void aFieldTheQueryAlreadyReportedIsNotReportedAgainAndAnUncheckableNamespaceIsANote() throws Exception {
        Compiled newTerms = compile(rule("new_terms", "kuery", "event.category:process and acme.tenant:*", """

                [rule.new_terms]
                field = "new_terms_fields"
                value = ["acme.tenant", "acme.user"]

                [[rule.new_terms.history_window_start]]
                field = "history_window_start"
                value = "now-7d"
                """));

        // acme.tenant: the query's finding (line 20, the query's); acme.user: the rule's, a note, as the mapping has
        // no acme field at all, so ruleforge cannot tell a slip from a field of an integration it has no mapping of
        assertThat(newTerms.rule()).isPresent();
        assertThat(newTerms.diagnostics()).extracting(d -> d.code() + " " + d.severity().label() + " " + d.position().line())
                .containsExactlyInAnyOrder("RF4001 warning 20", "RF4001 info 24");
    }

    @Test
    void aThreatMappingValueIsLookedUpInTheThreatIndicesMapping() throws Exception {
        // intel.address is mapped for the threat indices only: as a value (a threat index field) it is known, as a
        // field (one of the rule's own indices) it is not
        FieldSchema intel = FieldSchema.of("intel.json", List.of(new FieldMapping("intel.address", "ip")));
        IndexMappings fieldTypes = new IndexMappings(ECS, ECS, List.of(new ScopedMapping("intel.json", List.of("intel-*"), intel)));
        String indicatorMatch = rule("threat_match", "kuery", "destination.ip:*", """
                threat_index = ["intel-*"]
                threat_query = "intel.address:*"

                [[rule.threat_mapping]]

                [[rule.threat_mapping.entries]]
                field = "destination.ip"
                type = "mapping"
                value = "intel.address"

                [[rule.threat_mapping]]

                [[rule.threat_mapping.entries]]
                field = "intel.address"
                type = "mapping"
                value = "intel.address"
                """);

        Compiled compiled = compile(indicatorMatch, fieldTypes);

        assertThat(compiled.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("RF4001");
            assertThat(d.message()).startsWith("threat_mapping field names intel.address, which is not in ");
        });
    }

    @Test
    void withoutFieldTypesNothingIsChecked() throws Exception {
        Compiled query = compile(rule("query", "kuery", "event.category:process", GROUP_BY_MESSAGE),
                IndexMappings.uniform(FieldSchema.none(), FieldSchema.none()));
        assertThat(query.rule()).isPresent();
        assertThat(query.diagnostics()).isEmpty();
    }
}
