package io.ruleforge.pipeline;

import io.ruleforge.diag.Diagnostic;
import io.ruleforge.kql.KibanaVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** As in detection-rules, a rule's related_integrations select the field types of their data streams. */
class RelatedIntegrationFieldsTest {

    @TempDir
    Path dir;

    private List<String> codes(String extra) throws Exception {
        Path rules = Files.createDirectories(dir.resolve("rules" + extra.length()));
        // a rule on a data view: no index patterns, only its integration says what it searches
        Files.writeString(rules.resolve("a.toml"), RuleforgeTest.RULE.replace("NAME", "A")
                .replace("RULE_ID", "00000000-0000-4000-8000-00000000000a")
                .replace("index = [\"winlogbeat-*\"]", "data_view_id = \"my-view\"")
                .replace("process.name:cmd.exe and", "azure.signinlogs.properties.client_app_used:Browser and")
                + extra);
        StageReport report = new Ruleforge(new RuleforgeOptions(rules, dir.resolve("fixtures"), dir.resolve("out"), dir,
                List.of(), KibanaVersion.DEFAULT, "ecs", false)).validate();
        return report.diagnostics().stream().map(Diagnostic::code).toList();
    }

    @Test
    void theIntegrationsDataStreamTypesTheRulesFields() throws Exception {
        assertThat(codes("")).containsExactlyInAnyOrder("RF4001", "RF7007");
        assertThat(codes("""

                [[rule.related_integrations]]
                package = "azure"
                integration = "signinlogs"
                version = "^1.0.0"
                """)).containsExactly("RF7007");
    }
}
