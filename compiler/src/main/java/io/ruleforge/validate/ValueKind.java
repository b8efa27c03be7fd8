package io.ruleforge.validate;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.function.Predicate;

/** The shape a rule field's value must have, and how messages name it. */
enum ValueKind {
    STRING("a string", JsonNode::isTextual),
    STRING_LIST("an array of strings", n -> n.isArray() && allMatch(n, JsonNode::isTextual)),
    STRING_OR_LIST("a string or an array of strings", n -> n.isTextual() || (n.isArray() && allMatch(n, JsonNode::isTextual))),
    INTEGER("an integer", JsonNode::isIntegralNumber),
    BOOLEAN("a boolean", JsonNode::isBoolean),
    TABLE("a table", JsonNode::isObject),
    TABLE_LIST("an array of tables", n -> n.isArray() && allMatch(n, JsonNode::isObject)),
    LIST("an array", JsonNode::isArray),
    ANY("a value", n -> true);

    private final String description;
    private final Predicate<JsonNode> accepts;

    ValueKind(String description, Predicate<JsonNode> accepts) {
        this.description = description;
        this.accepts = accepts;
    }

    String description() {
        return description;
    }

    boolean accepts(JsonNode node) {
        return accepts.test(node);
    }

    /** A one-line fix for a value of the wrong kind, where one is obvious. */
    String fixFor(JsonNode found) {
        if (this == INTEGER && found.isTextual() && found.asText().strip().matches("-?[0-9]{1,18}")) {
            return "remove the quotes: " + found.asText().strip();
        }
        if (this == INTEGER && found.isFloatingPointNumber()) {
            return "use a whole number";
        }
        if (this == BOOLEAN && found.isTextual() && found.asText().strip().matches("(?i)true|false")) {
            return "remove the quotes: " + found.asText().strip().toLowerCase(java.util.Locale.ROOT);
        }
        if ((this == STRING_LIST || this == STRING_OR_LIST || this == LIST) && found.isTextual()) {
            return "wrap it in brackets: [\"" + abbreviate(found.asText()) + "\"]";
        }
        if (this == STRING_LIST && found.isArray()) {
            return "quote every element";
        }
        if (this == STRING && found.isBoolean()) {
            // YAML 1.1 reads an unquoted on, off, yes or no as a boolean too: quoting "true" would be a second error
            return "quote the value as you wrote it (YAML reads unquoted yes, no, on and off as booleans)";
        }
        if (this == STRING && found.isValueNode()) {
            return "quote it: \"" + abbreviate(found.asText()) + "\"";
        }
        return "write " + description;
    }

    /** How a found value is named in "expected X, found Y". */
    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "the string \"" + abbreviate(node.asText()) + "\"";
            case NUMBER -> (node.isIntegralNumber() ? "the integer " : "the number ") + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case ARRAY -> "an array";
            case OBJECT -> "a table";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }

    static String abbreviate(String s) {
        String oneLine = s.replace("\n", "\\n");
        return oneLine.length() > 60 ? oneLine.substring(0, 57) + "..." : oneLine;
    }

    private static boolean allMatch(JsonNode array, Predicate<JsonNode> p) {
        for (JsonNode e : array) {
            if (!p.test(e)) {
                return false;
            }
        }
        return true;
    }
}
