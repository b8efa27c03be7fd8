package io.ruleforge.dsl;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Kibana 8.9's own KQL translation ({@code test-tools/kbn-oracle/oracle.js} over the npm build of
 * {@code @kbn/es-query}), run as one node process per batch: every query is written to its stdin as a JSONL line
 * while the answers are read back, so neither side blocks on a full pipe.
 */
final class KibanaOracle {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** \\uXXXX for everything outside ASCII, so that even a lone surrogate reaches node unchanged */
    private static final ObjectWriter REQUEST_WRITER = MAPPER.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

    private final Path directory;

    private KibanaOracle(Path directory) {
        this.directory = directory;
    }

    /**
     * The oracle when it can run here: node on the PATH and {@code npm ci} done in {@code kbn.oracle.dir}
     * (default {@code ../test-tools/kbn-oracle}, relative to the compiler module).
     */
    static Optional<KibanaOracle> locate() {
        Path directory = Path.of(System.getProperty("kbn.oracle.dir", "../test-tools/kbn-oracle")).toAbsolutePath();
        if (!Files.isRegularFile(directory.resolve("oracle.js"))
                || !Files.isDirectory(directory.resolve("node_modules").resolve("kbn-es-query"))) {
            return Optional.empty();
        }
        try {
            Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            boolean finished = node.waitFor(30, TimeUnit.SECONDS);
            return finished && node.exitValue() == 0 ? Optional.of(new KibanaOracle(directory)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Kibana's answer per query, in order: {@code {"dsl": …}} or {@code {"error": {"name", "message", "offset"}}}.
     */
    List<ObjectNode> translate(List<String> queries) throws IOException, InterruptedException {
        return run("oracle.js", queries);
    }

    /**
     * Kibana's {@code buildEsQuery} of each lucene-language query with the detection engine's options
     * ({@code lucene.js}): {@code {"dsl": …}} or {@code {"error": …}}.
     */
    List<ObjectNode> translateLucene(List<String> queries) throws IOException, InterruptedException {
        return run("lucene.js", queries);
    }

    /**
     * Kibana's {@code buildEsQuery} of each filters array (given as JSON text) without a query, as the detection
     * engine builds a rule's filters ({@code filters.js}): {@code {"dsl": …}} or {@code {"error": …}}.
     */
    List<ObjectNode> buildFilters(List<String> filtersJson) throws IOException, InterruptedException {
        return run("filters.js", filtersJson);
    }

    private List<ObjectNode> run(String script, List<String> queries) throws IOException, InterruptedException {
        Process node = new ProcessBuilder("node", script)
                .directory(directory.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Thread writer = new Thread(() -> writeRequests(node, queries), "kbn-oracle-writer");
        writer.start();
        ObjectNode[] answers = new ObjectNode[queries.size()];
        int received = 0;
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                ObjectNode answer = (ObjectNode) MAPPER.readTree(line);
                answers[answer.get("id").asInt()] = answer;
                received++;
            }
        }
        writer.join();
        if (!node.waitFor(60, TimeUnit.SECONDS)) {
            node.destroyForcibly();
            throw new IOException("the Kibana oracle did not exit");
        }
        if (received != queries.size()) {
            throw new IOException("the Kibana oracle answered " + received + " of " + queries.size() + " queries"
                    + " (exit code " + node.exitValue() + ")");
        }
        return List.of(answers);
    }

    private static void writeRequests(Process node, List<String> queries) {
        try (Writer out = new BufferedWriter(new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8))) {
            for (int id = 0; id < queries.size(); id++) {
                ObjectNode request = MAPPER.createObjectNode();
                request.put("id", id);
                request.put("query", queries.get(id));
                out.write(REQUEST_WRITER.writeValueAsString(request));
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to the Kibana oracle", e);
        }
    }

    static JsonNode dsl(ObjectNode answer) {
        return answer.get("dsl");
    }
}
