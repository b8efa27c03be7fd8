package io.ruleforge.eql;

import io.ruleforge.ql.SourceSpan;

/**
 * Decodes EQL string literals (EQL_SPEC §1.1): {@code "…"} with the escapes {@code \n \r \t \\ \"} and unicode
 * (2–8 hex digits in braces), and raw {@code """…"""}. Single-quoted and {@code ?"…"} strings are
 * recognised only to be rejected, as Elasticsearch does.
 */
final class StringLiterals {

    private StringLiterals() {
    }

    /**
     * The value of a string token, read in place from the query (no copy of the token's text first: every string of
     * every query comes through here).
     *
     * @param query the whole query text
     * @param start char offset of the token's opening quote
     * @param end   char offset just past its closing quote
     */
    static String decode(String query, int start, int end) {
        if (query.charAt(start) == '?') {
            throw new EqlSyntaxException(new SourceSpan(start, end),
                    "?\"...\" and ?'...' strings are not supported; use \"\"\"...\"\"\" for a raw string");
        }
        if (query.charAt(start) == '\'') {
            throw new EqlSyntaxException(new SourceSpan(start, end),
                    "single quoted strings are not supported; use double quotes \"...\" or triple quotes \"\"\"...\"\"\"");
        }
        if (query.startsWith("\"\"\"", start) && end - start >= 6) {
            return query.substring(start + 3, end - 3);
        }
        return unescape(query.substring(start + 1, end - 1), start + 1);
    }

    private static String unescape(String body, int bodyStart) {
        int backslash = body.indexOf('\\');
        if (backslash < 0) {
            return body;
        }
        // copied in runs between escapes: Windows paths have one every few characters
        StringBuilder out = new StringBuilder(body.length());
        int from = 0;
        while (backslash >= 0) {
            out.append(body, from, backslash);
            // the lexer guarantees a character after every backslash
            int i = backslash + 1;
            char e = body.charAt(i);
            switch (e) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case '\\' -> out.append('\\');
                case '"' -> out.append('"');
                // Elasticsearch's lexer also admits these three. The docs call \' unusable, but a shipped prebuilt
                // rule (execution_windows_powershell_susp_args) relies on it, so Elasticsearch accepts it.
                case '\'' -> out.append('\'');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> i = unicodeEscape(body, i, bodyStart, out);
                default -> throw new EqlSyntaxException(new SourceSpan(bodyStart + i - 1, bodyStart + i + 1),
                        "illegal escape sequence \\" + e + " (supported: \\n \\r \\t \\\\ \\\" \\' \\b \\f \\u{hex})");
            }
            from = i + 1;
            backslash = body.indexOf('\\', from);
        }
        out.append(body, from, body.length());
        return out.toString();
    }

    /** Appends the code point of {@code \\u{hex}} starting at the {@code u}; returns the index of the closing brace. */
    private static int unicodeEscape(String body, int u, int bodyStart, StringBuilder out) {
        int close = body.indexOf('}', u);
        SourceSpan span = new SourceSpan(bodyStart + u - 1, bodyStart + (close < 0 ? body.length() : close + 1));
        if (u + 1 >= body.length() || body.charAt(u + 1) != '{' || close < 0) {
            throw new EqlSyntaxException(span, "unicode escapes are written \\u{XXXX} with 2 to 8 hex digits");
        }
        String hex = body.substring(u + 2, close);
        if (hex.length() < 2 || hex.length() > 8 || !hex.chars().allMatch(ch -> Character.digit(ch, 16) >= 0)) {
            throw new EqlSyntaxException(span, "unicode escapes are written \\u{XXXX} with 2 to 8 hex digits");
        }
        long codePoint = Long.parseLong(hex, 16);
        if (codePoint > Character.MAX_CODE_POINT || (codePoint >= 0xD800 && codePoint <= 0xDFFF)) {
            throw new EqlSyntaxException(span, "\\u{" + hex + "} is not a valid unicode code point");
        }
        out.appendCodePoint((int) codePoint);
        return close;
    }
}
