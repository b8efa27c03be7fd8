package io.ruleforge.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.Severity;
import io.ruleforge.files.AtomicFiles;
import io.ruleforge.harness.CaseResult;
import io.ruleforge.harness.HarnessCodes;
import io.ruleforge.version.RuleforgeVersion;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes diagnostics, and the fixture cases that failed, as SARIF 2.1.0, the format code-scanning UIs (GitHub,
 * GitLab, Azure DevOps) read to annotate the lines of a pull request. File URIs are relative to the root of the git
 * repository holding the file, as code scanning resolves them, whichever directory the run started in
 * ({@code --rules ../rules} from a sub-folder); a file in no repository keeps its display path (relative to the
 * directory the run started in) or, outside that directory, becomes a {@code file:} URI. Percent-encoded as URI
 * references require.
 */
public final class SarifReport {

    public static final String FILE_NAME = "ruleforge.sarif";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String toolVersion;
    /** The directory display paths are relative to; null: the display paths are written as they are. */
    private final Path displayBase;
    /** Each directory's repository root, looked up once per report. */
    private final Map<Path, Optional<Path>> repositoryRoots = new HashMap<>();

    /** A report naming the running ruleforge's version ({@code tool.driver.version}). */
    public SarifReport() {
        this(RuleforgeVersion.current().version(), null);
    }

    /** A report whose file URIs are relative to their repository's root; {@code displayBase}: what display paths are relative to. */
    public SarifReport(Path displayBase) {
        this(RuleforgeVersion.current().version(), displayBase);
    }

    SarifReport(String toolVersion) {
        this(toolVersion, null);
    }

    SarifReport(String toolVersion, Path displayBase) {
        this.toolVersion = toolVersion;
        this.displayBase = displayBase == null ? null : displayBase.toAbsolutePath().normalize();
    }

    public Path write(List<Diagnostic> diagnostics, Path directory) {
        return write(diagnostics, List.of(), directory);
    }

    /** {@code failedCases}: one error result each, at the fixture line, with what went wrong as its message. */
    public Path write(List<Diagnostic> diagnostics, List<CaseResult> failedCases, Path directory) {
        Path file = directory.resolve(FILE_NAME);
        // streamed: a run with thousands of findings would otherwise hold them as a JSON tree, then as text
        AtomicFiles.write(file, out -> render(diagnostics, failedCases, out));
        return file;
    }

    String render(List<Diagnostic> diagnostics) {
        return render(diagnostics, List.of());
    }

    String render(List<Diagnostic> diagnostics, List<CaseResult> failedCases) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            render(diagnostics, failedCases, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void render(List<Diagnostic> diagnostics, List<CaseResult> failedCases, OutputStream out) throws IOException {
        List<Diagnostic> all = new ArrayList<>(diagnostics);
        for (CaseResult failed : failedCases) {
            all.add(Diagnostic.error(HarnessCodes.FAILED_CASE, failed.testCase().position(), failed.failureMessage()));
        }
        try (JsonGenerator json = JSON.writer().createGenerator(out, JsonEncoding.UTF8)) {
            json.writeStartObject();
            json.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            json.writeStringField("version", "2.1.0");
            json.writeArrayFieldStart("runs");
            json.writeStartObject();
            // SARIF's default column unit is the UTF-16 code unit; ruleforge's columns count code points
            json.writeStringField("columnKind", "unicodeCodePoints");
            json.writeObjectFieldStart("tool");
            json.writeObjectFieldStart("driver");
            json.writeStringField("name", "ruleforge");
            json.writeStringField("version", toolVersion);
            json.writeStringField("informationUri", "https://github.com/ruleforge/ruleforge");
            // one reporting descriptor per code, with the first message of that code as its description
            Map<String, Diagnostic> byCode = new TreeMap<>();
            all.forEach(d -> byCode.putIfAbsent(d.code(), d));
            json.writeArrayFieldStart("rules");
            for (Map.Entry<String, Diagnostic> code : byCode.entrySet()) {
                json.writeStartObject();
                json.writeStringField("id", code.getKey());
                json.writeObjectFieldStart("defaultConfiguration");
                json.writeStringField("level", level(code.getValue().severity()));
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject(); // driver
            json.writeEndObject(); // tool
            json.writeArrayFieldStart("results");
            for (Diagnostic d : all) {
                json.writeStartObject();
                json.writeStringField("ruleId", d.code());
                json.writeStringField("level", level(d.severity()));
                json.writeObjectFieldStart("message");
                json.writeStringField("text", d.hint().isEmpty() ? d.message() : d.message() + " (" + d.hint() + ")");
                json.writeEndObject();
                json.writeArrayFieldStart("locations");
                json.writeStartObject();
                json.writeObjectFieldStart("physicalLocation");
                json.writeObjectFieldStart("artifactLocation");
                json.writeStringField("uri", locate(d.position().file()));
                json.writeEndObject();
                if (d.position().isKnown()) {
                    json.writeObjectFieldStart("region");
                    json.writeNumberField("startLine", d.position().line());
                    json.writeNumberField("startColumn", Math.max(1, d.position().column()));
                    json.writeEndObject();
                }
                json.writeEndObject(); // physicalLocation
                json.writeEndObject();
                json.writeEndArray(); // locations
                json.writeEndObject();
            }
            json.writeEndArray(); // results
            json.writeEndObject(); // run
            json.writeEndArray(); // runs
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    /** A display path as the URI code scanning resolves: relative to its repository's root when it is in one. */
    private String locate(String displayPath) {
        if (displayBase == null || displayPath.isEmpty() || ABSOLUTE_URI.matcher(displayPath).matches()) {
            return uri(displayPath);
        }
        Path file = displayBase.resolve(displayPath).normalize();
        Optional<Path> root = file.getParent() == null ? Optional.empty()
                : repositoryRoots.computeIfAbsent(file.getParent(), SarifReport::repositoryRoot);
        if (root.isPresent()) {
            return uri(root.get().relativize(file).toString());
        }
        return Path.of(displayPath).isAbsolute() ? file.toUri().toASCIIString() : uri(displayPath);
    }

    /** The nearest directory at or above {@code directory} holding {@code .git} (a folder, or a worktree's file). */
    private static Optional<Path> repositoryRoot(Path directory) {
        for (Path d = directory; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
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
