package io.ruleforge.esql.verify;

import io.ruleforge.esql.ast.DataType;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The columns GROK and DISSECT patterns add, with their types, read from the pattern text. */
final class PatternColumns {

    /** {@code %{SYNTAX:name}} or {@code %{SYNTAX:name:type}}; unnamed {@code %{SYNTAX}} captures nothing. */
    private static final Pattern GROK_NAMED = Pattern.compile("%\\{[A-Za-z0-9_]+:([^:}]+)(?::([A-Za-z]+))?}");
    /** Oniguruma named groups {@code (?<name>…)}. */
    private static final Pattern REGEX_NAMED = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9_.@]*)>");
    private static final Pattern DISSECT_KEY = Pattern.compile("%\\{([^}]*)}");

    private PatternColumns() {
    }

    static Map<String, DataType> grok(String pattern) {
        Map<String, DataType> columns = new LinkedHashMap<>();
        Matcher m = GROK_NAMED.matcher(pattern);
        while (m.find()) {
            String type = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
            columns.put(m.group(1), switch (type) {
                case "int" -> DataType.INTEGER;
                case "long" -> DataType.LONG;
                case "float", "double" -> DataType.DOUBLE;
                case "boolean" -> DataType.BOOLEAN;
                default -> DataType.KEYWORD;
            });
        }
        Matcher r = REGEX_NAMED.matcher(pattern);
        while (r.find()) {
            columns.putIfAbsent(r.group(1), DataType.KEYWORD);
        }
        return columns;
    }

    /**
     * Named keys become keyword columns; {@code %{}} and {@code %{?skipped}} do not, nor do {@code %{*key}} /
     * {@code %{&key}} pairs, whose column names come from the data.
     */
    static Map<String, DataType> dissect(String pattern) {
        Map<String, DataType> columns = new LinkedHashMap<>();
        Matcher m = DISSECT_KEY.matcher(pattern);
        while (m.find()) {
            String key = m.group(1);
            if (key.isEmpty() || key.startsWith("?") || key.startsWith("*") || key.startsWith("&")) {
                continue;
            }
            key = key.replaceFirst("^\\+", "").replaceFirst("->$", "").replaceFirst("/\\d+$", "");
            if (!key.isEmpty()) {
                columns.put(key, DataType.KEYWORD);
            }
        }
        return columns;
    }
}
