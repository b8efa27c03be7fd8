package io.ruleforge.eql.functions;

import java.util.List;
import java.util.Locale;

/**
 * The string functions of Elasticsearch EQL. Case-insensitive variants ({@code fn~}) compare lower-cased text;
 * a null argument gives null.
 */
final class StringFunctions {

    private StringFunctions() {
    }

    /** How EQL turns a value into text: Java's notation for numbers, true/false for booleans. */
    static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String fold(String s, boolean caseInsensitive) {
        return caseInsensitive ? s.toLowerCase(Locale.ROOT) : s;
    }

    static Object between(List<Object> args, boolean ci) {
        String source = args.get(0) instanceof String s ? s : null;
        String left = args.get(1) instanceof String s ? s : null;
        String right = args.get(2) instanceof String s ? s : null;
        if (source == null || left == null || right == null) {
            return null;
        }
        boolean greedy = args.size() > 3 && Boolean.TRUE.equals(args.get(3));
        String haystack = fold(source, ci);
        int start = haystack.indexOf(fold(left, ci));
        if (start < 0) {
            return "";
        }
        start += left.length();
        String r = fold(right, ci);
        int end = greedy ? haystack.lastIndexOf(r) : haystack.indexOf(r, start);
        if (end < start) {
            return "";
        }
        return source.substring(start, end);
    }

    static Object concat(List<Object> args) {
        StringBuilder out = new StringBuilder();
        for (Object a : args) {
            if (a == null) {
                return null;
            }
            out.append(text(a));
        }
        return out.toString();
    }

    static Object endsWith(List<Object> args, boolean ci) {
        if (!(args.get(0) instanceof String s) || !(args.get(1) instanceof String p)) {
            return null;
        }
        return fold(s, ci).endsWith(fold(p, ci));
    }

    static Object startsWith(List<Object> args, boolean ci) {
        if (!(args.get(0) instanceof String s) || !(args.get(1) instanceof String p)) {
            return null;
        }
        return fold(s, ci).startsWith(fold(p, ci));
    }

    static Object stringContains(List<Object> args, boolean ci) {
        if (!(args.get(0) instanceof String s) || !(args.get(1) instanceof String p)) {
            return null;
        }
        return fold(s, ci).contains(fold(p, ci));
    }

    /** First 0-based position at or after start; null when absent or start is past the end. */
    static Object indexOf(List<Object> args, boolean ci) {
        if (!(args.get(0) instanceof String s) || !(args.get(1) instanceof String p)) {
            return null;
        }
        long start = 0;
        // a null start means "from the beginning", like an omitted one; negative starts clamp to 0
        if (args.size() > 2 && args.get(2) instanceof Number n) {
            start = Math.max(0, n.longValue());
        }
        if (start > s.length()) {
            return null;
        }
        int found = fold(s, ci).indexOf(fold(p, ci), (int) start);
        return found < 0 ? null : (Object) (long) found;
    }

    static Object length(List<Object> args) {
        return args.get(0) instanceof String s ? (Object) (long) s.length() : null;
    }

    static Object string(List<Object> args) {
        return text(args.get(0));
    }

    /** Python slice semantics: negative positions count from the end, out-of-range positions are clamped. */
    static Object substring(List<Object> args) {
        if (!(args.get(0) instanceof String s) || !(args.get(1) instanceof Number startArg)) {
            return null;
        }
        int length = s.length();
        long start = startArg.longValue();
        long end = length;
        if (args.size() > 2 && args.get(2) != null) {
            if (!(args.get(2) instanceof Number endArg)) {
                return null;
            }
            end = endArg.longValue();
        }
        start = clamp(start < 0 ? start + length : start, length);
        end = clamp(end < 0 ? end + length : end, length);
        return start >= end ? "" : s.substring((int) start, (int) end);
    }

    private static long clamp(long position, int length) {
        return Math.max(0, Math.min(position, length));
    }
}
