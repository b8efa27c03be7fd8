package io.ruleforge.harness;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ruleforge.diag.Diagnostic;
import io.ruleforge.diag.DiagnosticException;
import io.ruleforge.diag.QueryText;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.FileProblems;
import io.ruleforge.files.JsonMessages;
import io.ruleforge.files.Utf8Text;
import io.ruleforge.harness.HarnessCodes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Events to run EQL over, read from a file: a JSON array of objects or one object per line (NDJSON); {@code //} and
 * {@code /* *}{@code /} comments are allowed, as in Elasticsearch's own EQL test data. Each event keeps the line it
 * starts on, which names it where it has no id field.
 */
public final class EventFile {

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS).build());

    /**
     * One event of a file.
     *
     * @param document the event
     * @param line     the 1-based line it starts on
     */
    public record Event(JsonNode document, int line) {
    }

    private EventFile() {
    }

    /** Every event of the file, in file order; a diagnostic naming file, line and column when it is not events. */
    public static List<Event> read(Path file) throws DiagnosticException {
        String text;
        try {
            text = Utf8Text.read(file);
        } catch (Utf8Text.NotUtf8Exception e) {
            throw new DiagnosticException(Diagnostic.error(HarnessCodes.BAD_FIXTURE, e.position(file.toString()), e.problem()));
        } catch (IOException e) {
            throw new DiagnosticException(Diagnostic.error(HarnessCodes.BAD_FIXTURE, SourcePosition.ofFile(file.toString()),
                    "cannot read the events file: " + FileProblems.describe(e)));
        }
        return parse(file.toString(), text);
    }

    /** The events of {@code text}, read as {@link #read} reads a file; {@code source} names it in diagnostics. */
    public static List<Event> parse(String source, String text) throws DiagnosticException {
        List<Event> events = new ArrayList<>();
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonToken first = parser.nextToken();
            boolean array = first == JsonToken.START_ARRAY;
            JsonToken token = array ? parser.nextToken() : first;
            while (token != null && token != JsonToken.END_ARRAY) {
                JsonLocation start = parser.currentTokenLocation();
                if (token != JsonToken.START_OBJECT) {
                    throw new DiagnosticException(Diagnostic.error(HarnessCodes.BAD_FIXTURE, position(source, start),
                            "expected an event (a JSON object), found " + JsonMessages.describe(token)));
                }
                JsonNode document;
                try {
                    document = parser.readValueAsTree();
                } catch (JsonProcessingException e) {
                    if (!array && e.getLocation() != null && e.getLocation().getLineNr() > start.getLineNr()) {
                        throw overLines(source, text, start); // the error stands where the next line was read into it
                    }
                    throw e;
                }
                if (!array && parser.currentLocation().getLineNr() > start.getLineNr()) {
                    throw overLines(source, text, start);
                }
                events.add(new Event(document, start.getLineNr()));
                if (!array) {
                    refuseTextAfter(source, parser, text);
                }
                token = parser.nextToken();
            }
            if (array && parser.nextToken() != null) {
                throw new DiagnosticException(Diagnostic.error(HarnessCodes.BAD_FIXTURE,
                        position(source, parser.currentTokenLocation()),
                        "expected the end of the file after the array of events, found " + JsonMessages.describe(parser.currentToken())));
            }
        } catch (JsonProcessingException e) {
            throw new DiagnosticException(Diagnostic.error(HarnessCodes.BAD_FIXTURE, position(source, text,
                            JsonMessages.offendingCharacter(text, e)),
                    "expected events as a JSON array or one JSON object per line: " + JsonMessages.oneLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new DiagnosticException(Diagnostic.error(HarnessCodes.BAD_FIXTURE, SourcePosition.ofFile(source),
                    "cannot read the events: " + e.getMessage()));
        }
        return events;
    }

    /**
     * Refuses text after an event on its line (a second event, or anything but a comment): one event per line is what
     * names an event by its line, and text after it would otherwise be a second event or Jackson's own message.
     */
    private static void refuseTextAfter(String source, JsonParser parser, String text) throws DiagnosticException {
        int at = (int) Math.min(text.length(), Math.max(0, parser.currentLocation().getCharOffset()));
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '\n' || c == '\r' || text.startsWith("//", at)) {
                return;
            }
            if (text.startsWith("/*", at)) {
                int end = text.indexOf("*/", at + 2);
                if (end < 0 || text.substring(at, end).indexOf('\n') >= 0 || text.substring(at, end).indexOf('\r') >= 0) {
                    return; // what follows a comment that runs past the line is on a line of its own (or a parse error)
                }
                at = end + 2;
            } else if (Character.isWhitespace(c)) {
                at++;
            } else {
                break;
            }
        }
        if (at >= text.length()) {
            return;
        }
        int lineEnd = at;
        while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') {
            lineEnd++;
        }
        throw new DiagnosticException(Diagnostic.error(HarnessCodes.BAD_FIXTURE, position(source, text, at),
                JsonMessages.afterValue(text.substring(at, lineEnd))));
    }

    /**
     * An event of a file of one event per line that does not end on its line: unclosed, the lines after it would be
     * read into it (a half-written line would swallow the next event, or fail at the end of the file), so it is
     * refused at the end of its own line. Events that span lines belong in a JSON array.
     */
    private static DiagnosticException overLines(String source, String text, JsonLocation start) {
        QueryText positions = new QueryText(text);
        int line = Math.max(1, start.getLineNr());
        int at = (int) Math.min(text.length(), Math.max(0, start.getCharOffset()));
        while (at < text.length() && text.charAt(at) != '\n' && text.charAt(at) != '\r') {
            at++;
        }
        return new DiagnosticException(Diagnostic.error(HarnessCodes.BAD_FIXTURE,
                new SourcePosition(source, line, positions.column(at)),
                "expected one JSON event per line, found an event that does not end on its line (events that span "
                        + "lines go in a JSON array)"));
    }

    /** The line and column (in code points) of the UTF-16 index {@code at} of {@code text}. */
    private static SourcePosition position(String source, String text, int at) {
        QueryText positions = new QueryText(text);
        return new SourcePosition(source, positions.line(at), positions.column(at));
    }

    private static SourcePosition position(String source, JsonLocation location) {
        return location == null ? SourcePosition.ofFile(source)
                : new SourcePosition(source, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
