package io.ruleforge.validate;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.load.RuleDocument;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.load.SourceFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaValidatorTest {

    /** A valid query rule; tests replace one line to break it. Line numbers below refer to this text. */
    static final String VALID = """
            [metadata]
            creation_date = "2020/02/18"
            maturity = "production"
            updated_date = "2020/03/18"

            [rule]
            author = ["ruleforge"]
            description = "Identifies cmd.exe making a network connection."
            from = "now-6m"
            index = ["winlogbeat-*"]
            interval = "5m"
            language = "kuery"
            max_signals = 100
            name = "Command Prompt Network Connection"
            risk_score = 21
            rule_id = "89f9a4b0-9f8f-4ee0-8823-c4751a6d6696"
            severity = "low"
            tags = ["Elastic", "Windows"]
            type = "query"
            version = 2
            query = "process.name:cmd.exe"

            [[rule.threat]]
            framework = "MITRE ATT&CK"

            [rule.threat.tactic]
            id = "TA0002"
            name = "Execution"
            reference = "https://attack.mitre.org/tactics/TA0002/"

            [[rule.threat.technique]]
            id = "T1059"
            name = "Command and Scripting Interpreter"
            reference = "https://attack.mitre.org/techniques/T1059/"
            """;

    private static RuleDocument toml(String name, String text) throws Exception {
        return new RuleLoader(Path.of(".")).parse(name, SourceFormat.TOML, text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSessionFedInChunksRejectsTheDuplicatesOfEarlierChunksAsOneValidationDoes() throws Exception {
        String otherId = "0a7c3a5e-0d2b-4a53-8c4e-6f0f3b1d2c11";
        List<RuleDocument> documents = List.of(
                toml("a.toml", VALID),
                toml("b.toml", VALID.replace("Command Prompt Network Connection", "Other name")),
                toml("c.toml", VALID.replace("89f9a4b0-9f8f-4ee0-8823-c4751a6d6696", otherId)),
                toml("d.toml", VALID.replace("Command Prompt Network Connection", "D")
                        .replace("89f9a4b0-9f8f-4ee0-8823-c4751a6d6696", "5b1d7c0e-3f7a-4c55-9e2d-1a2b3c4d5e6f")));
        SchemaValidator validator = new SchemaValidator();

        SchemaValidator.Session session = validator.session();
        SchemaValidator.Chunk first = session.check(documents.subList(0, 2));
        SchemaValidator.Chunk second = session.check(documents.subList(2, 4));

        assertThat(first.rules()).extracting(r -> r.displayPath()).containsExactly("a.toml");
        assertThat(second.rules()).extracting(r -> r.displayPath()).containsExactly("d.toml");
        // b.toml has a.toml's id (line 16), c.toml its name (line 14): each names where the first one stands
        assertThat(first.diagnostics()).extracting(d -> d.position() + " " + d.code() + " " + d.message()).containsExactly(
                "b.toml:16:11 RF2012 rule.rule_id 89f9a4b0-9f8f-4ee0-8823-c4751a6d6696 is already used by a.toml:16:11");
        assertThat(second.diagnostics()).extracting(d -> d.position() + " " + d.code() + " " + d.message()).containsExactly(
                "c.toml:14:8 RF2013 rule.name \"Command Prompt Network Connection\" is already used by a.toml:14:8");
        ValidationResult whole = validator.validate(documents);
        assertThat(whole.rules()).extracting(r -> r.displayPath()).containsExactly("a.toml", "d.toml");
        List<Diagnostic> chunked = new ArrayList<>(first.diagnostics());
        chunked.addAll(second.diagnostics());
        assertThat(whole.diagnostics()).containsExactlyElementsOf(chunked);
    }

    @Test
    void aSessionRefusesDocumentsOutOfNameOrderWhichWouldGiveAnIdToTheWrongFile() throws Exception {
        SchemaValidator.Session session = new SchemaValidator().session();
        session.check(List.of(toml("b.toml", VALID)));

        assertThatThrownBy(() -> session.check(List.of(toml("a.toml", VALID))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("documents out of name order: a.toml after b.toml");
    }

    private static ValidationResult validate(String text) throws Exception {
        return new SchemaValidator().validate(List.of(toml("rules/x.toml", text)));
    }

    private static String replaced(String line, String replacement) {
        assertThat(VALID).contains(line + "\n");
        return VALID.replace(line + "\n", replacement + "\n");
    }

    private static List<String> messages(ValidationResult result) {
        return result.diagnostics().stream().map(Diagnostic::format).toList();
    }

    @Test
    void aValidRuleBecomesARuleModel() throws Exception {
        ValidationResult result = validate(VALID);
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.rules()).singleElement().satisfies(rule -> {
            assertThat(rule.ruleId()).isEqualTo("89f9a4b0-9f8f-4ee0-8823-c4751a6d6696");
            assertThat(rule.type()).isEqualTo("query");
            assertThat(rule.query()).hasValue("process.name:cmd.exe");
            assertThat(rule.index()).containsExactly("winlogbeat-*");
            assertThat(rule.version()).isEqualTo(2);
            assertThat(rule.fileStem()).isEqualTo("x");
        });
    }

    @Test
    void riskScoreOutOfRangeIsReportedLikeACompiler() throws Exception {
        ValidationResult result = validate(replaced("risk_score = 21", "risk_score = 101"));
        assertThat(messages(result)).containsExactly(
                "rules/x.toml:15:14: error: rule.risk_score must be between 0 and 100, found 101 [RF2006]");
        assertThat(result.rules()).isEmpty();
    }

    @Test
    void everyEnumIsChecked() throws Exception {
        assertThat(messages(validate(replaced("severity = \"low\"", "severity = \"urgent\""))))
                .containsExactly("rules/x.toml:17:12: error: rule.severity must be one of [critical, high, low, medium], found \"urgent\" [RF2005]");
        assertThat(messages(validate(replaced("type = \"query\"", "type = \"sigma\""))))
                .containsExactly("rules/x.toml:19:8: error: rule.type must be one of [eql, esql, machine_learning, new_terms, query, saved_query, threat_match, threshold], found \"sigma\" [RF2005]");
        assertThat(messages(validate(replaced("language = \"kuery\"", "language = \"sql\""))))
                .containsExactly("rules/x.toml:12:12: error: rule.language must be one of [eql, esql, kuery, lucene], found \"sql\" [RF2005]");
        assertThat(messages(validate(replaced("maturity = \"production\"", "maturity = \"final\""))))
                .singleElement().asString().startsWith("rules/x.toml:3:12: error: metadata.maturity must be one of");
    }

    @Test
    void languageMustFitTheRuleType() throws Exception {
        assertThat(messages(validate(replaced("language = \"kuery\"", "language = \"eql\""))))
                .containsExactly("rules/x.toml:12:12: error: rule.language \"eql\" is not allowed for type \"query\"; expected one of [kuery, lucene] [RF2014]");
    }

    @Test
    void typesAreChecked() throws Exception {
        assertThat(messages(validate(replaced("risk_score = 21", "risk_score = \"21\""))))
                .contains("rules/x.toml:15:14: error: rule.risk_score must be an integer, found the string \"21\" [RF2004]");
        assertThat(messages(validate(replaced("tags = [\"Elastic\", \"Windows\"]", "tags = \"Elastic\""))))
                .containsExactly("rules/x.toml:18:8: error: rule.tags must be an array of strings, found the string \"Elastic\" [RF2004]");
    }

    @Test
    void rangesOfMaxSignalsAndVersion() throws Exception {
        assertThat(messages(validate(replaced("max_signals = 100", "max_signals = 0"))))
                .containsExactly("rules/x.toml:13:15: error: rule.max_signals must be at least 1, found 0 [RF2006]");
        assertThat(messages(validate(replaced("version = 2", "version = -1"))))
                .containsExactly("rules/x.toml:20:11: error: rule.version must be at least 1, found -1 [RF2006]");
    }

    @Test
    void hugeIntegersAreReportedAsWrittenAndTooLargeOnesSaySo() throws Exception {
        // beyond a long: the sign must survive (Jackson's TOML module drops it)
        assertThat(messages(validate(replaced("version = 2", "version = -9223372036854775809"))))
                .containsExactly("rules/x.toml:20:11: error: rule.version must be at least 1, found -9223372036854775809 [RF2006]");
        // the smallest long itself (which Jackson's TOML module reads as -6854775808)
        assertThat(messages(validate(replaced("version = 2", "version = -9_223_372_036_854_775_808"))))
                .containsExactly("rules/x.toml:20:11: error: rule.version must be at least 1, found -9223372036854775808 [RF2006]");
        assertThat(messages(validate(replaced("max_signals = 100", "max_signals = 18446744073709551617"))))
                .containsExactly("rules/x.toml:13:15: error: rule.max_signals is too large: it must be at most 2147483647, "
                        + "found 18446744073709551617 [RF2006]");
        assertThat(messages(validate(replaced("max_signals = 100", "max_signals = 2147483648"))))
                .singleElement().asString().contains("is too large");
    }

    @Test
    void intervalAndFromFormats() throws Exception {
        assertThat(messages(validate(replaced("interval = \"5m\"", "interval = \"5 minutes\""))))
                .containsExactly("rules/x.toml:11:12: error: rule.interval must be a duration such as \"5m\", found \"5 minutes\" [RF2007]");
        assertThat(messages(validate(replaced("from = \"now-6m\"", "from = \"6m ago\""))))
                .containsExactly("rules/x.toml:9:8: error: rule.from must be date math such as \"now-6m\", found \"6m ago\" [RF2008]");
        assertThat(validate(replaced("from = \"now-6m\"", "from = \"now-1d/d\"")).diagnostics()).isEmpty();
    }

    @Test
    void ruleIdThatIsNoUuidIsAWarningAsKibanaAcceptsIt() throws Exception {
        ValidationResult result = validate(replaced("rule_id = \"89f9a4b0-9f8f-4ee0-8823-c4751a6d6696\"", "rule_id = \"cmd-network\""));
        assertThat(messages(result))
                .containsExactly("rules/x.toml:16:11: warning: rule.rule_id should be a UUID, found \"cmd-network\" [RF2009]");
        assertThat(result.rules()).hasSize(1);
    }

    @Test
    void ruleIdThatWouldLeaveTheBundleFolderIsAnError() throws Exception {
        // the bundle writes rules/<rule_id>.json: these ids would name a file outside it
        ValidationResult slash = validate(replaced("rule_id = \"89f9a4b0-9f8f-4ee0-8823-c4751a6d6696\"", "rule_id = \"../../etc/x\""));
        assertThat(messages(slash)).containsExactly("rules/x.toml:16:11: error: rule.rule_id names the rule's file in the bundle,"
                + " found \"../../etc/x\" with a path separator '/' at character 3 [RF2023]");
        assertThat(slash.rules()).isEmpty();
        assertThat(messages(validate(replaced("rule_id = \"89f9a4b0-9f8f-4ee0-8823-c4751a6d6696\"", "rule_id = \"a:b\""))))
                .containsExactly("rules/x.toml:16:11: error: rule.rule_id names the rule's file in the bundle,"
                        + " found \"a:b\" with ':', which Windows refuses in a file name, at character 2 [RF2023]");
        assertThat(messages(validate(replaced("rule_id = \"89f9a4b0-9f8f-4ee0-8823-c4751a6d6696\"", "rule_id = \"a\\\\b\""))))
                .singleElement().asString().contains("a path separator '\\' at character 2");
    }

    @Test
    void newTermsFieldsMayHoldASlashAsRealFieldsDo() throws Exception {
        String newTerms = replaced("type = \"query\"", "type = \"new_terms\"").replace("[[rule.threat]]", """
                [rule.new_terms]
                field = "new_terms_fields"
                value = ["kubernetes.audit.annotations.authorization_k8s_io/decision"]
                [[rule.new_terms.history_window_start]]
                field = "history_window_start"
                value = "now-7d"

                [[rule.threat]]""");
        assertThat(validate(newTerms).diagnostics()).isEmpty();
    }

    @Test
    void aFieldNameWithABlankIsAWarningAsKibanaAcceptsIt() throws Exception {
        ValidationResult result = validate(replaced("type = \"query\"", "type = \"query\"\ntimestamp_override = \"event ingested\""));
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.code()).isEqualTo(SchemaCodes.BAD_FIELD_NAME);
        });
        assertThat(result.rules()).hasSize(1);
    }

    @Test
    void aUuidWithAGroupTooLongSaysWhichGroup() throws Exception {
        // an id Elastic ships: 13 hex digits in the last group
        ValidationResult result = validate(replaced("rule_id = \"89f9a4b0-9f8f-4ee0-8823-c4751a6d6696\"",
                "rule_id = \"7eb54028-ca72-4eb7-8185-b6864572347db\""));
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.message()).endsWith("(group 5 has 13 hex digits, a UUID has 12)");
            assertThat(d.hint()).contains("uuidgen").contains("keep the id of a rule already installed");
        });
        assertThat(result.rules()).hasSize(1);
    }

    @Test
    void metadataDatesMustBeRealAndOrdered() throws Exception {
        assertThat(messages(validate(replaced("creation_date = \"2020/02/18\"", "creation_date = \"2020/02/30\""))))
                .containsExactly("rules/x.toml:2:17: error: metadata.creation_date must be a date YYYY/MM/DD, found \"2020/02/30\" [RF2010]");
        assertThat(messages(validate(replaced("updated_date = \"2020/03/18\"", "updated_date = \"2019/01/01\""))))
                .containsExactly("rules/x.toml:4:16: warning: metadata.updated_date 2019-01-01 is before metadata.creation_date 2020-02-18 [RF2010]");
    }

    @Test
    void unknownKeysAndMissingFieldsAreErrors() throws Exception {
        ValidationResult result = validate(replaced("severity = \"low\"", "sevrity = \"low\""));
        assertThat(messages(result)).containsExactly(
                "rules/x.toml:6:1: error: missing required rule.severity [RF2003]",
                "rules/x.toml:17:11: error: unknown key rule.sevrity [RF2002]");
    }

    @Test
    void threatStructureAndIds() throws Exception {
        assertThat(messages(validate(replaced("id = \"TA0002\"", "id = \"TA2\""))))
                .containsExactly("rules/x.toml:27:6: error: rule.threat[0].tactic.id must be an ATT&CK id like TA0002, found \"TA2\" [RF2011]");
        assertThat(messages(validate(replaced("framework = \"MITRE ATT&CK\"", "framework = \"MITRE\""))))
                .containsExactly("rules/x.toml:24:13: error: threat framework must be \"MITRE ATT&CK\", found \"MITRE\" [RF2011]");
        assertThat(messages(validate(replaced("name = \"Command and Scripting Interpreter\"", ""))))
                .containsExactly("rules/x.toml:31:1: error: missing required rule.threat[0].technique[0].name [RF2003]");
    }

    @Test
    void everyErrorOfEveryFileIsReportedInOneRun() throws Exception {
        String twoErrors = replaced("risk_score = 21", "risk_score = -1").replace("severity = \"low\"", "severity = \"LOW\"");
        String other = VALID.replace("89f9a4b0-9f8f-4ee0-8823-c4751a6d6696", "00000000-0000-4000-8000-000000000001")
                .replace("name = \"Command Prompt Network Connection\"", "name = \"Other\"")
                .replace("interval = \"5m\"", "interval = \"0m\"");
        ValidationResult result = new SchemaValidator().validate(List.of(toml("rules/a.toml", twoErrors), toml("rules/b.toml", other)));
        assertThat(messages(result)).containsExactly(
                "rules/a.toml:15:14: error: rule.risk_score must be between 0 and 100, found -1 [RF2006]",
                "rules/a.toml:17:12: error: rule.severity must be one of [critical, high, low, medium], found \"LOW\" [RF2005]",
                "rules/b.toml:11:12: error: rule.interval must be a duration such as \"5m\", found \"0m\" [RF2007]");
    }

    @Test
    void duplicateRuleIdsAndNamesAcrossFiles() throws Exception {
        ValidationResult result = new SchemaValidator().validate(List.of(toml("rules/a.toml", VALID), toml("rules/b.toml", VALID)));
        assertThat(messages(result)).containsExactly(
                "rules/b.toml:14:8: error: rule.name \"Command Prompt Network Connection\" is already used by rules/a.toml:14:8 [RF2013]",
                "rules/b.toml:16:11: error: rule.rule_id 89f9a4b0-9f8f-4ee0-8823-c4751a6d6696 is already used by rules/a.toml:16:11 [RF2012]");
        assertThat(result.rules()).extracting(r -> r.displayPath()).containsExactly("rules/a.toml");
    }

    @Test
    void deprecatedRulesAreValidatedMoreLeniently() throws Exception {
        String deprecated = replaced("maturity = \"production\"", "maturity = \"deprecated\"")
                .replace("89f9a4b0-9f8f-4ee0-8823-c4751a6d6696", "89f9a4b0-9f8f-4ee0-8823-c4751a6d6696a");
        ValidationResult result = validate(deprecated);
        assertThat(result.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.severity()).isEqualTo(Severity.WARNING);
            assertThat(d.code()).isEqualTo(SchemaCodes.BAD_UUID);
        });
        assertThat(result.rules()).hasSize(1);
    }

    @Test
    void yamlErrorsPointIntoTheYamlFile() throws Exception {
        assertThat(validateYamlWithRiskScore("101"))
                .containsExactly("rules/y.yaml:6:15: error: rule.risk_score must be between 0 and 100, found 101 [RF2006]");
    }

    /** YAML reads an unquoted on as the boolean true: the hint is to quote what was written, not "true". */
    @Test
    void aYamlWordReadAsABooleanIsToBeQuotedAsWritten() throws Exception {
        assertThat(validateYaml("21", "on").diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.message()).contains("found the boolean true");
            assertThat(d.hint()).contains("as you wrote it").doesNotContain("\"true\"");
        });
    }

    /** The findings of a valid YAML rule whose risk_score is written {@code riskScore}, on line 6 at column 15. */
    private static List<String> validateYamlWithRiskScore(String riskScore) throws Exception {
        return messages(validateYaml(riskScore, "low"));
    }

    /** A valid YAML rule but for its risk_score (line 6, column 15) and severity (line 8) as written. */
    private static ValidationResult validateYaml(String riskScore, String severity) throws Exception {
        String yaml = """
                metadata: {creation_date: "2020/02/18", maturity: production, updated_date: "2020/03/18"}
                rule:
                  author: [ruleforge]
                  description: d
                  name: n
                  risk_score: %s
                  rule_id: 89f9a4b0-9f8f-4ee0-8823-c4751a6d6696
                  severity: %s
                  type: query
                  language: kuery
                  query: "a:b"
                """.formatted(riskScore, severity);
        RuleDocument doc = new RuleLoader(Path.of(".")).parse("rules/y.yaml", SourceFormat.YAML, yaml.getBytes(StandardCharsets.UTF_8));
        return new SchemaValidator().validate(List.of(doc));
    }

    @ParameterizedTest
    @CsvSource({"inf, Infinity", "-inf, -Infinity", "nan, NaN", "1e400, 1E+400"})
    void aNumberJsonCannotCarryIsRefusedInAnyTableOnce(String written, String shown) throws Exception {
        List<String> inMeta = messages(validate(replaced("version = 2", "version = 2\nmeta = { weight = " + written + ", ok = 1.5 }")));
        assertThat(inMeta).containsExactly("rules/x.toml:21:19: error: rule.meta.weight must be a finite number, found the number "
                + shown + ": rule JSON has no infinity or NaN [RF2004]");
        // a field whose own check refuses the value is reported once, by that check
        assertThat(messages(validate(replaced("risk_score = 21", "risk_score = " + written))))
                .singleElement().asString().contains("rule.risk_score must be an integer");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            ".inf   | inf    | Infinity",
            "-.Inf  | -inf   | -Infinity",
            ".nan   | nan    | NaN",
            "1e400  | 1e400  | 1E+400",
            "1e-400 | 1e-400 | 1E-400",
            "2.5    | 2.5    | 2.5"})
    void aYamlFloatIsWordedAsTheSameTomlFloatIs(String yamlValue, String tomlValue, String shown) throws Exception {
        List<String> fromYaml = validateYamlWithRiskScore(yamlValue);
        List<String> fromToml = messages(validate(replaced("risk_score = 21", "risk_score = " + tomlValue)));
        assertThat(fromYaml).containsExactly("rules/y.yaml:6:15: error: rule.risk_score must be an integer, found the number "
                + shown + " [RF2004]");
        assertThat(fromToml).singleElement().asString().endsWith("found the number " + shown + " [RF2004]");
    }
}
