package io.ruleforge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.fields.MappingFile;
import io.ruleforge.files.FileProblems;
import io.ruleforge.harness.EventFile;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --events} and {@code --mapping} options of the commands that try a query on sample events ({@code eql},
 * {@code esql}), and the one way they are read: mappings merged in order, each event named by where it stands.
 */
final class EventInputs {

    // one file per --events (or a comma-separated list): a variable arity would swallow the QUERY after it
    @Option(names = "--events", required = true, split = ",", paramLabel = "FILE",
            description = "Events: a JSON array of objects or one object per line; repeatable or comma-separated, "
                    + "read in order.")
    List<Path> files = new ArrayList<>();

    @Option(names = "--mapping", paramLabel = "FILE",
            description = "An Elasticsearch mapping, index template or GET _mapping file typing the fields; repeatable. "
                    + "Without one, fields are typed as Elasticsearch's dynamic mapping would type them.")
    List<Path> mappings = new ArrayList<>();

    /** An input file that cannot be read; the message names the file and, where it can, the line and column. */
    static final class UnreadableInput extends Exception {
        UnreadableInput(String message) {
            super(message);
        }
    }

    /** An event and where it stands as the output names it: its line, or file:line when several files are given. */
    record LocatedEvent(String location, JsonNode document) {
    }

    /** The field types of the {@code --mapping} files, a later file overlaying an earlier one; none without one. */
    FieldSchema schema() throws UnreadableInput {
        FieldSchema schema = FieldSchema.none();
        for (Path mapping : mappings) {
            FieldSchema read;
            try {
                read = MappingFile.read(mapping);
            } catch (IOException e) {
                throw new UnreadableInput(mapping + ": error: cannot read the mapping file: " + FileProblems.describe(e));
            } catch (DiagnosticException e) {
                // malformed JSON or an unknown type: positioned, as for --mapping elsewhere
                throw new UnreadableInput(e.diagnostic().format());
            }
            schema = schema.isEmpty() ? read : schema.overlay(read);
        }
        return schema;
    }

    /** The events of one JSON events file (an NDJSON file or a JSON array), in file order. */
    List<LocatedEvent> read(Path file) throws UnreadableInput {
        List<EventFile.Event> read;
        try {
            read = EventFile.read(file);
        } catch (DiagnosticException e) {
            throw new UnreadableInput(e.diagnostic().format());
        }
        List<LocatedEvent> located = new ArrayList<>(read.size());
        for (EventFile.Event e : read) {
            located.add(new LocatedEvent(files.size() == 1 ? String.valueOf(e.line()) : file + ":" + e.line(), e.document()));
        }
        return located;
    }
}
