package io.ruleforge.load;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ruleforge.files.JsonPointers;

import java.io.IOException;

/**
 * Reads a YAML rule file into the same tree Jackson's mappers build, recording the position of every value as it
 * goes (Jackson's YAML parser, unlike its TOML one, reports token locations).
 */
final class YamlDocumentReader {

    /** Deeper than any rule needs; protects the recursive reader from hostile input. */
    static final int MAX_DEPTH = 64;

    /** Duplicate keys are found by the reader itself, which knows where the repeated key stands. */
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final String text;
    private final SourceMap.Builder positions;

    private YamlDocumentReader(String file, String text) {
        this.text = text;
        this.positions = new SourceMap.Builder(file, text);
    }

    record Result(JsonNode tree, SourceMap sourceMap) {
    }

    /** Parses the text; Jackson's exceptions (with their locations) propagate to the loader. */
    static Result read(String file, String text) throws IOException {
        YamlDocumentReader reader = new YamlDocumentReader(file, text);
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            JsonNode tree = first == null ? null : reader.value(parser, "", 0);
            if (tree != null && parser.nextToken() != null) {
                throw new YamlShapeException("more than one YAML document in the file",
                        reader.documentMarkerBefore(parser.currentTokenLocation()));
            }
            return new Result(tree, reader.positions.build());
        }
    }

    private JsonNode value(JsonParser parser, String pointer, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new YamlShapeException("nesting deeper than " + MAX_DEPTH + " levels", parser.currentTokenLocation());
        }
        if (parser instanceof com.fasterxml.jackson.dataformat.yaml.YAMLParser yaml && yaml.isCurrentAlias()) {
            // Aliases are not rule material, and expanding them is how "billion laughs" documents explode.
            throw new YamlShapeException("YAML aliases (" + aliasAt(offsetOf(parser.currentTokenLocation()))
                    + ") are not supported in rule files; write the value out", parser.currentTokenLocation());
        }
        int offset = offsetOf(parser.currentTokenLocation());
        positions.value(pointer, offset);
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = nodes.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    if (object.has(name)) {
                        throw new YamlShapeException("duplicate key " + name, parser.currentTokenLocation());
                    }
                    parser.nextToken();
                    object.set(name, value(parser, pointer + "/" + JsonPointers.segment(name), depth + 1));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = nodes.arrayNode();
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser, pointer + "/" + index++, depth + 1));
                }
                return array;
            }
            case VALUE_STRING -> {
                String value = parser.getText();
                positions.string(pointer, ScalarAligner.align(text, offset, value));
                return nodes.textNode(value);
            }
            case VALUE_NUMBER_INT -> {
                return numberNode(parser);
            }
            case VALUE_NUMBER_FLOAT -> {
                return floatNode(parser);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return nodes.booleanNode(parser.getBooleanValue());
            }
            case VALUE_NULL -> {
                return nodes.nullNode();
            }
            // a tag that makes a value no JSON type (!!binary, !!timestamp …): nothing a rule holds
            default -> throw new YamlShapeException("expected a string, number, boolean, null, list or mapping, found a value"
                    + " of another type (YAML tags such as !!binary are not supported in rule files)", parser.currentTokenLocation());
        }
    }

    private static JsonNode numberNode(JsonParser parser) throws IOException {
        return switch (parser.getNumberType()) {
            case INT -> JsonNodeFactory.instance.numberNode(parser.getIntValue());
            case LONG -> JsonNodeFactory.instance.numberNode(parser.getLongValue());
            default -> JsonNodeFactory.instance.numberNode(parser.getBigIntegerValue());
        };
    }

    /**
     * A float as the TOML reader gives it, so both formats word a wrong value alike: YAML's {@code .inf} and
     * {@code .nan} (which Jackson's number parsing refuses) as infinity and NaN, and a number a double cannot hold
     * ({@code 1e400}, {@code 1e-400}) as written rather than as infinity or zero.
     */
    private static JsonNode floatNode(JsonParser parser) throws IOException {
        String written = parser.getText();
        String unsigned = written.startsWith("-") || written.startsWith("+") ? written.substring(1) : written;
        if (unsigned.equalsIgnoreCase(".inf")) {
            return JsonNodeFactory.instance.numberNode(written.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
        }
        if (unsigned.equalsIgnoreCase(".nan")) {
            return JsonNodeFactory.instance.numberNode(Double.NaN);
        }
        double value = parser.getDoubleValue();
        if (Double.isInfinite(value) || value == 0 && hasNonZeroDigit(unsigned)) {
            return JsonNodeFactory.instance.numberNode(parser.getDecimalValue());
        }
        return JsonNodeFactory.instance.numberNode(value);
    }

    private static boolean hasNonZeroDigit(String number) {
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == 'e' || c == 'E') {
                return false;
            }
            if (c >= '1' && c <= '9') {
                return true;
            }
        }
        return false;
    }

    /** The "---" line that starts the document whose first token is at {@code location}, if there is one. */
    private JsonLocation documentMarkerBefore(JsonLocation token) {
        int offset = offsetOf(token);
        int marker = text.lastIndexOf("\n---", offset);
        if (marker < 0 || text.substring(marker + 1, offset).lines().count() > 2) {
            return token;
        }
        return new JsonLocation(token.contentReference(), -1, positions.lines().line(marker + 1), 1);
    }

    /**
     * The alias as written ({@code *a0}) at {@code offset}: Jackson's parser does not hand out an alias's name
     * (its anchor accessor is for {@code &a0} definitions), so it is read from the text.
     */
    private String aliasAt(int offset) {
        if (offset >= text.length() || text.charAt(offset) != '*') {
            return "an alias";
        }
        int end = offset + 1;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end)) && ",[]{}".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return text.substring(offset, end);
    }

    private int offsetOf(JsonLocation location) {
        return positions.lines().offset(location.getLineNr(), location.getColumnNr());
    }

    /** A YAML document that parses but cannot be a rule tree. */
    static final class YamlShapeException extends IOException {
        private final transient JsonLocation location;

        YamlShapeException(String message, JsonLocation location) {
            super(message);
            this.location = location;
        }

        JsonLocation location() {
            return location;
        }
    }
}
