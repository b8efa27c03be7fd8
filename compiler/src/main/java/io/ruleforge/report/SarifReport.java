package io.ruleforge.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.files.AtomicFiles;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes diagnostics as SARIF 2.1.0, the format code-scanning UIs (GitHub, GitLab, Azure DevOps) read to
 * annotate the lines of a pull request. File URIs are the diagnostics' display paths, relative to the directory
 * the run started in (the repository root in CI).
 */
public final class SarifReport {

    public static final String FILE_NAME = "ruleforge.sarif";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public Path write(List<Diagnostic> diagnostics, Path directory) {
        Path file = directory.resolve(FILE_NAME);
        AtomicFiles.write(file, render(diagnostics));
        return file;
    }

    String render(List<Diagnostic> diagnostics) {
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        // SARIF's default column unit is the UTF-16 code unit; ruleforge's columns count code points
        run.put("columnKind", "unicodeCodePoints");
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "ruleforge");
        driver.put("informationUri", "https://github.com/ruleforge/ruleforge");
        // one reporting descriptor per code, with the first message of that code as its description
        Map<String, Diagnostic> byCode = new TreeMap<>();
        diagnostics.forEach(d -> byCode.putIfAbsent(d.code(), d));
        ArrayNode rules = driver.putArray("rules");
        byCode.forEach((code, example) -> {
            ObjectNode rule = rules.addObject();
            rule.put("id", code);
            rule.putObject("defaultConfiguration").put("level", level(example.severity()));
        });
        ArrayNode results = run.putArray("results");
        for (Diagnostic d : diagnostics) {
            ObjectNode result = results.addObject();
            result.put("ruleId", d.code());
            result.put("level", level(d.severity()));
            result.putObject("message").put("text", d.hint().isEmpty() ? d.message() : d.message() + " (" + d.hint() + ")");
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", d.position().file());
            if (d.position().isKnown()) {
                ObjectNode region = physical.putObject("region");
                region.put("startLine", d.position().line());
                region.put("startColumn", Math.max(1, d.position().column()));
            }
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String level(Severity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }
}
