package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DISSECT command's pattern, with Elasticsearch's dissect semantics: {@code %{name}} takes the text up to the
 * next delimiter, {@code %{}} and {@code %{?name}} skip it, {@code %{name->}} also skips repeats of the delimiter
 * after it, {@code %{+name}} (ordered by {@code %{+name/2}}) appends to name with the APPEND_SEPARATOR. The last key
 * takes the rest of the input. Every added column is keyword; all are null when the input does not match.
 */
public final class DissectPattern {

    private static final Pattern KEY = Pattern.compile("%\\{([^}]*)}");

    private record Key(String name, boolean skip, boolean append, int order, boolean rightPadding) {
    }

    private final String leading;
    private final List<Key> keys;
    private final List<String> delimiters; // the delimiter after each key ("" after the last)
    private final List<String> columns;
    private final String appendSeparator;

    private DissectPattern(String leading, List<Key> keys, List<String> delimiters, List<String> columns, String appendSeparator) {
        this.leading = leading;
        this.keys = keys;
        this.delimiters = delimiters;
        this.columns = columns;
        this.appendSeparator = appendSeparator;
    }

    /** Compiles a pattern; an IllegalArgumentException says what is wrong with it. */
    public static DissectPattern compile(String pattern, String appendSeparator) {
        Matcher m = KEY.matcher(pattern);
        List<Key> keys = new ArrayList<>();
        List<String> delimiters = new ArrayList<>();
        String leading = null;
        int last = 0;
        List<String> columns = new ArrayList<>();
        while (m.find()) {
            String between = pattern.substring(last, m.start());
            if (leading == null) {
                leading = between;
            } else {
                if (between.isEmpty()) {
                    throw new IllegalArgumentException("Invalid DISSECT pattern [" + pattern + "]: keys must be separated by a delimiter");
                }
                delimiters.add(between);
            }
            Key key = key(m.group(1), pattern);
            keys.add(key);
            if (!key.skip() && !columns.contains(key.name())) {
                columns.add(key.name());
            }
            last = m.end();
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("Invalid DISSECT pattern [" + pattern + "]: it has no keys");
        }
        delimiters.add(pattern.substring(last));
        return new DissectPattern(leading, keys, delimiters, columns, appendSeparator == null ? "" : appendSeparator);
    }

    private static Key key(String text, String pattern) {
        String k = text;
        boolean padding = k.endsWith("->");
        if (padding) {
            k = k.substring(0, k.length() - 2);
        }
        boolean skip = k.isEmpty() || k.startsWith("?");
        boolean append = k.startsWith("+");
        if (k.startsWith("*") || k.startsWith("&")) {
            throw new IllegalArgumentException("Invalid DISSECT pattern [" + pattern + "]: reference keys (" + text
                    + ") are not supported");
        }
        if (skip && !k.isEmpty() || append) {
            k = k.substring(1);
        }
        int order = 0;
        int slash = k.lastIndexOf('/');
        if (append && slash > 0) {
            try {
                order = Integer.parseInt(k.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid DISSECT pattern [" + pattern + "]: bad append order in " + text);
            }
            k = k.substring(0, slash);
        }
        return new Key(k, skip, append, order, padding);
    }

    public List<String> columns() {
        return columns;
    }

    /** The cells for each column, in {@link #columns()} order. */
    public List<Object> apply(String input) {
        Map<String, Object> values = match(input);
        List<Object> out = new ArrayList<>();
        for (String c : columns) {
            out.add(values == null ? null : values.get(c));
        }
        return out;
    }

    private Map<String, Object> match(String input) {
        if (!input.startsWith(leading)) {
            return null;
        }
        int at = leading.length();
        Map<String, String> plain = new LinkedHashMap<>();
        Map<String, TreeMap<Integer, List<String>>> appended = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            Key key = keys.get(i);
            String delimiter = delimiters.get(i);
            String value;
            if (i == keys.size() - 1) {
                if (!delimiter.isEmpty()) {
                    int end = input.indexOf(delimiter, at);
                    if (end < 0) {
                        return null;
                    }
                    value = input.substring(at, end);
                    at = end + delimiter.length();
                    while (key.rightPadding() && input.startsWith(delimiter, at)) {
                        at += delimiter.length();
                    }
                } else {
                    value = input.substring(at);
                    at = input.length();
                }
            } else {
                int end = input.indexOf(delimiter, at);
                if (end < 0) {
                    return null;
                }
                value = input.substring(at, end);
                at = end + delimiter.length();
                while (key.rightPadding() && input.startsWith(delimiter, at)) {
                    at += delimiter.length();
                }
            }
            if (key.skip()) {
                continue;
            }
            if (key.append()) {
                appended.computeIfAbsent(key.name(), n -> new TreeMap<>()).computeIfAbsent(key.order(), o -> new ArrayList<>()).add(value);
            } else {
                plain.put(key.name(), value);
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(plain);
        appended.forEach((name, parts) -> {
            List<String> all = new ArrayList<>();
            if (plain.containsKey(name)) {
                all.add(plain.get(name));
            }
            parts.values().forEach(all::addAll);
            out.put(name, String.join(appendSeparator, all));
        });
        return out;
    }
}
