package io.ruleforge.kql;

import io.ruleforge.diag.QueryText;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns ANTLR's view of the first error (offending token, expected token set) into a positioned
 * {@link KqlSyntaxError} with a Kibana-style message: {@code Expected "(", field name, value but end of input found.}
 */
final class SyntaxErrorDescriber {

    private static final String END_OF_INPUT = "end of input";

    private final QueryText source;

    SyntaxErrorDescriber(QueryText source) {
        this.source = source;
    }

    KqlSyntaxError describe(Parser parser, RecognitionException cause) {
        Token offending = cause != null && cause.getOffendingToken() != null
                ? cause.getOffendingToken() : parser.getCurrentToken();
        IntervalSet expectedTokens = expectedTokens(parser, cause);
        RuleContext ctx = cause != null && cause.getCtx() != null ? cause.getCtx() : parser.getContext();
        String expected = describeExpected(expectedTokens, insideFieldSuffix(ctx));

        // an unterminated string (UNTERMINATED_QUOTED) is reported at its opening quote, as Kibana does
        int offset = offending.getType() == Token.EOF
                ? source.text().length() : source.charOffset(offending.getStartIndex());
        return error(offset, expected, found(offending));
    }

    KqlSyntaxError tooDeep(Token bracket, int limit) {
        int offset = source.charOffset(bracket.getStartIndex());
        return error(offset, "at most " + limit + " levels of nested brackets", found(bracket));
    }

    KqlSyntaxError generic(String detail) {
        String message = "Invalid KQL query" + (detail == null ? "." : ": " + detail);
        return new KqlSyntaxError(0, 1, 1, "", "", message);
    }

    private KqlSyntaxError error(int offset, String expected, String found) {
        String message = "Expected " + expected + " but " + found + " found.";
        return new KqlSyntaxError(offset, source.line(offset), source.column(offset), expected, found, message);
    }

    private static IntervalSet expectedTokens(Parser parser, RecognitionException cause) {
        try {
            IntervalSet set = cause != null ? cause.getExpectedTokens() : parser.getExpectedTokens();
            return set != null ? set : new IntervalSet();
        } catch (RuntimeException e) {
            return new IntervalSet(); // no ATN state to ask (should not happen with the bail strategy)
        }
    }

    /**
     * After {@code field:} or a range operator, and inside value lists, only values can follow; at an operand of the
     * outer grammar (also inside a nested group) a field name can. The nearest enclosing rule decides.
     */
    private static boolean insideFieldSuffix(RuleContext ctx) {
        for (RuleContext c = ctx; c != null; c = c.parent) {
            if (c instanceof KqlGrammarParser.OrExprContext || c instanceof KqlGrammarParser.AndExprContext
                    || c instanceof KqlGrammarParser.NotExprContext || c instanceof KqlGrammarParser.QueryContext
                    || c instanceof KqlGrammarParser.GroupContext) {
                return false;
            }
            if (c instanceof KqlGrammarParser.FieldSuffixContext || c instanceof KqlGrammarParser.ColonTargetContext
                    || c instanceof KqlGrammarParser.ValueListContext || c instanceof KqlGrammarParser.ValueOrContext
                    || c instanceof KqlGrammarParser.ValueAndContext || c instanceof KqlGrammarParser.ValueNotContext) {
                return true;
            }
        }
        return false;
    }

    private static String describeExpected(IntervalSet expectedTokens, boolean valueOnly) {
        IntervalSet set = new IntervalSet(expectedTokens);
        if (set.contains(Token.EOF) || set.contains(KqlGrammarLexer.RPAREN) || set.contains(KqlGrammarLexer.RBRACE)) {
            // ANTLR has already left the and/or loops when it meets the closing token; a complete operand can
            // always be continued by AND/OR, which is what Kibana lists too
            set.add(KqlGrammarLexer.AND_KW);
            set.add(KqlGrammarLexer.OR_KW);
        }
        List<String> names = new ArrayList<>();
        addIf(names, set, KqlGrammarLexer.LPAREN, "\"(\"");
        addIf(names, set, KqlGrammarLexer.RPAREN, "\")\"");
        addIf(names, set, KqlGrammarLexer.COLON, "\":\"");
        addIf(names, set, KqlGrammarLexer.LT, "\"<\"");
        addIf(names, set, KqlGrammarLexer.LTE, "\"<=\"");
        addIf(names, set, KqlGrammarLexer.GT, "\">\"");
        addIf(names, set, KqlGrammarLexer.GTE, "\">=\"");
        addIf(names, set, KqlGrammarLexer.LBRACE, "\"{\"");
        addIf(names, set, KqlGrammarLexer.RBRACE, "\"}\"");
        addIf(names, set, KqlGrammarLexer.AND_KW, "AND");
        addIf(names, set, KqlGrammarLexer.OR_KW, "OR");
        addIf(names, set, KqlGrammarLexer.NOT_KW, "NOT");
        boolean literal = set.contains(KqlGrammarLexer.QUOTED) || set.contains(KqlGrammarLexer.CHARS)
                || set.contains(KqlGrammarLexer.ESCAPE) || set.contains(KqlGrammarLexer.STAR);
        if (literal) {
            if (!valueOnly) {
                names.add("field name");
            }
            names.add("value");
        }
        addIf(names, set, KqlGrammarLexer.WS, "whitespace");
        addIf(names, set, Token.EOF, END_OF_INPUT);
        return names.isEmpty() ? "a valid KQL expression" : String.join(", ", names);
    }

    private static void addIf(List<String> names, IntervalSet set, int tokenType, String name) {
        if (set.contains(tokenType)) {
            names.add(name);
        }
    }

    private static String found(Token token) {
        if (token.getType() == Token.EOF) {
            return END_OF_INPUT;
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

}
