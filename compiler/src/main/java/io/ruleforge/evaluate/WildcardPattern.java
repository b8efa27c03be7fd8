package io.ruleforge.evaluate;

import java.util.regex.Pattern;

/**
 * A Lucene wildcard pattern: {@code *} any sequence, {@code ?} any one character, {@code \} makes the next
 * character literal. Matches a whole indexed term, never a substring of it.
 */
record WildcardPattern(String source, Pattern regex) {

    static WildcardPattern compile(String pattern, boolean caseInsensitive) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        int[] cps = pattern.codePoints().toArray();
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == '\\' && i + 1 < cps.length) {
                literal.appendCodePoint(cps[++i]);
            } else if (c == '*' || c == '?') {
                flush(literal, re);
                re.append(c == '*' ? ".*" : ".");
            } else {
                literal.appendCodePoint(c);
            }
        }
        flush(literal, re);
        // case_insensitive folds ASCII letters only, as Elasticsearch does (AsciiCase)
        int flags = Pattern.DOTALL | (caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
        return new WildcardPattern(pattern, Pattern.compile(re.toString(), flags));
    }

    /** True when the text has an unescaped {@code *} or {@code ?}. */
    static boolean hasWildcard(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '*' || c == '?') {
                return true;
            }
        }
        return false;
    }

    /** The text with escapes removed, for terms without wildcards. */
    static String unescape(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                c = text.charAt(++i);
            }
            sb.append(c);
        }
        return sb.toString();
    }

    boolean matches(String term) {
        return regex.matcher(term).matches();
    }

    private static void flush(StringBuilder literal, StringBuilder re) {
        if (!literal.isEmpty()) {
            re.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }
}
