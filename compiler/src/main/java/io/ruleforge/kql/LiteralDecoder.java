package io.ruleforge.kql;

import io.ruleforge.ql.SourceSpan;

import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;

/** Escape processing, trimming and typing of KQL literals (KQL_SPEC §2), per Kibana version. */
final class LiteralDecoder {

    private final KibanaVersion version;

    LiteralDecoder(KibanaVersion version) {
        this.version = version;
    }

    /**
     * A double-quoted string, quotes included. {@code \"}, {@code \\}, {@code \t \r \n} and (8.x only)
     * {@code \}{@code uXXXX} are escapes; any other backslash is kept literally.
     */
    KqlValue quoted(String raw, SourceSpan span) {
        String body = raw.substring(1, raw.length() - 1);
        StringBuilder out = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                out.append(c);
                continue;
            }
            char next = body.charAt(i + 1);
            switch (next) {
                case '"', '\\' -> { out.append(next); i++; }
                case 't' -> { out.append('\t'); i++; }
                case 'r' -> { out.append('\r'); i++; }
                case 'n' -> { out.append('\n'); i++; }
                case 'u' -> {
                    if (version.atLeast(KibanaVersion.V8_9) && isHex4(body, i + 2)) {
                        out.append((char) Integer.parseInt(body.substring(i + 2, i + 6), 16));
                        i += 5;
                    } else {
                        out.append(c); // 7.x keeps "\u0041" as six characters
                    }
                }
                default -> out.append(c);
            }
        }
        return new KqlValue.Literal(out.toString(), true, span);
    }

    /**
     * An unquoted term from its tokens: escapes resolved, unescaped {@code *} as wildcards, then trimmed as
     * JavaScript's {@code String.trim} does; exactly {@code true}/{@code false}/{@code null} become typed literals.
     */
    KqlValue unquoted(List<Token> tokens, SourceSpan span) {
        List<KqlValue.Part> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Token token : tokens) {
            switch (token.getType()) {
                case KqlGrammarLexer.STAR -> {
                    if (!text.isEmpty()) {
                        parts.add(new KqlValue.Text(text.toString()));
                        text.setLength(0);
                    }
                    parts.add(new KqlValue.Star());
                }
                case KqlGrammarLexer.ESCAPE -> text.append(unescape(token.getText()));
                default -> text.append(token.getText());
            }
        }
        if (!text.isEmpty()) {
            parts.add(new KqlValue.Text(text.toString()));
        }
        trim(parts);
        if (hasStar(parts)) {
            return new KqlValue.Wildcard(parts, span);
        }
        String value = parts.isEmpty() ? "" : ((KqlValue.Text) parts.get(0)).text();
        return switch (value) {
            case "true" -> new KqlValue.Literal(Boolean.TRUE, false, span);
            case "false" -> new KqlValue.Literal(Boolean.FALSE, false, span);
            case "null" -> new KqlValue.Literal(null, false, span);
            default -> new KqlValue.Literal(value, false, span);
        };
    }

    private static boolean hasStar(List<KqlValue.Part> parts) {
        for (KqlValue.Part part : parts) {
            if (part instanceof KqlValue.Star) {
                return true;
            }
        }
        return false;
    }

    /** {@code \x} as lexed by the ESCAPE token: a special character, t/r/n, uXXXX or an escaped keyword. */
    private static String unescape(String escape) {
        String body = escape.substring(1);
        if (body.length() == 1) {
            return switch (body.charAt(0)) {
                case 't' -> "\t";
                case 'r' -> "\r";
                case 'n' -> "\n";
                default -> body;
            };
        }
        if (body.length() == 5 && (body.charAt(0) == 'u') && isHex4(body, 1)) {
            return String.valueOf((char) Integer.parseInt(body.substring(1), 16));
        }
        return body; // \and, \or, \not in the letter case written
    }

    private static void trim(List<KqlValue.Part> parts) {
        if (!parts.isEmpty() && parts.get(0) instanceof KqlValue.Text first) {
            String t = stripLeading(first.text());
            replaceOrDrop(parts, 0, t);
        }
        int last = parts.size() - 1;
        if (last >= 0 && parts.get(last) instanceof KqlValue.Text lastText) {
            String t = stripTrailing(lastText.text());
            replaceOrDrop(parts, last, t);
        }
    }

    private static void replaceOrDrop(List<KqlValue.Part> parts, int index, String text) {
        if (text.isEmpty()) {
            parts.remove(index);
        } else {
            parts.set(index, new KqlValue.Text(text));
        }
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && isJsWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && isJsWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** The characters JavaScript's {@code String.prototype.trim} removes (WhiteSpace and LineTerminator). */
    static boolean isJsWhitespace(char c) {
        return switch (c) {
            case '\t', '\n', '\u000B', '\f', '\r', ' ', '\u00A0', '\u1680', '\u2028', '\u2029', '\u202F', '\u205F',
                 '\u3000', '\uFEFF' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }

    private static boolean isHex4(String s, int from) {
        if (from + 4 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 4; i++) {
            char c = s.charAt(i);
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }
}
