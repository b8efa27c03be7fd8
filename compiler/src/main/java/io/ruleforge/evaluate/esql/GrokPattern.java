package io.ruleforge.evaluate.esql;

import io.ruleforge.esql.ast.DataType;

import io.krakens.grok.api.Grok;
import io.krakens.grok.api.GrokCompiler;
import io.krakens.grok.api.Match;
import io.krakens.grok.api.exception.GrokException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A GROK command's pattern: the columns it adds ({@code %{SYNTAX:name}} is keyword, {@code %{SYNTAX:name:int}}
 * integer, {@code :long} long, {@code :float}/{@code :double} double, {@code :boolean} boolean; a name used twice is
 * multi-valued), in the order they appear, and their values for one input string — all null when the pattern does
 * not match. Matching is java-grok's with its built-in (Logstash legacy) pattern bank, which Elasticsearch's
 * non-ECS bank also is.
 */
public final class GrokPattern {

    private static final Pattern CAPTURE = Pattern.compile("%\\{(\\w+)(?::([\\w.@\\[\\]-]+))?(?::(\\w+))?}|\\(\\?<([^>]+)>");

    private final Grok grok;
    private final Map<String, DataType> columns;

    private GrokPattern(Grok grok, Map<String, DataType> columns) {
        this.grok = grok;
        this.columns = columns;
    }

    /**
     * A compiler with java-grok's bank plus the e-mail patterns Elasticsearch's legacy bank has and java-grok's lacks;
     * one per GROK command, since raw named groups are registered on it as patterns of their own.
     */
    private static GrokCompiler compiler() {
        GrokCompiler c = GrokCompiler.newInstance();
        c.registerDefaultPatterns();
        c.register("EMAILLOCALPART", "[a-zA-Z][a-zA-Z0-9_.+-=:]+");
        c.register("EMAILADDRESS", "%{EMAILLOCALPART}@%{HOSTNAME}");
        return c;
    }

    /**
     * Rewrites each raw named group {@code (?<emp_no>regex)} as {@code %{RULEFORGE_RAW_n:emp_no}} with the regex
     * registered under that name: Java group names cannot hold the underscores and dots field names have.
     */
    private static String rawGroupsAsPatterns(String pattern, GrokCompiler compiler) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int n = 0;
        while (i < pattern.length()) {
            int start = pattern.indexOf("(?<", i);
            if (start < 0 || start + 3 < pattern.length() && (pattern.charAt(start + 3) == '=' || pattern.charAt(start + 3) == '!')) {
                if (start < 0) {
                    out.append(pattern, i, pattern.length());
                    break;
                }
                out.append(pattern, i, start + 3);
                i = start + 3;
                continue;
            }
            int nameEnd = pattern.indexOf('>', start);
            if (nameEnd < 0) {
                throw new IllegalArgumentException("a named group (?<name>…) is not closed");
            }
            int depth = 1;
            int j = nameEnd + 1;
            boolean inClass = false;
            for (; j < pattern.length() && depth > 0; j++) {
                char c = pattern.charAt(j);
                if (c == '\\') {
                    j++;
                } else if (c == '[') {
                    inClass = true;
                } else if (c == ']') {
                    inClass = false;
                } else if (!inClass && c == '(') {
                    depth++;
                } else if (!inClass && c == ')') {
                    depth--;
                }
            }
            if (depth > 0) {
                throw new IllegalArgumentException("a named group (?<name>…) is not closed");
            }
            String name = "RULEFORGE_RAW_" + n++;
            compiler.register(name, pattern.substring(nameEnd + 1, j - 1));
            out.append(pattern, i, start).append("%{").append(name).append(':').append(pattern, start + 3, nameEnd).append('}');
            i = j;
        }
        return out.toString();
    }

    /** Compiles a pattern; an IllegalArgumentException says what is wrong with it. */
    public static GrokPattern compile(String pattern) {
        Map<String, DataType> columns = new LinkedHashMap<>();
        Matcher m = CAPTURE.matcher(pattern);
        while (m.find()) {
            String name = m.group(4) != null ? m.group(4) : m.group(2);
            if (name == null) {
                continue;
            }
            DataType type = m.group(3) == null ? DataType.KEYWORD : switch (m.group(3)) {
                case "int" -> DataType.INTEGER;
                case "long" -> DataType.LONG;
                case "float", "double" -> DataType.DOUBLE;
                case "boolean" -> DataType.BOOLEAN;
                default -> DataType.KEYWORD;
            };
            DataType previous = columns.putIfAbsent(name, type);
            if (previous != null && previous != type) {
                throw new IllegalArgumentException("Invalid GROK pattern [" + pattern + "]: the attribute [" + name
                        + "] is defined multiple times with different types");
            }
        }
        try {
            // java-grok's own type conversion is not used: values are converted to the ES|QL column type below
            GrokCompiler compiler = compiler();
            String untyped = CAPTURE.matcher(pattern).replaceAll(r -> r.group(4) != null
                    ? Matcher.quoteReplacement(r.group()) : Matcher.quoteReplacement("%{" + r.group(1)
                    + (r.group(2) == null ? "" : ":" + r.group(2)) + "}"));
            return new GrokPattern(compiler.compile(rawGroupsAsPatterns(untyped, compiler), true), columns);
        } catch (GrokException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid GROK pattern [" + pattern + "]: " + e.getMessage());
        }
    }

    /** The columns added, name to type, in pattern order. */
    public Map<String, DataType> columns() {
        return columns;
    }

    /** The cells for each column, in {@link #columns()} order. */
    public List<Object> apply(String input) {
        Match match = grok.match(input);
        Map<String, Object> captured = match.isNull() ? Map.of() : match.capture();
        List<Object> out = new ArrayList<>();
        for (Map.Entry<String, DataType> column : columns.entrySet()) {
            Object raw = captured.get(column.getKey());
            List<Object> cells = new ArrayList<>();
            for (Object v : raw instanceof List<?> many ? many : raw == null ? List.of() : List.of(raw)) {
                if (v != null) {
                    Values.parse(v.toString(), column.getValue()).ifPresent(cells::add);
                }
            }
            out.add(Values.cell(cells));
        }
        return out;
    }
}
