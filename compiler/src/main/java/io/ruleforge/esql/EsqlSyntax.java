package io.ruleforge.esql;

import io.ruleforge.diag.EditDistance;
import io.ruleforge.diag.QueryText;
import io.ruleforge.ql.FirstError;
import io.ruleforge.ql.NestingLimit;
import io.ruleforge.ql.ParseOutcome;
import io.ruleforge.ql.QlGrammar;
import io.ruleforge.ql.SyntaxErrorDescriber;
import io.ruleforge.ql.TokenNames;
import org.antlr.v4.runtime.CharStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.atn.PredictionMode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static io.ruleforge.ql.SyntaxErrorDescriber.oneOf;

/**
 * ES|QL's part of the shared parse harness: its grammar wiring (the selected version's syntax, SLL prediction, stop at
 * the first reported error and lexer errors deferred, as Elasticsearch's parser does), and how its syntax errors are
 * worded: {@code unexpected "]", expected one of: "(", column name, number, string}.
 */
final class EsqlSyntax implements QlGrammar<EsqlGrammar, EsqlGrammar.StatementContext> {

    /** Brackets, and runs of prefix operators (NOT, unary minus and plus), which also recurse in the parser. */
    private static final NestingLimit NESTING = new NestingLimit(EsqlParser.MAX_NESTING_DEPTH,
            Set.of(EsqlGrammarLexer.LP, EsqlGrammarLexer.OPENING_BRACKET, EsqlGrammarLexer.LEFT_BRACES),
            Set.of(EsqlGrammarLexer.RP, EsqlGrammarLexer.CLOSING_BRACKET, EsqlGrammarLexer.RIGHT_BRACES),
            Set.of(EsqlGrammarLexer.NOT, EsqlGrammarLexer.MINUS, EsqlGrammarLexer.PLUS));

    /** The command keywords, for "did you mean" on an unknown one. */
    private static final List<String> COMMANDS = List.of("FROM", "ROW", "WHERE", "EVAL", "STATS", "INLINE STATS",
            "KEEP", "DROP", "RENAME", "SORT", "LIMIT", "MV_EXPAND", "GROK", "DISSECT", "LOOKUP JOIN", "COMPLETION");
    /** Elasticsearch commands ruleforge does not parse; named in the message instead of "unknown". */
    private static final Set<String> UNSUPPORTED_COMMANDS = Set.of("ENRICH", "SAMPLE", "CHANGE_POINT",
            "FORK", "RERANK", "FUSE", "SHOW", "EXPLAIN", "TS", "METRICS", "INSIST");

    private final QueryText source;
    private final EsqlVersion version;
    private final SyntaxErrorDescriber describer;

    EsqlSyntax(QueryText source, EsqlVersion version) {
        this.source = source;
        this.version = version;
        this.describer = new SyntaxErrorDescriber(source, EsqlSyntax::expectedNames,
                SyntaxErrorDescriber.FoundStyle.WHOLE_TOKEN);
    }

    @Override
    public Lexer lexer(CharStream chars) {
        return new EsqlGrammarLexer(chars);
    }

    @Override
    public EsqlGrammar parser(TokenStream tokens) {
        EsqlGrammar parser = new EsqlGrammar(tokens);
        parser.esql9 = version.atLeast9();
        // SLL prediction, as Elasticsearch's parser uses: full LL on the expression rules (where NOT, IN, LIKE and IS
        // NULL all start with a value expression) costs milliseconds per query, and the grammar needs no full context
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        return parser;
    }

    @Override
    public EsqlGrammar.StatementContext startRule(EsqlGrammar parser) {
        return parser.statement();
    }

    @Override
    public NestingLimit nesting() {
        return NESTING;
    }

    @Override
    public ErrorStop errorStop() {
        return ErrorStop.FIRST_REPORT;
    }

    /** Elasticsearch lexes lazily: a bad character after the parser's first error is never reached. */
    @Override
    public boolean lexerErrorsDeferred() {
        return true;
    }

    /** The error of a query the harness did not parse. */
    EsqlSyntaxError error(ParseOutcome<EsqlGrammar.StatementContext> outcome) {
        if (outcome instanceof ParseOutcome.SyntaxError<EsqlGrammar.StatementContext> e) {
            return describe(e.error());
        }
        if (outcome instanceof ParseOutcome.TooDeep<EsqlGrammar.StatementContext> d) {
            return EsqlSyntaxError.at(source, describer.offset(d.at()), "query nested too deeply (more than "
                    + d.limit() + " levels of brackets and prefix operators)");
        }
        if (outcome instanceof ParseOutcome.TokenRejected<EsqlGrammar.StatementContext> r) {
            return EsqlSyntaxError.at(source, describer.offset(r.at()), r.message());
        }
        if (outcome instanceof ParseOutcome.LexerFailed<EsqlGrammar.StatementContext> l) {
            int at = source.charOffset(l.startIndex());
            return EsqlSyntaxError.at(source, at, unexpectedCharacter(source.text(), at));
        }
        throw new IllegalArgumentException("the query parsed");
    }

    private static String unexpectedCharacter(String query, int at) {
        if (at >= query.length()) {
            return "unexpected end of input";
        }
        String rest = query.substring(at);
        if (rest.startsWith("\"") && at >= 2 && query.startsWith("\"\"", at - 2)) {
            // the lexer took the first two quotes of """ for an empty string and fails at the third
            return "unterminated \"\"\"…\"\"\" string (it ends on its line)";
        }
        if (rest.startsWith("\"")) {
            String escape = unknownEscape(rest);
            if (escape != null) {
                // the lexer gives up at the opening quote, as Elasticsearch's does; name the escape that made it
                return "unknown escape \"" + escape + "\" in a string (a \"…\" string knows \\t, \\n, \\r, \\\" and"
                        + " \\\\; a \"\"\"…\"\"\" string takes a backslash as written)";
            }
            return "unterminated string (a \"…\" string ends on its line; use \"\"\"…\"\"\" for quotes inside)";
        }
        if (rest.startsWith("`")) {
            return "unterminated quoted name (`…`)";
        }
        if (rest.startsWith("/*")) {
            return "unterminated /* comment";
        }
        return "unexpected character \"" + new String(Character.toChars(rest.codePointAt(0))) + "\"";
    }

    /** The first backslash escape ES|QL does not know in the "…" string at the start of {@code rest}, or null. */
    private static String unknownEscape(String rest) {
        for (int i = 1; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == '"' || c == '\n' || c == '\r') {
                return null;
            }
            if (c == '\\') {
                if (i + 1 >= rest.length()) {
                    return null;
                }
                char next = rest.charAt(i + 1);
                if (next == '\n' || next == '\r') {
                    return null;
                }
                if ("tnr\"\\".indexOf(next) < 0) {
                    return "\\" + new String(Character.toChars(rest.codePointAt(i + 1)));
                }
                i++;
            }
        }
        return null;
    }

    private EsqlSyntaxError describe(FirstError error) {
        Token offending = error.offending();
        SyntaxErrorDescriber.Description d = describer.describe(error);
        if (offending.getType() == Token.EOF) {
            String expected = oneOf(d.expected());
            return at(d, "unexpected end of query" + (expected.isEmpty() ? "" : ", expected " + expected));
        }
        String found = offending.getText();
        if (!version.atLeast9()) {
            String only9 = switch (offending.getType()) {
                case EsqlGrammarLexer.INLINE, EsqlGrammarLexer.INLINESTATS -> "INLINE STATS";
                case EsqlGrammarLexer.COMPLETION -> "COMPLETION";
                case EsqlGrammarLexer.FIRST, EsqlGrammarLexer.LAST -> nextIs(error.tokens(), offending, EsqlGrammarLexer.LP)
                        ? "the " + found.toUpperCase(Locale.ROOT) + " function" : null;
                default -> null;
            };
            if (only9 != null) {
                return at(d, only9 + " is ES|QL 9.x syntax, not in " + version.label()
                        + "; select ES|QL 9 to accept it (--esql-version 9, or the plugin's esqlVersion)");
            }
        }
        if (offending.getType() == EsqlGrammarLexer.UNKNOWN_COMMAND) {
            String upper = found.toUpperCase(Locale.ROOT);
            if (UNSUPPORTED_COMMANDS.contains(upper)) {
                return at(d, "the " + upper + " command is valid ES|QL but " + EsqlSyntaxError.UNSUPPORTED);
            }
            return at(d, "unknown command \"" + found + "\""
                    + EditDistance.closest(upper, COMMANDS).map(c -> "; did you mean " + c + "?")
                            .orElse("; expected one of " + String.join(", ", COMMANDS.subList(2, COMMANDS.size()))));
        }
        // the query's first token, after some whitespace or comments (which the lexer skips)
        if (isCommandKeyword(offending.getType()) && offending.getStartIndex() > 0
                && firstOnDefaultChannel(error.tokens(), offending)) {
            return at(d, "a query starts with FROM or ROW, found \"" + found + "\"");
        }
        String expected = oneOf(d.expected());
        return at(d, "unexpected " + d.found() + (expected.isEmpty() ? "" : ", expected " + expected));
    }

    private EsqlSyntaxError at(SyntaxErrorDescriber.Description d, String message) {
        return new EsqlSyntaxError(d.offset(), d.line(), d.column(), message);
    }

    private static boolean nextIs(TokenStream tokens, Token token, int type) {
        for (int i = token.getTokenIndex() + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                return t.getType() == type;
            }
        }
        return false;
    }

    /** Whether no parsed token comes before {@code token}: it is the query's first word. */
    private static boolean firstOnDefaultChannel(TokenStream tokens, Token token) {
        for (int i = token.getTokenIndex() - 1; i >= 0; i--) {
            if (tokens.get(i).getChannel() == Token.DEFAULT_CHANNEL) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCommandKeyword(int type) {
        return switch (type) {
            case EsqlGrammarLexer.WHERE, EsqlGrammarLexer.EVAL, EsqlGrammarLexer.STATS, EsqlGrammarLexer.INLINESTATS,
                 EsqlGrammarLexer.INLINE, EsqlGrammarLexer.SORT, EsqlGrammarLexer.LIMIT, EsqlGrammarLexer.GROK,
                 EsqlGrammarLexer.DISSECT, EsqlGrammarLexer.KEEP, EsqlGrammarLexer.DROP, EsqlGrammarLexer.RENAME,
                 EsqlGrammarLexer.MV_EXPAND, EsqlGrammarLexer.LOOKUP, EsqlGrammarLexer.COMPLETION -> true;
            default -> false;
        };
    }

    /** Every expected token named once, in token-type order: by what it stands for, its literal, or its name. */
    private static List<String> expectedNames(org.antlr.v4.runtime.misc.IntervalSet expected) {
        Set<String> names = new LinkedHashSet<>();
        for (int type : expected.toList()) {
            names.add(displayName(type, EsqlGrammar.VOCABULARY));
        }
        return new ArrayList<>(names);
    }

    private static String displayName(int type, Vocabulary vocabulary) {
        return switch (type) {
            case Token.EOF -> "end of query";
            case EsqlGrammarLexer.UNQUOTED_IDENTIFIER, EsqlGrammarLexer.QUOTED_IDENTIFIER -> "column name";
            case EsqlGrammarLexer.ID_PATTERN -> "column name or pattern";
            case EsqlGrammarLexer.UNQUOTED_SOURCE -> "index pattern";
            case EsqlGrammarLexer.QUOTED_STRING -> "string";
            case EsqlGrammarLexer.INTEGER_LITERAL, EsqlGrammarLexer.DECIMAL_LITERAL -> "number";
            case EsqlGrammarLexer.PARAM, EsqlGrammarLexer.NAMED_OR_POSITIONAL_PARAM -> "parameter";
            case EsqlGrammarLexer.UNKNOWN_COMMAND -> "command";
            default -> {
                String literal = vocabulary.getLiteralName(type);
                if (literal != null) {
                    yield literal.replace('\'', '"');
                }
                String symbolic = vocabulary.getSymbolicName(type);
                yield symbolic == null ? vocabulary.getDisplayName(type) : symbolic.replace('_', ' ');
            }
        };
    }
}
