package io.ruleforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.compile.CompileCodes;
import io.ruleforge.diag.QueryText;
import io.ruleforge.eql.EqlParseResult;
import io.ruleforge.eql.EqlParser;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.verify.EqlProblem;
import io.ruleforge.eql.verify.EqlVerifier;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.evaluate.EventFields;
import io.ruleforge.evaluate.eql.EqlEvaluator;
import io.ruleforge.evaluate.eql.EqlMatch;
import io.ruleforge.evaluate.eql.EqlSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * {@code ruleforge eql --events FILE… 'QUERY'}: runs an EQL query over sample events with the evaluator that decides
 * rule fixtures, as Elastic's Python {@code eql} shell lets one try a query. Each result is one line: the ids of its
 * events (or, without an id field, where they are: line, or file:line with several files), {@code -} for a missing
 * event, in Elasticsearch's order. Exit code 0 = ran (matches or not), 1 = the query or an events file has an error,
 * 2 = bad usage.
 */
@Command(name = "eql", mixinStandardHelpOptions = true,
        description = {"Run an EQL query over events (NDJSON or a JSON array) and print each result on one line: "
                + "the ids (or line numbers) of its events, in the order Elasticsearch returns them."})
public final class EqlCommand extends QueryOverEventsCommand {

    @Option(names = "--id-field", paramLabel = "FIELD",
            description = "The field naming each event in the output. Default: line numbers.")
    String idField;

    @Option(names = "--timestamp-field", defaultValue = "@timestamp", paramLabel = "FIELD",
            description = "timestamp_field. Default: ${DEFAULT-VALUE}")
    String timestampField;

    @Option(names = "--event-category-field", defaultValue = "event.category", paramLabel = "FIELD",
            description = "event_category_field. Default: ${DEFAULT-VALUE}")
    String eventCategoryField;

    @Option(names = "--tiebreaker-field", paramLabel = "FIELD", description = "tiebreaker_field. Default: none")
    String tiebreakerField;

    @Option(names = "--size", defaultValue = "10", description = "size: most results shown. Default: ${DEFAULT-VALUE}")
    int size;

    @Option(names = "--result-position", defaultValue = "tail",
            description = "result_position, head or tail: which end of the results size keeps. Default: ${DEFAULT-VALUE}")
    String resultPosition;

    @Parameters(paramLabel = "QUERY", description = "The EQL query.")
    String query;

    @Override
    int run(PrintWriter out, PrintWriter err) throws EventInputs.UnreadableInput {
        EqlSettings settings = settings();
        FieldSchema schema = inputs.schema();
        EqlQuery parsed = parse(schema, err);
        if (parsed == null) {
            return RuleforgeCli.EXIT_FAILED;
        }
        EqlEvaluator evaluator = new EqlEvaluator(schema, settings);
        java.util.Optional<String> undecidable = evaluator.refusal(parsed);
        if (undecidable.isPresent()) {
            err.println("ruleforge: the query cannot be decided: " + undecidable.get());
            return RuleforgeCli.EXIT_FAILED;
        }
        List<JsonNode> documents = new ArrayList<>();
        Map<JsonNode, String> locations = new IdentityHashMap<>();
        for (Path file : inputs.files) {
            for (EventInputs.LocatedEvent e : inputs.read(file)) {
                documents.add(e.document());
                locations.put(e.document(), e.location());
            }
        }
        for (EqlMatch match : evaluator.evaluate(parsed, documents)) {
            StringJoiner line = new StringJoiner(" ");
            for (JsonNode event : match.events()) {
                line.add(event == null ? "-" : name(event, locations.get(event)));
            }
            out.println(line);
        }
        return RuleforgeCli.EXIT_OK;
    }

    private EqlSettings settings() {
        EqlSettings.ResultPosition position = switch (resultPosition) {
            case "head" -> EqlSettings.ResultPosition.HEAD;
            case "tail" -> EqlSettings.ResultPosition.TAIL;
            default -> throw new IllegalArgumentException("--result-position must be head or tail, found " + resultPosition);
        };
        if (size < 0) {
            throw new IllegalArgumentException("--size must be 0 or more, found " + size);
        }
        return EqlSettings.defaults().withTimestampField(timestampField).withEventCategoryField(eventCategoryField)
                .withTiebreakerField(tiebreakerField).withSize(size).withResultPosition(position);
    }

    /**
     * The parsed query, or null after printing its errors as a rule file's are worded (line and column within the
     * query); the verifier's warnings (a field the mapping lacks) are printed and do not stop the run.
     */
    private EqlQuery parse(FieldSchema schema, PrintWriter err) {
        QueryText text = new QueryText(query);
        EqlParseResult result = EqlParser.parse(query);
        if (result instanceof EqlParseResult.Failure failure) {
            int offset = Math.min(failure.error().offset(), query.stripTrailing().length());
            report(err, text, offset, "error", "EQL syntax error: " + failure.error().message(), CompileCodes.EQL_SYNTAX);
            return null;
        }
        EqlQuery parsed = ((EqlParseResult.Success) result).query();
        boolean errors = false;
        for (EqlProblem problem : new EqlVerifier(schema).verify(parsed)) {
            boolean error = problem.severity() == EqlProblem.Severity.ERROR;
            report(err, text, problem.span().start(), error ? "error" : "warning",
                    problem.message() + " (" + problem.code() + ")",
                    CompileCodes.ofEqlProblem(problem.code()));
            errors |= error;
        }
        return errors ? null : parsed;
    }

    private void report(PrintWriter err, QueryText text, int offset, String severity, String message, String code) {
        err.println(text.line(offset) + ":" + text.column(offset) + ": " + severity + ": " + message + " [" + code + "]");
        err.println(QueryCommand.sourceLine(query, offset));
        err.println(QueryCommand.caretLine(query, offset));
    }

    private String name(JsonNode event, String location) {
        if (idField != null) {
            List<JsonNode> ids = EventFields.values(event, idField);
            if (!ids.isEmpty() && !ids.get(0).isContainerNode()) {
                return ids.get(0).asText();
            }
        }
        return location;
    }
}
