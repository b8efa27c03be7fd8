package io.ruleforge.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.files.AtomicFiles;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.harness.HarnessCodes;
import io.ruleforge.version.RuleforgeVersion;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes diagnostics, and the fixture cases that failed, as SARIF 2.1.0, the format code-scanning UIs (GitHub,
 * GitLab, Azure DevOps) read to annotate the lines of a pull request. File URIs are the display paths, relative to
 * the directory the run started in (the repository root in CI), percent-encoded as URI references require.
 */
public final class SarifReport {

    public static final String FILE_NAME = "ruleforge.sarif";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String toolVersion;

    /** A report naming the running ruleforge's version ({@code tool.driver.version}). */
    public SarifReport() {
        this(RuleforgeVersion.current().version());
    }

    SarifReport(String toolVersion) {
        this.toolVersion = toolVersion;
    }

    public Path write(List<Diagnostic> diagnostics, Path directory) {
        return write(diagnostics, List.of(), directory);
    }

    /** {@code failedCases}: one error result each, at the fixture line, with what went wrong as its message. */
    public Path write(List<Diagnostic> diagnostics, List<CaseResult> failedCases, Path directory) {
        Path file = directory.resolve(FILE_NAME);
        AtomicFiles.write(file, render(diagnostics, failedCases));
        return file;
    }

    String render(List<Diagnostic> diagnostics) {
        return render(diagnostics, List.of());
    }

    String render(List<Diagnostic> diagnostics, List<CaseResult> failedCases) {
        List<Diagnostic> all = new ArrayList<>(diagnostics);
        for (CaseResult failed : failedCases) {
            all.add(Diagnostic.error(HarnessCodes.FAILED_CASE, failed.testCase().position(), failed.failureMessage()));
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        // SARIF's default column unit is the UTF-16 code unit; ruleforge's columns count code points
        run.put("columnKind", "unicodeCodePoints");
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "ruleforge");
        driver.put("version", toolVersion);
        driver.put("informationUri", "https://github.com/ruleforge/ruleforge");
        // one reporting descriptor per code, with the first message of that code as its description
        Map<String, Diagnostic> byCode = new TreeMap<>();
        all.forEach(d -> byCode.putIfAbsent(d.code(), d));
        ArrayNode rules = driver.putArray("rules");
        byCode.forEach((code, example) -> {
            ObjectNode rule = rules.addObject();
            rule.put("id", code);
            rule.putObject("defaultConfiguration").put("level", level(example.severity()));
        });
        ArrayNode results = run.putArray("results");
        for (Diagnostic d : all) {
            ObjectNode result = results.addObject();
            result.put("ruleId", d.code());
            result.put("level", level(d.severity()));
            result.putObject("message").put("text", d.hint().isEmpty() ? d.message() : d.message() + " (" + d.hint() + ")");
            ObjectNode physical = result.putArray("locations").addObject().putObject("physicalLocation");
            physical.putObject("artifactLocation").put("uri", uri(d.position().file()));
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

    private static final Pattern ABSOLUTE_URI = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*");

    /**
     * A display path as a URI reference: {@code /} between segments (also for Windows' backslashes), every byte of the
     * UTF-8 form other than RFC 3986's unreserved characters percent-encoded — spaces, {@code #}, {@code %}, {@code :}
     * (which would read as a scheme), non-ASCII. A URL (the engine's) stays as it is.
     */
    static String uri(String displayPath) {
        if (ABSOLUTE_URI.matcher(displayPath).matches()) {
            return displayPath;
        }
        StringBuilder out = new StringBuilder();
        for (byte b : displayPath.replace('\\', '/').getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '/' || c == '-' || c == '.' || c == '_' || c == '~'
                    || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            } else {
                out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return out.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static String level(Severity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case INFO -> "note";
        };
    }
}
