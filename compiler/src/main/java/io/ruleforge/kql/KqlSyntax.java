package io.ruleforge.kql;

import io.ruleforge.diag.QueryText;
import io.ruleforge.ql.FirstError;
import io.ruleforge.ql.NestingLimit;
import io.ruleforge.ql.ParseOutcome;
import io.ruleforge.ql.QlGrammar;
import io.ruleforge.ql.SyntaxErrorDescriber;
import io.ruleforge.ql.ThreadRecognizers;
import io.ruleforge.ql.TokenNames;
import io.ruleforge.ql.TokenNames.Entry;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.RuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * KQL's part of the shared parse harness: its grammar wiring and how its syntax errors are worded, as Kibana words
 * them: {@code Expected "(", field name, value but end of input found.}
 */
final class KqlSyntax implements QlGrammar<KqlGrammarParser, KqlGrammarParser.QueryContext> {

    private static final Integer[] LITERAL = {
            KqlGrammarLexer.QUOTED, KqlGrammarLexer.CHARS, KqlGrammarLexer.ESCAPE, KqlGrammarLexer.STAR};

    /** Kibana's order of expectations; a literal may start a field name or a value. */
    private static final List<Entry> OPERATORS = List.of(
            Entry.of("\"(\"", KqlGrammarLexer.LPAREN),
            Entry.of("\")\"", KqlGrammarLexer.RPAREN),
            Entry.of("\":\"", KqlGrammarLexer.COLON),
            Entry.of("\"<\"", KqlGrammarLexer.LT),
            Entry.of("\"<=\"", KqlGrammarLexer.LTE),
            Entry.of("\">\"", KqlGrammarLexer.GT),
            Entry.of("\">=\"", KqlGrammarLexer.GTE),
            Entry.of("\"{\"", KqlGrammarLexer.LBRACE),
            Entry.of("\"}\"", KqlGrammarLexer.RBRACE),
            Entry.of("AND", KqlGrammarLexer.AND_KW),
            Entry.of("OR", KqlGrammarLexer.OR_KW),
            Entry.of("NOT", KqlGrammarLexer.NOT_KW));
    private static final List<Entry> TRAILER = List.of(
            Entry.of("value", LITERAL),
            Entry.of("whitespace", KqlGrammarLexer.WS),
            Entry.of("end of input", Token.EOF));

    /** Where a field name can stand (an operand of the outer grammar). */
    private static final TokenNames AT_OPERAND = TokenNames.table(concat(OPERATORS, List.of(Entry.of("field name", LITERAL)), TRAILER));
    /** After {@code field:}, a range operator, and inside value lists, where only values can. */
    private static final TokenNames AT_VALUE = TokenNames.table(concat(OPERATORS, List.of(), TRAILER));

    private static final NestingLimit NESTING = new NestingLimit(KqlParser.MAX_NESTING_DEPTH,
            Set.of(KqlGrammarLexer.LPAREN, KqlGrammarLexer.LBRACE),
            Set.of(KqlGrammarLexer.RPAREN, KqlGrammarLexer.RBRACE), Set.of());

    private static final ThreadRecognizers<KqlGrammarLexer, KqlGrammarParser> RECOGNIZERS =
            new ThreadRecognizers<>(KqlGrammarLexer::new, KqlGrammarParser::new);

    private final SyntaxErrorDescriber describer;

    KqlSyntax(QueryText source) {
        this.describer = new SyntaxErrorDescriber(source, AT_OPERAND, SyntaxErrorDescriber.FoundStyle.FIRST_CHARACTER);
    }

    @Override
    public Lexer lexer(CharStream chars) {
        return RECOGNIZERS.lexer(chars);
    }

    @Override
    public KqlGrammarParser parser(TokenStream tokens) {
        return RECOGNIZERS.parser(tokens);
    }

    @Override
    public void release() {
        RECOGNIZERS.release();
    }

    @Override
    public KqlGrammarParser.QueryContext startRule(KqlGrammarParser parser) {
        return parser.query();
    }

    @Override
    public NestingLimit nesting() {
        return NESTING;
    }

    /** The error of a query the harness did not parse. */
    KqlSyntaxError error(ParseOutcome<KqlGrammarParser.QueryContext> outcome) {
        if (outcome instanceof ParseOutcome.SyntaxError<KqlGrammarParser.QueryContext> e) {
            return describe(e.error());
        }
        if (outcome instanceof ParseOutcome.TooDeep<KqlGrammarParser.QueryContext> d) {
            return tooDeep(d.at(), d.limit());
        }
        if (outcome instanceof ParseOutcome.TokenRejected<KqlGrammarParser.QueryContext> r) {
            return generic(r.message());
        }
        // the lexer has a token for every character; this guards against grammar edits
        return generic(((ParseOutcome.LexerFailed<KqlGrammarParser.QueryContext>) outcome).message());
    }

    private KqlSyntaxError describe(FirstError error) {
        IntervalSet set = new IntervalSet(error.expected());
        if (set.contains(Token.EOF) || set.contains(KqlGrammarLexer.RPAREN) || set.contains(KqlGrammarLexer.RBRACE)) {
            // ANTLR has already left the and/or loops when it meets the closing token; a complete operand can
            // always be continued by AND/OR, which is what Kibana lists too
            set.add(KqlGrammarLexer.AND_KW);
            set.add(KqlGrammarLexer.OR_KW);
        }
        // an unterminated string (UNTERMINATED_QUOTED) is reported at its opening quote, as Kibana does
        SyntaxErrorDescriber.Description d = describer.describe(error.withExpected(set),
                insideFieldSuffix(error.context()) ? AT_VALUE : AT_OPERAND);
        String expected = d.expected().isEmpty() ? "a valid KQL expression" : String.join(", ", d.expected());
        return error(d, expected);
    }

    private KqlSyntaxError tooDeep(Token bracket, int limit) {
        return error(describer.at(bracket, List.of()), "at most " + limit + " levels of nested brackets");
    }

    KqlSyntaxError generic(String detail) {
        String message = "Invalid KQL query" + (detail == null ? "." : ": " + detail);
        return new KqlSyntaxError(0, 1, 1, "", "", message);
    }

    private static KqlSyntaxError error(SyntaxErrorDescriber.Description d, String expected) {
        String message = "Expected " + expected + " but " + d.found() + " found.";
        return new KqlSyntaxError(d.offset(), d.line(), d.column(), expected, d.found(), message);
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

    /** A thread's lexer and parser, reused for every query it parses. */

    @SafeVarargs
    private static List<Entry> concat(List<Entry>... parts) {
        List<Entry> all = new ArrayList<>();
        for (List<Entry> p : parts) {
            all.addAll(p);
        }
        return all;
    }
}
