package io.ruleforge.harness;

/**
 * The verdict of one clause: whether it matched, where it sits ({@code bool.filter[1].bool.should[0]}, empty
 * for the root) and a short reason.
 */
record Outcome(boolean matched, String path, String detail) {

    Outcome at(String otherPath) {
        return new Outcome(matched, otherPath, detail);
    }

    String explanation(String rootName) {
        return oneLine((path.isEmpty() ? rootName : path) + ": " + detail);
    }

    private static final int MAX_LINE = 400;

    /** Explanations and errors are single log lines: line breaks escaped, long values cut. */
    static String oneLine(String text) {
        String flat = text.replace("\r", "\\r").replace("\n", "\\n");
        return flat.length() <= MAX_LINE ? flat : flat.substring(0, MAX_LINE - 1) + "…";
    }

    /** The path of a child clause below {@code where}. */
    static String child(String where, String step) {
        return where.isEmpty() ? step : where + "." + step;
    }
}
