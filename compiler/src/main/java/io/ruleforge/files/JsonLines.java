package io.ruleforge.files;

/**
 * How a line of NDJSON (one event per line) is refused when something follows its value: the fixture loader and
 * replay's events reader say it alike. Anything after the value would never be read, so it is an error, not skipped.
 */
public final class JsonLines {

    private JsonLines() {
    }

    /** The message for {@code rest}, the non-blank text after the line's value. */
    public static String afterValue(String rest) {
        String trimmed = rest.strip();
        return "expected one event per line, found " + (trimmed.startsWith("{") || trimmed.startsWith("[")
                ? "a second JSON value after the first (put each event on its own line)"
                : "'" + (trimmed.length() <= 40 ? trimmed : trimmed.substring(0, 39) + "…") + "' after the event");
    }
}
