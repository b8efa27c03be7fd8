package io.ruleforge.dsl;

import io.ruleforge.kql.KqlValue;

import java.util.regex.Pattern;

/** How Kibana renders a wildcard value or field name as text (KQL_SPEC §5.2). */
final class QueryStringText {

    /** Characters Kibana backslash-escapes for query_string (7.17.10+ / 8.6.2+ set; whitespace is not escaped). */
    private static final String QUERY_STRING_SPECIALS = "+-=&|><!(){}[]^\"~*?:\\/";

    /** Kibana's internal marker for an unescaped {@code *} inside a wildcard node value (leaks in 7.x ranges). */
    static final String WILDCARD_MARKER = "@kuery-wildcard@";

    private QueryStringText() {
    }

    /** Each text piece escaped for query_string, pieces joined with {@code *}. */
    static String escaped(KqlValue.Wildcard pattern) {
        StringBuilder out = new StringBuilder();
        for (KqlValue.Part part : pattern.parts()) {
            if (part instanceof KqlValue.Text text) {
                for (int i = 0; i < text.text().length(); i++) {
                    char c = text.text().charAt(i);
                    if (QUERY_STRING_SPECIALS.indexOf(c) >= 0) {
                        out.append('\\');
                    }
                    out.append(c);
                }
            } else {
                out.append('*');
            }
        }
        return out.toString();
    }

    /** The pattern with {@code *} for each wildcard and nothing escaped. */
    static String raw(KqlValue.Wildcard pattern) {
        return joined(pattern, "*");
    }

    /** The value of Kibana's wildcard node, marker included. */
    static String withMarkers(KqlValue.Wildcard pattern) {
        return joined(pattern, WILDCARD_MARKER);
    }

    /** Anchored regex matching field names, {@code *} matching anything including dots and line breaks. */
    static Pattern fieldNamePattern(String prefix, KqlValue.Wildcard pattern) {
        StringBuilder regex = new StringBuilder(Pattern.quote(prefix));
        for (KqlValue.Part part : pattern.parts()) {
            regex.append(part instanceof KqlValue.Text text ? Pattern.quote(text.text()) : "[\\s\\S]*");
        }
        return Pattern.compile(regex.toString());
    }

    private static String joined(KqlValue.Wildcard pattern, String star) {
        StringBuilder out = new StringBuilder();
        for (KqlValue.Part part : pattern.parts()) {
            out.append(part instanceof KqlValue.Text text ? text.text() : star);
        }
        return out.toString();
    }
}
