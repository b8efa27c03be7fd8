package io.ruleforge.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.version.RuleforgeVersion;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SarifReportTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDriverCarriesTheRunningVersion() throws Exception {
        JsonNode sarif = JSON.readTree(new SarifReport("1.2.3").render(List.of()));
        assertThat(sarif.at("/runs/0/tool/driver/version").asText()).isEqualTo("1.2.3");
        // by default the one version source of the build, never a placeholder
        JsonNode current = JSON.readTree(new SarifReport().render(List.of()));
        assertThat(current.at("/runs/0/tool/driver/version").asText())
                .isEqualTo(RuleforgeVersion.current().version()).isNotBlank().doesNotContain("${");
    }

    @Test
    void fileUrisArePercentEncodedRelativeReferences() throws Exception {
        String path = "rules/my rules #2/100% é.toml";
        JsonNode sarif = JSON.readTree(new SarifReport("1").render(List.of(
                Diagnostic.error("RF2006", new SourcePosition(path, 3, 4), "bad"))));
        String uri = sarif.at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri").asText();
        assertThat(uri).isEqualTo("rules/my%20rules%20%232/100%25%20%C3%A9.toml");
        URI parsed = new URI(uri);
        assertThat(parsed.isAbsolute()).isFalse();
        assertThat(parsed.getPath()).isEqualTo(path);
    }

    /**
     * Code scanning resolves a relative URI against the repository's root: a run started in a sub-folder
     * ({@code --rules ../rules}) names its files from that root, and a file in no repository outside the working
     * directory is a file: URI, never a bare absolute path (probe29).
     */
    @Test
    void fileUrisAreRelativeToTheRepositoryRootWhereverTheRunStarted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.createDirectories(dir.resolve("repo/.git"));
        java.nio.file.Files.createDirectories(dir.resolve("repo/rules"));
        java.nio.file.Files.createDirectories(dir.resolve("repo/ci"));
        java.nio.file.Path fromSubFolder = dir.resolve("repo/ci");
        assertThat(uriOf(new SarifReport("1", fromSubFolder), "../rules/a b.toml")).isEqualTo("rules/a%20b.toml");
        assertThat(uriOf(new SarifReport("1", dir.resolve("repo")), "rules/x.toml")).isEqualTo("rules/x.toml");
        String outside = dir.resolve("elsewhere/x.toml").toString();
        String fileUri = uriOf(new SarifReport("1", fromSubFolder), outside);
        assertThat(new URI(fileUri).getScheme()).isEqualTo("file");
        assertThat(java.nio.file.Path.of(new URI(fileUri))).isEqualTo(dir.resolve("elsewhere/x.toml"));
        // an engine's URL stays as it is
        assertThat(uriOf(new SarifReport("1", fromSubFolder), "https://es.example.com:9243")).isEqualTo("https://es.example.com:9243");
    }

    private static String uriOf(SarifReport report, String displayPath) throws Exception {
        JsonNode sarif = JSON.readTree(report.render(List.of(Diagnostic.error("RF2006", new SourcePosition(displayPath, 3, 4), "bad"))));
        return sarif.at("/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri").asText();
    }

    @Test
    void aPathThatWouldReadAsASchemeOrUsesBackslashesStaysARelativePath() throws Exception {
        assertThat(SarifReport.uri("c:\\rules\\x.toml")).isEqualTo("c%3A/rules/x.toml");
        assertThat(new URI(SarifReport.uri("c:\\rules\\x.toml")).isAbsolute()).isFalse();
        assertThat(SarifReport.uri("rules/a-b_c~d.e.toml")).isEqualTo("rules/a-b_c~d.e.toml");
        // the engine's URL, named by RF6007, is a URI already
        assertThat(SarifReport.uri("https://es.example.com:9243")).isEqualTo("https://es.example.com:9243");
    }
}
