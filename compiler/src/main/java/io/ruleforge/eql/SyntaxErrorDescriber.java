package io.ruleforge.eql;

import io.ruleforge.diag.QueryText;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns ANTLR's view of the first error (offending token, expected token set) into a positioned
 * {@link EqlSyntaxError}: {@code unexpected "]", expected one of: "(", field name, number, string}.
 */
final class SyntaxErrorDescriber {

    private static final int MAX_EXPECTED_SHOWN = 12;

    private final QueryText source;

    SyntaxErrorDescriber(QueryText source) {
        this.source = source;
    }

    EqlSyntaxError describe(Parser parser, RecognitionException cause) {
        Token offending = cause != null && cause.getOffendingToken() != null
                ? cause.getOffendingToken() : parser.getCurrentToken();
        int offset = offending.getType() == Token.EOF
                ? source.text().length() : source.charOffset(offending.getStartIndex());
        String found = offending.getType() == Token.EOF ? "end of input" : "\"" + offending.getText() + "\"";
        if (offending.getType() == EqlGrammarLexer.UNRECOGNIZED) {
            String hint = offending.getText().equals("\"") ? " (unterminated string?)" : "";
            return EqlSyntaxError.at(source, offset, "unexpected character " + found + hint);
        }
        if (offending.getType() == EqlGrammarLexer.DECIMAL_VALUE && offending.getText().startsWith(".")
                && offending.getTokenIndex() > 0
                && parser.getTokenStream().get(offending.getTokenIndex() - 1).getStopIndex() + 1 == offending.getStartIndex()) {
            // `a.0.b` lexes `.0` as a number, in Elasticsearch too
            return EqlSyntaxError.at(source, offset, "unexpected " + found
                    + "; a field name part that starts with a digit must be quoted with backticks, e.g. a.`0`.b");
        }
        String expected = describeExpected(expectedTokens(parser, cause), parser.getVocabulary());
        return EqlSyntaxError.at(source, offset, "unexpected " + found + (expected.isEmpty() ? "" : ", expected " + expected));
    }

    private static IntervalSet expectedTokens(Parser parser, RecognitionException cause) {
        try {
            IntervalSet set = cause != null ? cause.getExpectedTokens() : parser.getExpectedTokens();
            return set != null ? set : new IntervalSet();
        } catch (RuntimeException e) {
            return new IntervalSet();
        }
    }

    private static String describeExpected(IntervalSet set, Vocabulary vocabulary) {
        Set<String> names = new LinkedHashSet<>();
        for (int type : set.toList()) {
            names.add(displayName(type, vocabulary));
        }
        List<String> list = new ArrayList<>(names);
        if (list.isEmpty()) {
            return "";
        }
        if (list.size() == 1) {
            return list.get(0);
        }
        String shown = String.join(", ", list.subList(0, Math.min(MAX_EXPECTED_SHOWN, list.size())));
        return "one of: " + shown + (list.size() > MAX_EXPECTED_SHOWN ? ", …" : "");
    }

    private static String displayName(int type, Vocabulary vocabulary) {
        switch (type) {
            case Token.EOF: return "end of input";
            case EqlGrammarLexer.IDENTIFIER: return "identifier";
            case EqlGrammarLexer.QUOTED_IDENTIFIER: return "`field`";
            case EqlGrammarLexer.STRING: case EqlGrammarLexer.RAW_STRING:
            case EqlGrammarLexer.SINGLE_QUOTED_STRING: case EqlGrammarLexer.OPTIONAL_QUOTED_STRING:
                return "string";
            case EqlGrammarLexer.INTEGER_VALUE: case EqlGrammarLexer.DECIMAL_VALUE: return "number";
            default:
                String literal = vocabulary.getLiteralName(type);
                return literal != null ? literal.replace('\'', '"') : vocabulary.getDisplayName(type);
        }
    }
}
