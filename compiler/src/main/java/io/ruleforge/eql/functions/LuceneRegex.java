package io.ruleforge.eql.functions;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Translates the Lucene regular-expression syntax that Elasticsearch's {@code regexp} query (and so EQL's
 * {@code regex}) uses into a {@link java.util.regex.Pattern} matched against the whole value. Lucene differs from
 * Java: there are no anchors ({@code ^ $} are literals), {@code .} also matches newlines, {@code "…"} quotes a
 * literal, {@code @} is any string, {@code #} the empty language, {@code <n-m>} a numeric interval. Complement
 * {@code ~} and intersection {@code &} have no Java equivalent and are refused.
 */
public final class LuceneRegex {

    /** The numeric-interval operator is expanded into alternatives only up to this many values. */
    private static final int MAX_INTERVAL_VALUES = 10_000;

    private LuceneRegex() {
    }

    /** @throws IllegalArgumentException when the pattern is invalid or uses complement/intersection */
    public static Pattern compile(String lucene, boolean caseInsensitive) {
        String java = translate(lucene, caseInsensitive);
        try {
            return Pattern.compile(java, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression: " + e.getDescription(), e);
        }
    }

    static String translate(String s) {
        return translate(s, false);
    }

    /**
     * @param caseInsensitive Lucene's {@code ASCII_CASE_INSENSITIVE}, which Elasticsearch's {@code case_insensitive}
     *                        sets: a literal ASCII letter (written, escaped or quoted) matches either case; a character
     *                        class or range does not fold ({@code [A-Z]} still matches capitals only), nor does any
     *                        other letter
     */
    static String translate(String s, boolean caseInsensitive) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= s.length()) {
                        throw new IllegalArgumentException("invalid regular expression: trailing backslash");
                    }
                    char e = s.charAt(i + 1);
                    // Lucene 9 knows the shorthand classes; any other escaped character is itself
                    out.append("dDsSwW".indexOf(e) >= 0 ? "\\" + e : literal(String.valueOf(e), caseInsensitive));
                    i += 2;
                }
                case '"' -> {
                    int close = s.indexOf('"', i + 1);
                    if (close < 0) {
                        throw new IllegalArgumentException("invalid regular expression: unterminated \"");
                    }
                    out.append(literal(s.substring(i + 1, close), caseInsensitive));
                    i = close + 1;
                }
                case '[' -> i = charClass(s, i, out);
                case '@' -> { out.append("(?:.*)"); i++; }
                case '#' -> { out.append("(?!)"); i++; }
                case '<' -> i = interval(s, i, out);
                case '~', '&' -> throw new IllegalArgumentException(
                        "regular expression operator " + c + " (complement/intersection) is not supported here");
                case '{' -> i = repetition(s, i, out);
                case '.', '(', ')', '|', '*', '+', '?' -> { out.append(c); i++; }
                default -> { out.append(literal(String.valueOf(c), caseInsensitive)); i++; }
            }
        }
        return out.toString();
    }

    /** Literal text; with ASCII case folding, each ASCII letter as the class of its two cases. */
    private static String literal(String text, boolean caseInsensitive) {
        if (!caseInsensitive) {
            return Pattern.quote(text);
        }
        StringBuilder out = new StringBuilder();
        int run = 0; // start of the text not yet written, quoted as one piece (a surrogate pair stays whole)
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && Character.isLetter(c)) {
                if (run < i) {
                    out.append(Pattern.quote(text.substring(run, i)));
                }
                out.append('[').append(Character.toLowerCase(c)).append(Character.toUpperCase(c)).append(']');
                run = i + 1;
            }
        }
        if (run < text.length()) {
            out.append(Pattern.quote(text.substring(run)));
        }
        return out.toString();
    }

    private static int charClass(String s, int open, StringBuilder out) {
        StringBuilder cls = new StringBuilder("[");
        int i = open + 1;
        if (i < s.length() && s.charAt(i) == '^') {
            cls.append('^');
            i++;
        }
        boolean first = true;
        while (i < s.length() && (s.charAt(i) != ']' || first)) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cls.append('\\').append(s.charAt(i + 1));
                i += 2;
            } else {
                // characters that are special inside a Java class but literal in Lucene's
                if (c == '[' || c == '&' || c == ']' || c == '^') {
                    cls.append('\\');
                }
                cls.append(c);
                i++;
            }
            first = false;
        }
        if (i >= s.length()) {
            throw new IllegalArgumentException("invalid regular expression: unterminated [");
        }
        out.append(cls).append(']');
        return i + 1;
    }

    /** {@code {n}}, {@code {n,}}, {@code {n,m}} are bounded repetition in both dialects; any other brace is literal. */
    private static int repetition(String s, int open, StringBuilder out) {
        int close = s.indexOf('}', open);
        if (close > open && s.substring(open + 1, close).matches("\\d+(,\\d*)?")) {
            out.append(s, open, close + 1);
            return close + 1;
        }
        out.append(Pattern.quote("{"));
        return open + 1;
    }

    private static int interval(String s, int open, StringBuilder out) {
        int close = s.indexOf('>', open);
        String body = close < 0 ? "" : s.substring(open + 1, close);
        int dash = body.indexOf('-');
        if (close < 0 || dash <= 0 || !body.substring(0, dash).chars().allMatch(Character::isDigit)
                || !body.substring(dash + 1).chars().allMatch(Character::isDigit) || dash == body.length() - 1) {
            out.append(Pattern.quote("<"));
            return open + 1;
        }
        long from = Long.parseLong(body.substring(0, dash));
        long to = Long.parseLong(body.substring(dash + 1));
        if (from > to) {
            long t = from;
            from = to;
            to = t;
        }
        if (to - from > MAX_INTERVAL_VALUES) {
            throw new IllegalArgumentException("numeric interval <" + body + "> is too wide to evaluate here");
        }
        StringBuilder alt = new StringBuilder("(?:0*(?:");
        for (long n = from; n <= to; n++) {
            alt.append(n == from ? "" : "|").append(n);
        }
        out.append(alt).append("))");
        return close + 1;
    }
}
