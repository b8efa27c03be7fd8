package io.ruleforge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.QueryText;
import io.ruleforge.dsl.DslCompiler;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.dsl.DslTranslationException;
import io.ruleforge.eqlgen.EqlGenerator;
import io.ruleforge.eqlgen.EqlTranslation;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlParseResult;
import io.ruleforge.kql.KqlParser;
import io.ruleforge.kql.KqlSyntaxError;
import io.ruleforge.pipeline.FieldSchemas;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ruleforge query [--to dsl|eql|engine] 'KQL'}: translates one KQL query, or with {@code --jsonl} one query
 * per input line, as Kibana would. Exit code 0 = translated (in JSONL mode: always, errors are reported per line),
 * 1 = the query has an error, 2 = bad usage.
 */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = {"Translate a KQL query to Elasticsearch DSL, EQL, or the detection engine's search query.",
                "With --jsonl, read lines {\"id\":…,\"query\":…} and write {\"id\":…,\"dsl\"|\"eql\":…} or "
                        + "{\"id\":…,\"error\":{\"line\",\"column\",\"message\"}} per line."})
public final class QueryCommand implements Callable<Integer> {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** What to translate the query into. */
    enum Target { dsl, eql, engine }

    @Option(names = "--to", defaultValue = "dsl",
            description = "dsl (toElasticsearchQuery), eql, or engine (the detection engine's search query, 8.x form: "
                    + "buildEsQuery plus the @timestamp range, dateFormatTZ Zulu). Default: ${DEFAULT-VALUE}")
    Target target;

    @Option(names = "--kibana", defaultValue = "8.12",
            description = "Kibana version whose KQL translation to reproduce (7.17, 8.9, 8.12 or later). Default: ${DEFAULT-VALUE}")
    String kibana;

    @Option(names = "--schema", defaultValue = "ecs",
            description = "Field types Kibana knows: ecs, ecs-<version>, none. Default: ${DEFAULT-VALUE}")
    String schema;

    @Option(names = "--mapping", paramLabel = "[INDEX-PATTERN=]FILE",
            description = "An Elasticsearch mapping, index template or GET _mapping file whose field types extend or "
                    + "override the schema for the indices it describes (or INDEX-PATTERN); repeatable.")
    List<String> mappings = new ArrayList<>();

    @Option(names = "--index", paramLabel = "INDEX-PATTERN", defaultValue = "*",
            description = "The indices the query searches: selects the --mapping files that apply; repeatable. Default: ${DEFAULT-VALUE}")
    List<String> index;

    @Option(names = "--from", defaultValue = "now-6m",
            description = "--to engine: start of the time range (date math or ISO-8601). Default: ${DEFAULT-VALUE}")
    String from;

    @Option(names = "--to-time", defaultValue = "now",
            description = "--to engine: end of the time range. Default: ${DEFAULT-VALUE}")
    String toTime;

    @Option(names = "--jsonl", description = "Translate JSON lines from standard input (or --input) instead of QUERY.")
    boolean jsonl;

    @Option(names = "--input", description = "With --jsonl: read this file instead of standard input.")
    Path input;

    @Parameters(arity = "0..1", paramLabel = "QUERY", description = "The KQL query.")
    String query;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (jsonl == (query != null)) {
            throw new IllegalArgumentException("give either a QUERY or --jsonl");
        }
        if (input != null && !jsonl) {
            throw new IllegalArgumentException("--input needs --jsonl");
        }
        Translator translator = new Translator(version(), fieldSchema(), target, from, toTime);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = jsonl ? translateLines(translator, out) : translateOne(translator, out, err);
        out.flush();
        err.flush();
        return exit;
    }

    private KibanaVersion version() {
        return KibanaVersion.parse(kibana).orElseThrow(() -> new IllegalArgumentException(
                "unsupported Kibana version \"" + kibana + "\"; supported: " + KibanaVersion.supported() + " and later"));
    }

    /** The field types Kibana's data view would hold for the searched indices. */
    private FieldSchema fieldSchema() {
        return FieldSchemas.resolve(schema, mappings, Path.of("")).forIndices(index).kibanaFields();
    }

    private int translateOne(Translator translator, PrintWriter out, PrintWriter err) throws JsonProcessingException {
        Translation result = translator.translate(query);
        if (result instanceof Translation.Failed failed) {
            err.println(failed.line() + ":" + failed.column() + ": error: " + failed.message());
            err.println(sourceLine(query, failed.offset()));
            err.println(caretLine(query, failed.offset()));
            return RuleforgeCli.EXIT_FAILED;
        }
        JsonNode output = ((Translation.Translated) result).output();
        out.println(output.isTextual() ? output.textValue()
                : MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(output));
        return RuleforgeCli.EXIT_OK;
    }

    private int translateLines(Translator translator, PrintWriter out) throws IOException {
        if (input != null && !Files.isReadable(input)) {
            throw new IllegalArgumentException("cannot read --input " + input);
        }
        try (BufferedReader reader = input != null
                ? Files.newBufferedReader(input, StandardCharsets.UTF_8)
                : new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                out.println(MAPPER.writeValueAsString(translateLine(translator, line, lineNumber)));
            }
        }
        return RuleforgeCli.EXIT_OK;
    }

    private ObjectNode translateLine(Translator translator, String line, int lineNumber) {
        ObjectNode answer = JSON.objectNode();
        JsonNode request;
        try {
            request = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            request = null;
        }
        JsonNode id = request != null && request.isObject() && request.has("id") ? request.get("id") : JSON.nullNode();
        answer.set("id", id);
        JsonNode kql = request != null && request.isObject() ? request.get("query") : null;
        if (kql == null || !kql.isTextual()) {
            ObjectNode error = answer.putObject("error");
            error.putNull("line");
            error.putNull("column");
            error.put("message", "input line " + lineNumber + " is not a JSON object with a string \"query\"");
            return answer;
        }
        Translation result = translator.translate(kql.textValue());
        if (result instanceof Translation.Failed failed) {
            ObjectNode error = answer.putObject("error");
            error.put("line", failed.line());
            error.put("column", failed.column());
            error.put("message", failed.message());
        } else {
            answer.set(target == Target.eql ? "eql" : "dsl", ((Translation.Translated) result).output());
        }
        return answer;
    }

    private static int lineStart(String text, int offset) {
        int start = Math.min(offset, text.length());
        while (start > 0 && text.charAt(start - 1) != '\n' && text.charAt(start - 1) != '\r') {
            start--;
        }
        return start;
    }

    /** The line of {@code text} holding {@code offset}. */
    static String sourceLine(String text, int offset) {
        int end = Math.min(offset, text.length());
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        return text.substring(lineStart(text, offset), end);
    }

    /** Spaces (tabs kept, so the caret lines up under the source line) up to {@code offset}, then {@code ^}. */
    static String caretLine(String text, int offset) {
        int start = lineStart(text, offset);
        StringBuilder caret = new StringBuilder();
        for (int i = start; i < offset && i < text.length(); i++) {
            if (!Character.isLowSurrogate(text.charAt(i))) { // one column per code point, as the error's column counts
                caret.append(text.charAt(i) == '\t' ? '\t' : ' ');
            }
        }
        return caret.append('^').toString();
    }

    // ------------------------------------------------------------------ translation

    /** One query's outcome: the output (a JSON object, or a text node for EQL) or a positioned error. */
    sealed interface Translation permits Translation.Translated, Translation.Failed {
        record Translated(JsonNode output) implements Translation {
        }

        record Failed(int offset, int line, int column, String message) implements Translation {
        }
    }

    /** The configured front and back ends; immutable. */
    static final class Translator {
        private final KibanaVersion version;
        private final Target target;
        private final DslCompiler dsl;
        private final EqlGenerator eql;
        private final String from;
        private final String to;

        Translator(KibanaVersion version, FieldSchema schema, Target target, String from, String to) {
            this.version = version;
            this.target = target;
            this.dsl = new DslCompiler(version, schema,
                    target == Target.engine ? DslOptions.DETECTION_ENGINE : DslOptions.DEFAULT);
            this.eql = new EqlGenerator(schema);
            this.from = from;
            this.to = to;
        }

        Translation translate(String kql) {
            KqlParseResult parsed = KqlParser.parse(kql, version);
            if (parsed instanceof KqlParseResult.Failure failure) {
                KqlSyntaxError e = failure.error();
                return new Translation.Failed(e.offset(), e.line(), e.column(), e.message());
            }
            KqlNode root = ((KqlParseResult.Success) parsed).query().root();
            if (target == Target.eql) {
                EqlTranslation translation = eql.translate(root);
                if (translation instanceof EqlTranslation.NotExpressible not) {
                    return failedAt(kql, not.span().start(), "no EQL equivalent: " + not.reason());
                }
                return new Translation.Translated(JSON.textNode(((EqlTranslation.Expressed) translation).query()));
            }
            ObjectNode query;
            try {
                query = dsl.compile(root);
            } catch (DslTranslationException e) {
                return failedAt(kql, e.span().start(), e.getMessage());
            }
            return new Translation.Translated(target == Target.engine ? engineQuery(query) : query);
        }

        /**
         * KQL_SPEC §7, §9: buildEsQuery puts the KQL DSL into {@code filter} (dropping {@code match_all}) next to
         * empty must/should/must_not, and the detection engine ANDs it with the rule's time range.
         */
        private ObjectNode engineQuery(ObjectNode kqlDsl) {
            ObjectNode esQuery = JSON.objectNode();
            ObjectNode bool = esQuery.putObject("bool");
            bool.putArray("must");
            ArrayNode filter = bool.putArray("filter");
            if (!kqlDsl.has("match_all")) {
                filter.add(kqlDsl);
            }
            bool.putArray("should");
            bool.putArray("must_not");

            ObjectNode timestamp = JSON.objectNode();
            timestamp.put("lte", to);
            timestamp.put("gte", from);
            timestamp.put("format", "strict_date_optional_time");
            ObjectNode range = JSON.objectNode();
            range.putObject("range").set("@timestamp", timestamp);

            ObjectNode search = JSON.objectNode();
            search.putObject("bool").putArray("filter").add(esQuery).add(range);
            return search;
        }

        private static Translation.Failed failedAt(String kql, int offset, String message) {
            QueryText text = new QueryText(kql);
            return new Translation.Failed(offset, text.line(offset), text.column(offset), message);
        }
    }
}
