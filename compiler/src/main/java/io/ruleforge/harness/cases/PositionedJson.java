package io.ruleforge.harness.cases;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.diag.SourcePosition;
import io.ruleforge.files.JsonMessages;
import io.ruleforge.files.JsonPointers;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON document read together with where each of its values starts, addressed by JSON Pointer
 * ({@code /events/3/@timestamp}), so that every problem found later in a case file names its line and column
 * (columns in code points, as editors count). A key given twice is a parse error: the second value would
 * silently win, and Elasticsearch rejects such a document.
 */
final class PositionedJson {

    /** A document that did not parse, and where. */
    record ParseError(SourcePosition position, String message) {
    }

    private final String file;
    private final String[] lines;
    private final JsonNode root;
    private final Map<String, SourcePosition> starts;
    private final Map<String, SourcePosition> keys;

    private PositionedJson(String file, String[] lines, JsonNode root, Map<String, SourcePosition> starts,
                           Map<String, SourcePosition> keys) {
        this.file = file;
        this.lines = lines;
        this.root = root;
        this.starts = Map.copyOf(starts);
        this.keys = Map.copyOf(keys);
    }

    static final class Invalid extends Exception {
        private final ParseError error;

        Invalid(ParseError error) {
            super(error.message(), null, false, false);
            this.error = error;
        }

        ParseError error() {
            return error;
        }
    }

    static PositionedJson parse(String file, String text, ObjectMapper json) throws Invalid {
        String[] lines = text.split("\r\n|\r|\n", -1);
        Map<String, SourcePosition> starts = new HashMap<>();
        Map<String, SourcePosition> keys = new HashMap<>();
        try (JsonParser parser = json.getFactory().createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new Invalid(new ParseError(new SourcePosition(file, 1, 1), "expected a JSON object (a case), found an empty file"));
            }
            JsonNode root = read(parser, "", file, lines, starts, keys);
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw new Invalid(new ParseError(position(file, lines, parser.currentTokenLocation()),
                        "expected one JSON object per case file, found a second value after it"));
            }
            return new PositionedJson(file, lines, root, starts, keys);
        } catch (JsonProcessingException e) {
            throw new Invalid(new ParseError(offendingToken(position(file, lines, e.getLocation()), lines, e.getOriginalMessage()),
                    "malformed JSON: " + JsonMessages.oneLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new Invalid(new ParseError(SourcePosition.ofFile(file), "cannot read: " + e.getMessage()));
        }
    }

    private static JsonNode read(JsonParser parser, String pointer, String file, String[] lines,
                                 Map<String, SourcePosition> starts, Map<String, SourcePosition> keyStarts)
            throws IOException, Invalid {
        SourcePosition at = position(file, lines, parser.currentTokenLocation());
        starts.put(pointer, at);
        JsonToken token = parser.currentToken();
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                Map<String, SourcePosition> keys = new HashMap<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
                    String name = parser.currentName();
                    SourcePosition keyAt = position(file, lines, parser.currentTokenLocation());
                    SourcePosition before = keys.putIfAbsent(name, keyAt);
                    if (before != null) {
                        throw new Invalid(new ParseError(keyAt, "duplicate key \"" + name + "\" (first at line " + before.line()
                                + ", column " + before.column() + "): the second value would silently replace the first"));
                    }
                    parser.nextToken();
                    keyStarts.put(JsonPointers.child(pointer, name), keyAt);
                    object.set(name, read(parser, JsonPointers.child(pointer, name), file, lines, starts, keyStarts));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                int i = 0;
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    array.add(read(parser, pointer + "/" + i++, file, lines, starts, keyStarts));
                }
                return array;
            }
            case VALUE_STRING -> {
                return nodes.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return nodes.numberNode(parser.getDecimalValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            default -> throw new Invalid(new ParseError(at, "unexpected " + token));
        }
    }

    /**
     * Jackson places an unrecognised token's error after the token ({@code tru|}); the message names the token, so
     * the position is moved back to where the token starts on that line.
     */
    private static SourcePosition offendingToken(SourcePosition at, String[] lines, String message) {
        if (!at.isKnown() || at.line() > lines.length) {
            return at;
        }
        String line = lines[at.line() - 1];
        int charEnd = line.offsetByCodePoints(0, Math.min(at.column() - 1, line.codePointCount(0, line.length())));
        int start = JsonMessages.badTokenStart(message, line, charEnd);
        return start < 0 ? at : new SourcePosition(at.file(), at.line(), line.codePointCount(0, start) + 1);
    }

    private static SourcePosition position(String file, String[] lines, JsonLocation location) {
        if (location == null || location.getLineNr() <= 0) {
            return SourcePosition.ofFile(file);
        }
        int line = location.getLineNr();
        int charColumn = Math.max(1, location.getColumnNr());
        String text = line <= lines.length ? lines[line - 1] : "";
        int codePoints = text.codePointCount(0, Math.min(text.length(), charColumn - 1)) + 1;
        return new SourcePosition(file, line, codePoints);
    }

    JsonNode root() {
        return root;
    }

    String file() {
        return file;
    }

    /** Where the value at {@code pointer} starts; the closest known ancestor when it is absent. */
    SourcePosition at(String pointer) {
        String p = pointer;
        while (true) {
            SourcePosition start = starts.get(p);
            if (start != null) {
                return start;
            }
            if (p.isEmpty()) {
                return SourcePosition.ofFile(file);
            }
            p = p.substring(0, Math.max(0, p.lastIndexOf('/')));
        }
    }

    /** Where the key of the member at {@code pointer} is written; the value's position when it is not a member. */
    SourcePosition keyAt(String pointer) {
        SourcePosition key = keys.get(pointer);
        return key != null ? key : at(pointer);
    }

    Optional<SourcePosition> known(String pointer) {
        return Optional.ofNullable(starts.get(pointer));
    }

    int lineCount() {
        return lines.length;
    }
}
