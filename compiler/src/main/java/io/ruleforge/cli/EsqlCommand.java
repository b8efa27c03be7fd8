package io.ruleforge.cli;

import io.ruleforge.compile.EsqlCodes;
import io.ruleforge.diag.QueryText;
import io.ruleforge.esql.EsqlVersion;
import io.ruleforge.evaluate.esql.CsvDataset;
import io.ruleforge.evaluate.esql.EsqlIndex;
import io.ruleforge.evaluate.esql.EsqlQueryRunner;
import io.ruleforge.evaluate.esql.EsqlResult;
import io.ruleforge.evaluate.esql.EvaluationContext;
import io.ruleforge.evaluate.esql.EventIndex;
import io.ruleforge.evaluate.esql.ResultTable;
import io.ruleforge.fields.DateValues;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.files.FileProblems;
import io.ruleforge.files.Utf8Text;
import io.ruleforge.harness.EsqlFullText;
import io.ruleforge.harness.HarnessCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ruleforge esql --events FILE… [--mapping FILE] [--index NAME] 'QUERY'}: runs an ES|QL query over sample
 * events with the evaluator that decides ES|QL rule fixtures and Elasticsearch's csv-spec tests, and prints the
 * result table as those tests write it ({@code col:type | col:type}, one row per line) or as JSON lines. Events are
 * NDJSON or a JSON array (typed through --mapping, else by dynamic mapping), or a csv-spec dataset ({@code .csv} with
 * a {@code name:type} header). Exit code 0 = ran, 1 = the query or an input file has an error, 2 = bad usage.
 */
@Command(name = "esql", mixinStandardHelpOptions = true,
        description = {"Run an ES|QL query over events (NDJSON, a JSON array, or a csv-spec dataset .csv with a "
                + "name:type,… header; all files form one index) and print the result table in csv-spec form, or as "
                + "JSON lines with --format json."})
public final class EsqlCommand extends QueryOverEventsCommand {

    enum Format { table, json }

    @Option(names = "--index", paramLabel = "NAME",
            description = "The name of the events' index, which FROM must name (patterns allowed). Default: the events "
                    + "answer any FROM.")
    String index;

    @Option(names = "--format", defaultValue = "table", description = "table (csv-spec form) or json (one object per row). "
            + "Default: ${DEFAULT-VALUE}")
    Format format;

    @Option(names = "--esql-version", defaultValue = "9", paramLabel = "VERSION",
            description = "The ES|QL syntax to accept: 8.19 or 9. Default: ${DEFAULT-VALUE}")
    String version;

    @Option(names = "--now", paramLabel = "DATE", description = "The instant NOW() returns (ISO 8601). Default: the current time.")
    String now;

    @Parameters(paramLabel = "QUERY", description = "The ES|QL query.")
    String query;

    @Override
    int run(PrintWriter out, PrintWriter err) throws EventInputs.UnreadableInput {
        EsqlVersion esqlVersion = EsqlVersion.parse(version).orElseThrow(() -> new IllegalArgumentException(
                "--esql-version must be 8.19 or 9, found " + version));
        long nowMillis = now == null ? Instant.now().toEpochMilli()
                : DateValues.parse(now, List.of("strict_date_optional_time"), ZoneOffset.UTC).map(s -> s.earliest().toEpochMilli())
                .orElseThrow(() -> new IllegalArgumentException("--now must be an ISO 8601 date, found " + now));
        FieldSchema schema = inputs.schema();
        List<EsqlIndex> indices = new ArrayList<>();
        List<EventIndex.Event> documents = new ArrayList<>();
        String name = index == null ? "events" : index;
        for (Path file : inputs.files) {
            if (file.getFileName().toString().endsWith(".csv")) {
                try {
                    indices.add(CsvDataset.read(name, index == null, Utf8Text.read(file)));
                } catch (IOException e) {
                    err.println(file + ": error: cannot read the events file: " + FileProblems.describe(e));
                    return RuleforgeCli.EXIT_FAILED;
                } catch (CsvDataset.DatasetException e) {
                    err.println(file + ":" + e.line() + ":" + e.column() + ": error: " + e.getMessage());
                    return RuleforgeCli.EXIT_FAILED;
                }
                continue;
            }
            for (EventInputs.LocatedEvent e : inputs.read(file)) {
                documents.add(new EventIndex.Event(e.location(), e.document()));
            }
        }
        if (!documents.isEmpty() || indices.isEmpty()) {
            indices.add(EventIndex.of(name, index == null, documents, schema));
        }
        EsqlQueryRunner runner = new EsqlQueryRunner(indices, new EvaluationContext(nowMillis), EsqlFullText.forSchema(schema));
        EsqlQueryRunner.Outcome outcome = runner.run(query, esqlVersion);
        if (outcome instanceof EsqlQueryRunner.Refused refused) {
            report(err, refused);
            return RuleforgeCli.EXIT_FAILED;
        }
        EsqlResult result = ((EsqlQueryRunner.Ran) outcome).result();
        (format == Format.json ? ResultTable.jsonLines(result) : ResultTable.csvSpec(result)).forEach(out::println);
        for (String warning : result.warnings()) {
            err.println("warning: " + warning);
        }
        return RuleforgeCli.EXIT_OK;
    }

    private void report(PrintWriter err, EsqlQueryRunner.Refused refused) {
        QueryText text = new QueryText(query);
        int offset = Math.max(0, Math.min(refused.offset(), query.stripTrailing().length()));
        // a syntax error has validate's code for it (RF3501); the rest are the evaluator's
        err.println(text.line(offset) + ":" + text.column(offset) + ": error: "
                + (refused.syntax() ? (refused.message().contains(io.ruleforge.esql.EsqlSyntaxError.UNSUPPORTED)
                ? "ES|QL not supported: " : "ES|QL syntax error: ") + refused.message() + " [" + EsqlCodes.SYNTAX + "]"
                : refused.message() + " [" + HarnessCodes.ESQL_NOT_EVALUATED + "]"));
        err.println(QueryCommand.sourceLine(query, offset));
        err.println(QueryCommand.caretLine(query, offset));
    }
}
