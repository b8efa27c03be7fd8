package io.ruleforge.files;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the readers of the user's JSON files say what is wrong, alike: Jackson's message on one line without its
 * Java decorations, and the refusal of what follows a line's value.
 */
public final class JsonMessages {

    private static final Pattern BAD_TOKEN = Pattern.compile("^(?:Unrecognized|Non-standard) token '([^']+)'");
    private static final Pattern CHARACTER_CODE = Pattern.compile("\\bcode (\\d+)\\)");

    private JsonMessages() {
    }

    /**
     * Jackson's message on one line: a second place it points at ({@code start marker at [Source: REDACTED
     * (`StreamReadFeature…` disabled); line: 1, column: 6]}) said as {@code line 1, column 6}, and a limit said
     * without the Java method behind it ({@code (20000000, from `StreamReadConstraints.getMaxStringLength()`)}
     * becomes {@code (20000000)}).
     */
    public static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        return message.replaceAll("\\s*\\R\\s*", " ")
                // a second place the message points at ("start marker at [Source: …; line: 1, column: 1]")
                .replaceAll("\\[Source: [^\\]]*?; line: (\\d+), column: (\\d+)\\]", "line $1, column $2")
                .replaceAll("\\s*at \\[Source: [^\\]]*\\]", "")
                .replaceAll("\\s*\\[Source: [^\\]]*\\]", "")
                .replaceAll(", from `[A-Za-z.]+\\(\\)`\\)", ")")
                .strip();
    }

    /** As {@link #oneLine(String)}, for a message about one line of text (NDJSON): a place in it is only its column. */
    public static String oneLineOfALine(String message) {
        return oneLine(message).replace("line 1, column ", "column ");
    }

    /** A JSON token as a message names what was found: {@code an object}, {@code a string}, {@code nothing} … */
    public static String describe(com.fasterxml.jackson.core.JsonToken token) {
        if (token == null) {
            return "nothing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name().toLowerCase(java.util.Locale.ROOT) : token.asString();
        };
    }

    /**
     * Where the first non-blank character after the value {@code parser} has just read from {@code text} is, as a
     * UTF-16 index; empty when only white space follows it.
     */
    public static java.util.OptionalInt textAfterValue(com.fasterxml.jackson.core.JsonParser parser, String text) {
        long end = parser.currentLocation().getCharOffset();
        int at = (int) Math.min(text.length(), Math.max(0, end));
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at < text.length() ? java.util.OptionalInt.of(at) : java.util.OptionalInt.empty();
    }

    /**
     * The message for {@code rest}, the non-blank text after a line's value in NDJSON (one event per line): anything
     * after the value would never be read, so it is an error, not skipped.
     */
    public static String afterValue(String rest) {
        String trimmed = rest.strip();
        return "expected one event per line, found " + (trimmed.startsWith("{") || trimmed.startsWith("[")
                ? "a second JSON value after the first (put each event on its own line)"
                : "'" + abbreviate(trimmed) + "' after the event");
    }

    /** Text quoted in a message: at most 40 characters, a longer one cut with an ellipsis. */
    public static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 39) + "…";
    }

    /**
     * Where the character the parser complains about is, as a UTF-16 index into {@code text} (what it parsed).
     * Jackson's location is sometimes just past it (a control character between tokens) or past a whole bad token
     * ({@code tru}, {@code NaN}); the message names the character or the token, so it is looked up near the location.
     */
    public static int offendingCharacter(String text, JsonProcessingException e) {
        int offset = Math.min(charOffset(e.getLocation(), text.length()), text.length());
        String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int tokenStart = badTokenStart(message, text, offset);
        if (tokenStart >= 0) {
            return tokenStart;
        }
        Matcher code = CHARACTER_CODE.matcher(message);
        if (code.find()) {
            int c = Integer.parseInt(code.group(1));
            for (int candidate : new int[]{offset, offset - 1, offset + 1}) {
                if (candidate >= 0 && candidate < text.length() && text.charAt(candidate) == c) {
                    return candidate;
                }
            }
        }
        return offset;
    }

    /**
     * Where the token a Jackson message names as unrecognised ({@code Unrecognized token 'tru'}) starts in
     * {@code text}, at or before {@code before} (Jackson places such an error after the token); -1 when the message
     * names no token or the text does not hold it there.
     */
    public static int badTokenStart(String message, String text, int before) {
        Matcher token = BAD_TOKEN.matcher(message == null ? "" : message);
        return token.find() ? text.lastIndexOf(token.group(1), before) : -1;
    }

    /** The UTF-16 index a location of Jackson's parse of a string stands at; {@code unknown} when it does not say. */
    public static int charOffset(JsonLocation location, int unknown) {
        if (location == null) {
            return unknown;
        }
        if (location.getCharOffset() >= 0) {
            return (int) location.getCharOffset();
        }
        return location.getColumnNr() > 0 ? location.getColumnNr() - 1 : unknown;
    }
}
