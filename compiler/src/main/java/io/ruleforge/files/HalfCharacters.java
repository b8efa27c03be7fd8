package io.ruleforge.files;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * Strings holding half of a character: a UTF-16 surrogate without its pair, which only an escape such as
 * {@code \\ud800} makes (strict UTF-8 decoding refuses an encoded one). TOML and YAML forbid it, JSON allows it, and
 * every output the product writes would turn it into {@code ?}; so the readers refuse it, naming where it is.
 */
public final class HalfCharacters {

    private HalfCharacters() {
    }

    /** Whether {@code text} holds a surrogate without its pair. */
    public static boolean isIn(String text) {
        return first(text) >= 0;
    }

    /** The first surrogate without its pair in {@code text}, or -1. */
    private static int first(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return c;
            }
        }
        return -1;
    }

    /**
     * What is wrong with the string value at {@code pointer} below {@code root}, which {@link #firstIn} found, in the
     * words every reader uses: {@code expected a Unicode character, found an escape of half of one (\\ud800, …)}.
     */
    public static String problem(JsonNode root, String pointer) {
        int unit = first(root.at(pointer).asText());
        return "expected a Unicode character, found an escape of half of one (\\u" + String.format("%04x", unit)
                + ", a lone surrogate), which no output could hold";
    }

    /** The JSON pointer of the first string value below {@code node} that holds half a character, if one does. */
    public static Optional<String> firstIn(JsonNode node) {
        return firstIn(node, "");
    }

    private static Optional<String> firstIn(JsonNode node, String pointer) {
        if (node.isTextual()) {
            return isIn(node.textValue()) ? Optional.of(pointer) : Optional.empty();
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Optional<String> found = firstIn(e.getValue(), JsonPointers.child(pointer, e.getKey()));
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = firstIn(node.get(i), pointer + "/" + i);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }
}
