package io.ruleforge.ql;

import io.ruleforge.diag.QueryText;
import org.antlr.v4.runtime.Token;

import java.util.List;

/**
 * Turns a token-level problem into a positioned description, the same way for every query language: where (char
 * offset, line, code-point column; end of input at the query's length), what was expected (named by the
 * language's {@link TokenNames}) and what was found. The language words the sentence around it — Kibana's
 * {@code Expected … but … found.} for KQL, {@code unexpected …, expected …} for EQL.
 */
public final class SyntaxErrorDescriber {

    /** How the found token is shown. */
    public enum FoundStyle {
        /** Its first character, quoted with JavaScript escapes, as Kibana's peggy parser shows it: {@code "\""}. */
        FIRST_CHARACTER,
        /** The whole token text, quoted as is: {@code "=="}. */
        WHOLE_TOKEN
    }

    public static final String END_OF_INPUT = "end of input";
    private static final int MAX_EXPECTED_SHOWN = 12;

    /**
     * @param offset   0-based char index of the token (the query length for end of input)
     * @param line     1-based line
     * @param column   1-based column in code points
     * @param expected the expected tokens' names (may be empty)
     * @param found    the found token as shown, e.g. {@code ":"} or {@code end of input}
     */
    public record Description(int offset, int line, int column, List<String> expected, String found) {
        public Description {
            expected = List.copyOf(expected);
        }
    }

    private final QueryText source;
    private final TokenNames names;
    private final FoundStyle style;

    public SyntaxErrorDescriber(QueryText source, TokenNames names, FoundStyle style) {
        this.source = source;
        this.names = names;
        this.style = style;
    }

    /** The parser's first error, with the expected names from this describer's table. */
    public Description describe(FirstError error) {
        return describe(error, names);
    }

    /** The parser's first error, naming the expected tokens with another table (e.g. for a value-only position). */
    public Description describe(FirstError error, TokenNames tableHere) {
        return at(error.offending(), tableHere.names(error.expected()));
    }

    /** A problem at a token with the given expectation. */
    public Description at(Token token, List<String> expected) {
        int offset = offset(token);
        return new Description(offset, source.line(offset), source.column(offset), expected, found(token));
    }

    /** Char offset of a token in the query: the query's length for end of input. */
    public int offset(Token token) {
        return token.getType() == Token.EOF ? source.text().length() : source.charOffset(token.getStartIndex());
    }

    /** The token as shown in messages. */
    public String found(Token token) {
        if (token.getType() == Token.EOF) {
            return END_OF_INPUT;
        }
        if (style == FoundStyle.WHOLE_TOKEN) {
            return "\"" + token.getText() + "\"";
        }
        String text = token.getText();
        int first = text.isEmpty() ? ' ' : text.codePointAt(0);
        String shown = switch (first) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> new String(Character.toChars(first));
        };
        return "\"" + shown + "\"";
    }

    /**
     * The expected tokens as a message lists them: the one name, or {@code one of: a, b, …} with at most twelve
     * shown; empty when nothing is expected.
     */
    public static String oneOf(List<String> names) {
        if (names.isEmpty()) {
            return "";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        String shown = String.join(", ", names.subList(0, Math.min(MAX_EXPECTED_SHOWN, names.size())));
        return "one of: " + shown + (names.size() > MAX_EXPECTED_SHOWN ? ", …" : "");
    }
}
