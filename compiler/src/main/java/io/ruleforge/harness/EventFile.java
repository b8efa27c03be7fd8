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
                events.add(new Event(parser.readValueAsTree(), start.getLineNr()));
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
        int end = (int) Math.min(text.length(), Math.max(0, parser.currentLocation().getCharOffset()));
        int lineEnd = end;
        while (lineEnd < text.length() && text.charAt(lineEnd) != '\n' && text.charAt(lineEnd) != '\r') {
            lineEnd++;
        }
        String rest = text.substring(end, lineEnd);
        String trimmed = rest.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("//") || trimmed.startsWith("/*")) {
            return;
        }
        int at = end + (rest.length() - rest.stripLeading().length());
        int lineStart = text.lastIndexOf('\n', at - 1) + 1;
        throw new DiagnosticException(Diagnostic.error(HarnessCodes.BAD_FIXTURE, new SourcePosition(source,
                parser.currentLocation().getLineNr(), text.codePointCount(lineStart, at) + 1), JsonMessages.afterValue(trimmed)));
    }

    /** The line and column (in code points) of the UTF-16 index {@code at} of {@code text}. */
    private static SourcePosition position(String source, String text, int at) {
        int end = Math.min(at, text.length());
        int lineStart = text.lastIndexOf('\n', end - 1) + 1;
        int line = 1;
        for (int i = 0; i < lineStart; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return new SourcePosition(source, line, text.codePointCount(lineStart, end) + 1);
    }

    private static SourcePosition position(String source, JsonLocation location) {
        return location == null ? SourcePosition.ofFile(source)
                : new SourcePosition(source, Math.max(1, location.getLineNr()), Math.max(1, location.getColumnNr()));
    }
}
