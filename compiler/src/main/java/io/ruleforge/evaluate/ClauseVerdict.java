package io.ruleforge.evaluate;

import java.util.List;
import java.util.Optional;

/**
 * The verdict of one clause: whether it matched, where it sits ({@code bool.filter[1].bool.should[0]}, empty
 * for the root) and a short reason; for a leaf that found its field but not the value it wants, also that
 * {@link Miss} in pieces, so that a value list ({@code process.name:(a or b)}, a should of such leaves) can be
 * explained as one: the field, the values wanted, the event's values and why they differ.
 */
record ClauseVerdict(boolean matched, String path, String detail, Optional<Miss> miss) {

    ClauseVerdict(boolean matched, String path, String detail) {
        this(matched, path, detail, Optional.empty());
    }

    /**
     * A leaf on a field the event has, none of whose values is the wanted one.
     *
     * @param field     the field the query names
     * @param verb      how the value is compared: {@code equals}, {@code matches wildcard}, …
     * @param wanted    the query's value as rendered in explanations
     * @param seen      the event's values of the field, rendered
     * @param caseOnly  empty, or how an event value differs from the wanted one only in case (on a case-sensitive
     *                  keyword field the usual reason a fixture surprises its author)
     */
    record Miss(String field, String verb, String wanted, List<String> seen, String caseOnly) {

        Miss {
            seen = List.copyOf(seen);
        }

        /** What the leaf says on its own: {@code no value of f equals "x" (f: "X"; …)}. */
        String detail() {
            return "no value of " + field + " " + verb + " " + wanted + evidence(field, seen, caseOnly);
        }
    }

    private static final int MAX_SHOWN_VALUES = 5;

    /** The event's values and, when that is the reason, that they differ only in case. */
    static String evidence(String field, List<String> seen, String caseOnly) {
        String values = String.join(", ", seen.subList(0, Math.min(seen.size(), MAX_SHOWN_VALUES)))
                + (seen.size() > MAX_SHOWN_VALUES ? ", … (" + seen.size() + " values)" : "");
        return " (" + field + ": " + values + (caseOnly.isEmpty() ? ""
                : "; keyword values are compared case-sensitively, and " + caseOnly) + ")";
    }

    static ClauseVerdict miss(String where, Miss miss) {
        return new ClauseVerdict(false, where, miss.detail(), Optional.of(miss));
    }

    ClauseVerdict at(String otherPath) {
        return new ClauseVerdict(matched, otherPath, detail, miss);
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
