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
        return (path.isEmpty() ? rootName : path) + ": " + detail;
    }

    /** The path of a child clause below {@code where}. */
    static String child(String where, String step) {
        return where.isEmpty() ? step : where + "." + step;
    }
}
