package io.ruleforge.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.files.HalfCharacters;
import io.ruleforge.files.Utf8Lines;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The input of {@code query --jsonl}: one JSON object per line, each judged on its own so that one bad line gets an
 * error answer and the others are still translated. A line is refused when it is not UTF-8, has a key twice (which
 * value would count?), or has anything after its object; the id is still answered with when it can be read.
 */
final class JsonLines {

    private static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    /** Reads what it can (the first value, the last of duplicate keys): for the id of a line that is refused. */
    private static final ObjectMapper LENIENT = new ObjectMapper();
    private static final Pattern DUPLICATE = Pattern.compile("^Duplicate field '(.*)'");

    private JsonLines() {
    }

    /**
     * One input line.
     *
     * @param object  the line's object; {@code null} when there is a problem
     * @param id      its {@code id}, or JSON null
     * @param problem why the line cannot be translated, naming the line
     */
    record Request(ObjectNode object, JsonNode id, Optional<String> problem) {
    }

    static Request read(byte[] bytes, int lineNumber) {
        String where = "input line " + lineNumber;
        Utf8Lines.Line line = Utf8Lines.decode(lineNumber, bytes);
        if (!line.isValid()) {
            String lenient = new String(bytes, StandardCharsets.UTF_8);
            return refused(lenient, where + " is not valid UTF-8: byte " + (line.badOffset() + 1) + " (0x"
                    + String.format("%02x", line.badByte()) + ") cannot be decoded");
        }
        String text = line.text();
        JsonNode node;
        try (JsonParser parser = STRICT.createParser(text)) {
            node = STRICT.readTree(parser);
            int after = (int) parser.currentLocation().getCharOffset();
            if (node != null && hasMore(parser)) {
                while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
                    after++;
                }
                return refused(text, where + " has more text after its JSON object at column " + (after + 1));
            }
        } catch (StreamConstraintsException e) {
            return refused(null, where + " holds a value longer than the JSON reader's limit of "
                    + StreamReadConstraints.defaults().getMaxStringLength() + " characters");
        } catch (JsonProcessingException e) {
            return refused(text, describe(where, e));
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        if (node == null || !node.isObject()) {
            return refused(null, where + " is not a JSON object with a string \"query\"");
        }
        Optional<String> halfCharacter = text.contains("\\u") ? HalfCharacters.firstIn(node) : Optional.empty();
        if (halfCharacter.isPresent()) {
            // JSON lets an escape name half a character; no answer could hold it but as "?"
            return refused(text, where + " at " + halfCharacter.get() + ": " + HalfCharacters.problem(node, halfCharacter.get()));
        }
        return new Request((ObjectNode) node, node.has("id") ? node.get("id") : NullNode.getInstance(), Optional.empty());
    }

    private static String describe(String where, JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonLocation location = e.getLocation();
        String column = location == null || location.getColumnNr() < 1 ? "" : " at column " + location.getColumnNr();
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            return where + " has the key \"" + duplicate.group(1) + "\" twice" + column;
        }
        return where + " is not a JSON object with a string \"query\": invalid JSON" + column + ": "
                + message.lines().findFirst().orElse("").strip();
    }

    /** Whether anything but white space follows the value (a token, or text that is not one). */
    private static boolean hasMore(JsonParser parser) {
        try {
            return parser.nextToken() != null;
        } catch (IOException e) {
            return true;
        }
    }

    /** A refused line, answered with its id when a lenient reading of {@code text} finds one (not one given twice). */
    private static Request refused(String text, String problem) {
        JsonNode id = NullNode.getInstance();
        if (text != null && !problem.contains("has the key \"id\" twice")) {
            try {
                JsonNode lenient = LENIENT.readTree(text);
                // an id holding half a character could only be answered with "?": no id then
                if (lenient != null && lenient.isObject() && lenient.has("id") && HalfCharacters.firstIn(lenient.get("id")).isEmpty()) {
                    id = lenient.get("id");
                }
            } catch (JsonProcessingException | RuntimeException e) {
                // no id to answer with
            }
        }
        return new Request(null, id, Optional.of(problem));
    }
}
