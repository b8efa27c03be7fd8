package io.ruleforge.esql;

import io.ruleforge.diag.EditDistance;
import io.ruleforge.diag.QueryText;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.ast.Span;

import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.Lexer;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.Vocabulary;
import org.antlr.v4.runtime.misc.IntervalSet;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The ES|QL front end: parses a query as Elasticsearch 8.19 or 9.x does into an {@link EsqlQuery}, or reports the
 * first syntax error with its position, at the token where Elasticsearch reports it. Never throws for any input text.
 * All ANTLR wiring of the ES|QL front end is here (the tree walk is {@link EsqlAstBuilder}'s).
 *
 * <p>Like Elasticsearch, parsing stops at the first error (its parser throws from the error listener too). Checks that
 * need the whole pipeline — unknown functions, argument types, columns — are the verifier's.
 *
 * <p>Limits: queries longer than {@link #MAX_QUERY_LENGTH} chars and expressions nested deeper than
 * {@link #MAX_NESTING_DEPTH} are reported as syntax errors instead of risking a stack overflow.
 */
public final class EsqlParser {

    /** The longest ES|QL rule in Elastic's corpus is a few KB; this leaves a wide margin. */
    public static final int MAX_QUERY_LENGTH = 1_000_000;
    /** Deepest nesting of brackets and prefix operators accepted. */
    public static final int MAX_NESTING_DEPTH = 200;

    /** The command keywords, for "did you mean" on an unknown one. */
    private static final List<String> COMMANDS = List.of("FROM", "ROW", "WHERE", "EVAL", "STATS", "INLINE STATS",
            "KEEP", "DROP", "RENAME", "SORT", "LIMIT", "MV_EXPAND", "GROK", "DISSECT", "LOOKUP JOIN", "COMPLETION");
    /** Elasticsearch commands ruleforge does not parse; named in the message instead of "unknown". */
    private static final Set<String> UNSUPPORTED_COMMANDS = Set.of("ENRICH", "SAMPLE", "CHANGE_POINT",
            "FORK", "RERANK", "FUSE", "SHOW", "EXPLAIN", "TS", "METRICS", "INSIST");
    private static final int MAX_EXPECTED_SHOWN = 12;

    private EsqlParser() {
    }

    public static EsqlParseResult parse(String query, EsqlVersion version) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(version, "version");
        QueryText source = new QueryText(query);
        if (query.length() > MAX_QUERY_LENGTH) {
            return new EsqlParseResult.Failure(EsqlSyntaxError.at(source, 0,
                    "query is longer than " + MAX_QUERY_LENGTH + " characters"));
        }
        try {
            EsqlGrammarLexer lexer = new EsqlGrammarLexer(CharStreams.fromString(query));
            lexer.removeErrorListeners();
            lexer.addErrorListener(new BaseErrorListener() {
                @Override
                public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int col, String msg,
                                        RecognitionException e) {
                    Lexer l = (Lexer) recognizer;
                    int at = source.charOffset(l._tokenStartCharIndex);
                    throw new EsqlSyntaxException(new Span(at, at), unexpectedCharacter(query, at));
                }
            });
            CommonTokenStream tokens = new CommonTokenStream(lexer);
            tokens.fill();
            checkNesting(tokens.getTokens(), source);

            EsqlGrammar parser = new EsqlGrammar(tokens);
            parser.esql9 = version.atLeast9();
            parser.removeErrorListeners();
            parser.addErrorListener(new BaseErrorListener() {
                @Override
                public void syntaxError(Recognizer<?, ?> recognizer, Object symbol, int line, int col, String msg,
                                        RecognitionException e) {
                    // the first report ends parsing: recovery would only invent follow-up errors
                    throw describe((Parser) recognizer, (Token) symbol, e, source, version);
                }
            });
            EsqlGrammar.StatementContext tree = parser.statement();
            EsqlQuery built = new EsqlAstBuilder(source, version, MAX_NESTING_DEPTH * 4).build(tree);
            return new EsqlParseResult.Success(built);
        } catch (EsqlSyntaxException e) {
            return new EsqlParseResult.Failure(EsqlSyntaxError.at(source, e.span().start(), e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // last line of defence for the "never throws" contract; not reachable with the limits in place
            return new EsqlParseResult.Failure(EsqlSyntaxError.at(source, 0, "invalid ES|QL query: " + e));
        }
    }

    private static String unexpectedCharacter(String query, int at) {
        if (at >= query.length()) {
            return "unexpected end of input";
        }
        String rest = query.substring(at);
        if (rest.startsWith("\"")) {
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

    /** Brackets and runs of prefix operators recurse in the parser; refuse absurd depths before parsing. */
    private static void checkNesting(List<Token> tokens, QueryText source) {
        int depth = 0;
        int prefixRun = 0;
        for (Token t : tokens) {
            if (t.getChannel() != Token.DEFAULT_CHANNEL) {
                continue;
            }
            switch (t.getType()) {
                case EsqlGrammarLexer.LP, EsqlGrammarLexer.OPENING_BRACKET, EsqlGrammarLexer.LEFT_BRACES -> {
                    depth++;
                    prefixRun = 0;
                }
                case EsqlGrammarLexer.RP, EsqlGrammarLexer.CLOSING_BRACKET, EsqlGrammarLexer.RIGHT_BRACES -> {
                    depth = Math.max(0, depth - 1);
                    prefixRun = 0;
                }
                case EsqlGrammarLexer.NOT, EsqlGrammarLexer.MINUS, EsqlGrammarLexer.PLUS -> prefixRun++;
                default -> prefixRun = 0;
            }
            if (depth + prefixRun > MAX_NESTING_DEPTH) {
                int at = source.charOffset(t.getStartIndex());
                throw new EsqlSyntaxException(new Span(at, at), "query nested too deeply (more than "
                        + MAX_NESTING_DEPTH + " levels of brackets and prefix operators)");
            }
        }
    }

    private static EsqlSyntaxException describe(Parser parser, Token offending, RecognitionException cause,
                                                QueryText source, EsqlVersion version) {
        if (offending == null) {
            offending = parser.getCurrentToken();
        }
        int offset = offending.getType() == Token.EOF
                ? source.text().length() : source.charOffset(offending.getStartIndex());
        Span at = new Span(offset, offset);
        if (offending.getType() == Token.EOF) {
            String expected = describeExpected(expectedTokens(parser, cause), parser.getVocabulary());
            return new EsqlSyntaxException(at, "unexpected end of query" + (expected.isEmpty() ? "" : ", expected " + expected));
        }
        String found = offending.getText();
        if (!version.atLeast9()) {
            String only9 = switch (offending.getType()) {
                case EsqlGrammarLexer.INLINE, EsqlGrammarLexer.INLINESTATS -> "INLINE STATS";
                case EsqlGrammarLexer.COMPLETION -> "COMPLETION";
                case EsqlGrammarLexer.FIRST, EsqlGrammarLexer.LAST -> nextIs(parser, offending, EsqlGrammarLexer.LP)
                        ? "the " + found.toUpperCase(Locale.ROOT) + " function" : null;
                default -> null;
            };
            if (only9 != null) {
                return new EsqlSyntaxException(at, only9 + " is ES|QL 9.x syntax, not in " + version.label()
                        + "; select ES|QL 9.x for this rule (its min_stack_version)");
            }
        }
        if (offending.getType() == EsqlGrammarLexer.UNKNOWN_COMMAND) {
            String upper = found.toUpperCase(Locale.ROOT);
            if (UNSUPPORTED_COMMANDS.contains(upper)) {
                return new EsqlSyntaxException(at, "the " + upper + " command is not supported by ruleforge");
            }
            return new EsqlSyntaxException(at, "unknown command \"" + found + "\""
                    + EditDistance.closest(upper, COMMANDS).map(c -> "; did you mean " + c + "?")
                            .orElse("; expected one of " + String.join(", ", COMMANDS.subList(2, COMMANDS.size()))));
        }
        if (isCommandKeyword(offending.getType()) && offending.getTokenIndex() > 0 && previousIsPipeOrStart(parser, offending)) {
            return new EsqlSyntaxException(at, "a query starts with FROM or ROW, found \"" + found + "\"");
        }
        String expected = describeExpected(expectedTokens(parser, cause), parser.getVocabulary());
        return new EsqlSyntaxException(at, "unexpected \"" + found + "\"" + (expected.isEmpty() ? "" : ", expected " + expected));
    }

    private static boolean nextIs(Parser parser, Token token, int type) {
        for (int i = token.getTokenIndex() + 1; i < parser.getTokenStream().size(); i++) {
            Token t = parser.getTokenStream().get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                return t.getType() == type;
            }
        }
        return false;
    }

    private static boolean previousIsPipeOrStart(Parser parser, Token offending) {
        for (int i = offending.getTokenIndex() - 1; i >= 0; i--) {
            Token t = parser.getTokenStream().get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
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
