package io.ruleforge.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.compile.CompileCodes;
import io.ruleforge.compile.QueryBackEnds;
import io.ruleforge.diag.QueryText;
import io.ruleforge.diag.Severity;
import io.ruleforge.dsl.DslOptions;
import io.ruleforge.dsl.DslTranslationException;
import io.ruleforge.eqlgen.EqlTranslation;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.IndexMappings.RuleFieldTypes;
import io.ruleforge.files.Utf8LineReader;
import io.ruleforge.kql.KibanaVersion;
import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlSyntaxError;
import io.ruleforge.kql.verify.Finding;
import io.ruleforge.pipeline.IndexMappingResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
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
    /** The format the detection engine gives its time range (and --to engine writes). */
    private static final List<String> ENGINE_TIME_FORMATS = List.of("strict_date_optional_time");

    /** What to translate the query into. */
    enum Target { dsl, eql, engine }

    @Option(names = "--to", defaultValue = "dsl",
            description = "dsl (toElasticsearchQuery), eql, or engine (the detection engine's search query, 8.x form: "
                    + "buildEsQuery plus the @timestamp range, dateFormatTZ Zulu). Default: ${DEFAULT-VALUE}")
    Target target;

    @Option(names = "--kibana", defaultValue = "8.12",
            description = "Kibana version whose KQL translation to reproduce: 7.17, 8.9, 8.10, 8.12 or later (7.13-7.16 read as 7.17, "
                    + "8.11 as 8.10). Default: ${DEFAULT-VALUE}")
    String kibana;

    @Option(names = "--schema", defaultValue = "ecs",
            description = "Field types Kibana knows: ecs (ECS 9.4.0), ecs-8.17, none (no field types, as an index pattern Kibana does not "
                    + "know). Default: ${DEFAULT-VALUE}")
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
        requireTime("--from", from);
        requireTime("--to-time", toTime);
        // JSON lines carry no warnings, so their hints are not worked out
        Translator translator = new Translator(version(), fieldTypes(), target, from, toTime, !jsonl);
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

    /** The field types of the searched indices: what Kibana's data view holds, and what the field checks use. */
    private RuleFieldTypes fieldTypes() {
        return IndexMappingResolver.resolve(schema, mappings, Path.of("")).forIndices(index);
    }

    /** The time range goes into the search as written; Elasticsearch would reject the whole search for a bad one. */
    private static void requireTime(String option, String value) {
        if (!DateValues.isQueryable(value, ENGINE_TIME_FORMATS)) {
            throw new IllegalArgumentException(option + " must be date math such as now-6m or an ISO-8601 date such as "
                    + "2024-01-31T12:00:00Z, found \"" + value + "\"");
        }
    }

    private int translateOne(Translator translator, PrintWriter out, PrintWriter err) throws JsonProcessingException {
        Translation result = translator.translate(query);
        if (result instanceof Translation.Failed failed) {
            // on the console with its code, as validate prints it (the JSON lines keep the message alone)
            printProblem(err, "error", failed.code().isEmpty() ? failed.problem() : failed.problem().withCode(failed.code()));
            return RuleforgeCli.EXIT_FAILED;
        }
        ((Translation.Translated) result).warnings().forEach(w -> printProblem(err, w.severity(), w));
        JsonNode output = ((Translation.Translated) result).output();
        out.println(output.isTextual() ? output.textValue()
                : MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(output));
        return RuleforgeCli.EXIT_OK;
    }

    /** {@code line:column: error: message}, the query line with a caret under the column, and the hint. */
    private void printProblem(PrintWriter err, String severity, Problem problem) {
        err.println(problem.line() + ":" + problem.column() + ": " + severity + ": " + problem.message());
        err.println(sourceLine(query, problem.offset()));
        err.println(caretLine(query, problem.offset()));
        if (!problem.hint().isEmpty()) {
            err.println("    hint: " + problem.hint());
        }
    }

    private int translateLines(Translator translator, PrintWriter out) throws IOException {
        if (input != null && Files.isDirectory(input)) {
            throw new IllegalArgumentException("--input " + input + " is a directory; give a JSON-lines file");
        }
        if (input != null && !Files.isReadable(input)) {
            throw new IllegalArgumentException("cannot read --input " + input);
        }
        // bytes, not a Reader: a Reader would replace bytes that are not UTF-8 without a word, or fail the whole input
        // answers go through a buffer of their own: the CLI's writer flushes at every line, and a write per line
        // was most of the time of a 16,000-line batch; a caller waiting line by line (a pipe) gets its answer
        // anyway when the input pauses, since the buffer is flushed before each blocking read
        // (one JSON generator writes every answer straight into that buffer, no String per answer in between)
        BufferedWriter buffered = new BufferedWriter(out, 1 << 16);
        try (InputStream in = input != null ? Files.newInputStream(input) : System.in;
             JsonGenerator answers = MAPPER.createGenerator(buffered).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            answers.setRootValueSeparator(null); // each answer ends its own line
            Runnable flush = () -> flush(answers);
            Utf8LineReader lines = new Utf8LineReader(in);
            int lineNumber = 0;
            for (byte[] line = lines.nextBytes(flush); line != null; line = lines.nextBytes(flush)) {
                lineNumber++;
                answers.writeTree(translateLine(translator, line, lineNumber));
                answers.writeRaw(System.lineSeparator());
            }
        } finally {
            buffered.flush();
        }
        return RuleforgeCli.EXIT_OK;
    }

    /** The answers so far, out to the CLI's writer (and through it to the caller). */
    private static void flush(JsonGenerator answers) {
        try {
            answers.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ObjectNode translateLine(Translator translator, byte[] bytes, int lineNumber) {
        JsonLines.Request request = JsonLines.read(bytes, lineNumber);
        ObjectNode answer = JSON.objectNode();
        answer.set("id", request.id());
        if (request.problem().isPresent()) {
            return withError(answer, request.problem().get());
        }
        JsonNode kql = request.object().get("query");
        if (kql == null || !kql.isTextual()) {
            return withError(answer, "input line " + lineNumber + " is not a JSON object with a string \"query\"");
        }
        Translation result = translator.translate(kql.textValue());
        if (result instanceof Translation.Failed failed) {
            ObjectNode error = answer.putObject("error");
            error.put("line", failed.problem().line());
            error.put("column", failed.problem().column());
            error.put("message", failed.problem().message());
        } else {
            answer.set(target == Target.eql ? "eql" : "dsl", ((Translation.Translated) result).output());
        }
        return answer;
    }

    /** An error about the input line itself: it has no position in a query. */
    private static ObjectNode withError(ObjectNode answer, String message) {
        ObjectNode error = answer.putObject("error");
        error.putNull("line");
        error.putNull("column");
        error.put("message", message);
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

    /**
     * A positioned finding about the query: its char offset (for the caret) and its line and column (code points).
     *
     * @param hint how to fix it; empty when there is nothing to add
     */
    record Problem(int offset, int line, int column, String message, String hint, String severity) {
        Problem(int offset, int line, int column, String message, String hint) {
            this(offset, line, column, message, hint, "error");
        }

        static Problem at(String kql, int offset, String message, String hint) {
            QueryText text = new QueryText(kql);
            return new Problem(offset, text.line(offset), text.column(offset), message, hint);
        }

        /** This problem with its diagnostic code after the message, as findings print it. */
        Problem withCode(String code) {
            return new Problem(offset, line, column, message + " [" + code + "]", hint, severity);
        }

        /** This problem printed as a finding of {@code severity}: a field check's warning, an info note. */
        Problem as(Severity severity) {
            return new Problem(offset, line, column, message, hint, severity.label());
        }
    }

    /**
     * One query's outcome: the output (a JSON object, or a text node for EQL) with the field checks' warnings, or
     * the first error.
     */
    sealed interface Translation permits Translation.Translated, Translation.Failed {
        record Translated(JsonNode output, List<Problem> warnings) implements Translation {
        }

        /** @param code the finding's diagnostic code; empty when the problem's message carries it already */
        record Failed(Problem problem, String code) implements Translation {
        }
    }

    /** The configured front and back ends; immutable. */
    static final class Translator {
        private final QueryBackEnds backEnds;
        private final Target target;
        private final String from;
        private final String to;

        /** The same front-end checks and back ends as {@code validate} gives a rule searching these indices. */
        Translator(KibanaVersion version, RuleFieldTypes fields, Target target, String from, String to, boolean warningHints) {
            QueryBackEnds all = QueryBackEnds.of(version, target == Target.engine ? DslOptions.DETECTION_ENGINE : DslOptions.DEFAULT, fields);
            this.backEnds = warningHints ? all : all.withoutNameSuggestions();
            this.target = target;
            this.from = from;
            this.to = to;
        }

        Translation translate(String kql) {
            QueryBackEnds.KqlCheck checked = backEnds.checkKql(kql);
            if (checked instanceof QueryBackEnds.KqlCheck.SyntaxError syntax) {
                KqlSyntaxError e = syntax.error();
                return new Translation.Failed(new Problem(e.offset(), e.line(), e.column(), e.message(), ""), CompileCodes.KQL_SYNTAX);
            }
            QueryBackEnds.KqlCheck.Verified verified = (QueryBackEnds.KqlCheck.Verified) checked;
            KqlNode root = verified.query().root();
            List<Problem> warnings = new ArrayList<>();
            for (Finding f : verified.findings()) {
                Problem problem = Problem.at(kql, f.span().start(), f.message() + " [" + f.code() + "]", f.hint());
                if (f.severity() == Severity.ERROR) {
                    return new Translation.Failed(problem, "");
                }
                warnings.add(problem.as(f.severity()));
            }
            if (target == Target.eql) {
                EqlTranslation translation = backEnds.eql().translate(root);
                if (translation instanceof EqlTranslation.NotExpressible not) {
                    return failedAt(kql, not.span().start(), "no EQL equivalent: " + not.reason(), CompileCodes.NOT_EXPRESSIBLE_IN_EQL);
                }
                return new Translation.Translated(JSON.textNode(((EqlTranslation.Expressed) translation).query()), warnings);
            }
            ObjectNode query;
            try {
                query = backEnds.dsl().compile(root);
            } catch (DslTranslationException e) {
                return failedAt(kql, e.span().start(), e.getMessage(), CompileCodes.DSL_TRANSLATION);
            }
            return new Translation.Translated(target == Target.engine ? engineQuery(query) : query, warnings);
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

        private static Translation.Failed failedAt(String kql, int offset, String message, String code) {
            return new Translation.Failed(Problem.at(kql, offset, message, ""), code);
        }
    }
}
