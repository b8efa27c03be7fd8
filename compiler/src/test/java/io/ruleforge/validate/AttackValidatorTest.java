package io.ruleforge.validate;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.load.RuleLoader;
import io.ruleforge.load.SourceFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AttackValidatorTest {

    private static final String RULE = SchemaValidatorTest.VALID.substring(0, SchemaValidatorTest.VALID.indexOf("[[rule.threat]]"));

    private static List<String> check(String threat) throws Exception {
        var doc = new RuleLoader(Path.of(".")).parse("rules/x.toml", SourceFormat.TOML,
                (RULE + threat).getBytes(StandardCharsets.UTF_8));
        return new SchemaValidator().validate(List.of(doc)).diagnostics().stream().map(Diagnostic::format).toList();
    }

    private static String threat(String tacticId, String tacticName, String techniqueId, String techniqueName, String techniqueRef) {
        return """
                [[rule.threat]]
                framework = "MITRE ATT&CK"
                [rule.threat.tactic]
                id = "%s"
                name = "%s"
                reference = "https://attack.mitre.org/tactics/%s/"
                [[rule.threat.technique]]
                id = "%s"
                name = "%s"
                reference = "%s"
                """.formatted(tacticId, tacticName, tacticId, techniqueId, techniqueName, techniqueRef);
    }

    @Test
    void aCurrentMappingIsClean() throws Exception {
        assertThat(check(threat("TA0002", "Execution", "T1059", "Command and Scripting Interpreter",
                "https://attack.mitre.org/techniques/T1059/"))).isEmpty();
    }

    @Test
    void revokedTechniquesNameTheirReplacement() throws Exception {
        // the regsvr seed's mapping: T1117 was revoked in favour of the sub-technique T1218.010
        assertThat(check(threat("TA0005", "Defense Evasion", "T1117", "Regsvr32", "https://attack.mitre.org/techniques/T1117/")))
                .containsExactly("rules/x.toml:30:6: warning: ATT&CK technique T1117 \"Regsvr32\" is revoked; it was replaced by T1218.010 \"Regsvr32\" [RF4107]");
    }

    @Test
    void renamedTechniquesAreAWarningWithTheCurrentName() throws Exception {
        assertThat(check(threat("TA0002", "Execution", "T1059", "Command-Line Interface", "https://attack.mitre.org/techniques/T1059/")))
                .containsExactly("rules/x.toml:31:8: warning: ATT&CK technique T1059 is named \"Command and Scripting Interpreter\" in v18.1, found \"Command-Line Interface\" [RF4106]");
    }

    @Test
    void unknownIdsAndTacticMismatchesAreErrors() throws Exception {
        assertThat(check(threat("TA0099", "Nothing", "T1059", "Command and Scripting Interpreter", "https://attack.mitre.org/techniques/T1059/")))
                .containsExactly("rules/x.toml:26:6: error: unknown ATT&CK tactic TA0099 (Enterprise ATT&CK v18.1) [RF4101]");
        assertThat(check(threat("TA0002", "Execution", "T9999", "Nothing", "https://attack.mitre.org/techniques/T9999/")))
                .containsExactly("rules/x.toml:30:6: error: unknown ATT&CK technique T9999 (Enterprise ATT&CK v18.1) [RF4102]");
        assertThat(check(threat("TA0002", "Execution", "T1105", "Ingress Tool Transfer", "https://attack.mitre.org/techniques/T1105/")))
                .containsExactly("rules/x.toml:30:6: error: technique T1105 \"Ingress Tool Transfer\" does not belong to tactic TA0002 \"Execution\"; it belongs to [TA0011] [RF4103]");
    }

    @Test
    void referencesMustPointAtTheMappedId() throws Exception {
        assertThat(check(threat("TA0002", "Execution", "T1059", "Command and Scripting Interpreter", "https://attack.mitre.org/techniques/T1105/")))
                .containsExactly("rules/x.toml:32:13: error: technique T1059 reference must be https://attack.mitre.org/techniques/T1059/, found https://attack.mitre.org/techniques/T1105/ [RF4105]");
    }

    @Test
    void subTechniquesBelongToTheirTechnique() throws Exception {
        String sub = threat("TA0002", "Execution", "T1059", "Command and Scripting Interpreter", "https://attack.mitre.org/techniques/T1059/") + """
                [[rule.threat.technique.subtechnique]]
                id = "T1218.010"
                name = "Regsvr32"
                reference = "https://attack.mitre.org/techniques/T1218/010/"
                """;
        assertThat(check(sub)).containsExactly("rules/x.toml:34:6: error: sub-technique T1218.010 is not a sub-technique of T1059 [RF4104]");
    }

    @Test
    void theCorpusHasNoAttackErrors() throws Exception {
        // cross-check with real data: every technique Elastic maps under a tactic belongs to it in v18.1
        assertThat(check(threat("TA0005", "Defense Evasion", "T1218", "System Binary Proxy Execution",
                "https://attack.mitre.org/techniques/T1218/"))).isEmpty();
    }
}
