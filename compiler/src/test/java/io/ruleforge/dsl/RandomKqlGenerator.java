package io.ruleforge.dsl;

import java.util.List;
import java.util.Random;

/**
 * Grammar-based random KQL for differential testing (KQL_SPEC §2–§3): and/or/not chains with random keyword case,
 * groups, nested groups, ranges, {@code field:*}, value lists, quoted and unquoted literals with every escape
 * (including {@code \\uXXXX} and {@code \\and}), wildcards in values and field names, odd whitespace (TAB, CR, LF,
 * NBSP), swallowed keywords, and — for a share of the cases — deliberately broken variants of such queries.
 * Deterministic for a given seed.
 */
final class RandomKqlGenerator {

    private static final int MAX_DEPTH = 4;

    private static final List<String> WHITESPACE = List.of(
            " ", " ", " ", "  ", "\t", "\n", "\r\n", "\r", "\u00A0", " \u00A0", "\n  ", " \t ");

    private static final List<String> FIELD_PARTS = List.of(
            "process", "name", "event", "category", "host", "@timestamp", "user-name", "a", "b", "x", "1", "0",
            "dns", "question", "file_path", "true", "false", "null", "or", "and", "not", "nota", "android", "é", "中");

    private static final List<String> WORDS = List.of(
            "cmd.exe", "powershell.exe", "10.0.0.0/8", "192.168.1.1", "443", "007", "-1", "1.5", "1e3", "0x10",
            "true", "false", "null", "TRUE", "Null", "android", "oregon", "nota", "notepad", "cannot", "orange",
            "and", "or", "not", "café", "中文", "😀", "-a", "+b", "a=b", "[1", "TO", "2]", "x~", "fo?", "'a'",
            "a,b", "/re/", "&&", "||", "!x", "^2", "a|b", "~", "@", "#", "$", "%", ";", "a.b.c", "C", "Windows",
            "system32", "web-01", "x_y", "ÄÖÜ", "\u2028", "\u3000", "\u200B");

    private static final List<String> UNQUOTED_ESCAPES = List.of(
            "\\\\", "\\(", "\\)", "\\:", "\\<", "\\>", "\\\"", "\\*", "\\{", "\\}", "\\t", "\\r", "\\n",
            "\\u0041", "\\u00e9", "\\u00A0", "\\u0020", "\\u002a", "\\u005C", "\\uD83D\\uDE00", "\\uFFFF", "\\u0000",
            "\\and", "\\AND", "\\or", "\\Or", "\\not", "\\nOt");

    private static final List<String> QUOTED_ESCAPES = List.of(
            "\\\"", "\\\\", "\\t", "\\r", "\\n", "\\u0041", "\\u00e9", "\\u002A", "\\uD83D\\uDE00", "\\u12",
            "\\uZZZZ", "\\x", "\\W", "\\*", "\\:", "\\(", "\\ ", "\\and", "\\u00a0");

    private static final List<String> BAD_ESCAPES = List.of(
            "\\W", "\\.", "\\ ", "\\-", "\\u12", "\\uGHIJ", "\\", "\\a", "\\x41", "\\/");

    private static final List<String> STRAY_CHARACTERS = List.of(
            "(", ")", ":", "<", ">", "\"", "*", "{", "}", "\\", "<=", ">=", "=", " ", "\u00A0");

    private final Random random;

    RandomKqlGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** One query; about one in five is a broken variant of a well-formed one. */
    String next() {
        int kind = random.nextInt(100);
        if (kind < 2) {
            return random.nextBoolean() ? "" : whitespace();
        }
        String query = optionalWhitespace() + orExpression(0) + optionalWhitespace();
        if (kind < 6) {
            query = swallowedKeyword(query);
        }
        if (kind >= 80) {
            query = broken(query);
        }
        return query;
    }

    // ---------------------------------------------------------------- expressions

    private String orExpression(int depth) {
        return chain(depth, "or", () -> andExpression(depth));
    }

    private String andExpression(int depth) {
        return chain(depth, "and", () -> notExpression(depth));
    }

    private String notExpression(int depth) {
        String primary = primary(depth);
        return random.nextInt(100) < 15 ? keywordCase("not") + whitespace() + primary : primary;
    }

    private String primary(int depth) {
        boolean leafOnly = depth >= MAX_DEPTH;
        int kind = random.nextInt(100);
        if (kind < 12 && !leafOnly) {
            return "(" + optionalWhitespace() + orExpression(depth + 1) + optionalWhitespace() + ")";
        }
        if (kind < 18 && !leafOnly) {
            return field() + optionalWhitespace() + ":" + optionalWhitespace() + "{" + optionalWhitespace()
                    + orExpression(depth + 1) + optionalWhitespace() + "}";
        }
        if (kind < 30) {
            String operator = pick(List.of("<", "<=", ">", ">="));
            return field() + optionalWhitespace() + operator + optionalWhitespace() + value();
        }
        if (kind < 36) {
            return field() + optionalWhitespace() + ":" + optionalWhitespace() + "*";
        }
        if (kind < 50) {
            return value();
        }
        return field() + optionalWhitespace() + ":" + optionalWhitespace() + valueList(depth);
    }

    private String valueList(int depth) {
        if (depth < MAX_DEPTH && random.nextInt(100) < 30) {
            return "(" + optionalWhitespace() + valueOr(depth + 1) + optionalWhitespace() + ")";
        }
        return value();
    }

    private String valueOr(int depth) {
        return chain(depth, "or", () -> valueAnd(depth));
    }

    private String valueAnd(int depth) {
        return chain(depth, "and", () -> valueNot(depth));
    }

    private String valueNot(int depth) {
        String list = valueList(depth);
        return random.nextInt(100) < 15 ? keywordCase("not") + whitespace() + list : list;
    }

    private String chain(int depth, String keyword, java.util.function.Supplier<String> operand) {
        int length = 1 + (random.nextInt(100) < 35 + 5 * depth ? 0 : random.nextInt(depth == 0 ? 4 : 3));
        StringBuilder out = new StringBuilder(operand.get());
        for (int i = 1; i < length; i++) {
            out.append(whitespace()).append(keywordCase(keyword)).append(whitespace()).append(operand.get());
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- literals

    private String field() {
        int kind = random.nextInt(100);
        if (kind < 8) {
            return quoted();
        }
        if (kind < 12) {
            return "*";
        }
        int parts = 1 + random.nextInt(3);
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts; i++) {
            if (i > 0) {
                name.append('.');
            }
            int partKind = random.nextInt(100);
            if (partKind < 10) {
                name.append('*');
            } else if (partKind < 16) {
                name.append(pick(FIELD_PARTS)).append('*');
            } else if (partKind < 22) {
                name.append(pick(FIELD_PARTS)).append(pick(UNQUOTED_ESCAPES)).append(pick(FIELD_PARTS));
            } else {
                name.append(pick(FIELD_PARTS));
            }
        }
        return name.toString();
    }

    private String value() {
        return random.nextInt(100) < 30 ? quoted() : unquoted();
    }

    /** Words, escapes and stars, sometimes with interior whitespace (which may itself start a keyword). */
    private String unquoted() {
        int pieces = 1 + random.nextInt(4);
        StringBuilder term = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            if (i > 0 && random.nextInt(100) < 25) {
                term.append(whitespace());
            }
            int kind = random.nextInt(100);
            if (kind < 55) {
                term.append(pick(WORDS));
            } else if (kind < 75) {
                term.append(pick(UNQUOTED_ESCAPES));
            } else {
                term.append('*');
            }
        }
        // a term must not start with whitespace-delimited `not`, nor end up empty
        return term.toString();
    }

    private String quoted() {
        int pieces = random.nextInt(5);
        StringBuilder body = new StringBuilder("\"");
        for (int i = 0; i < pieces; i++) {
            int kind = random.nextInt(100);
            if (kind < 40) {
                body.append(pick(WORDS));
            } else if (kind < 70) {
                body.append(pick(QUOTED_ESCAPES));
            } else if (kind < 80) {
                body.append(whitespace());
            } else {
                body.append(pick(List.of("*", ":", "(", ")", "{", "}", "<", ">=", " and ", " or ", "not ", "'")));
            }
        }
        return body.append('"').toString();
    }

    // ---------------------------------------------------------------- lexical variation

    private String keywordCase(String keyword) {
        int kind = random.nextInt(100);
        if (kind < 55) {
            return keyword;
        }
        if (kind < 75) {
            return keyword.toUpperCase(java.util.Locale.ROOT);
        }
        StringBuilder mixed = new StringBuilder();
        for (char c : keyword.toCharArray()) {
            mixed.append(random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
        return mixed.toString();
    }

    private String whitespace() {
        return pick(WHITESPACE);
    }

    private String optionalWhitespace() {
        return random.nextInt(100) < 70 ? "" : whitespace();
    }

    /** A keyword without whitespace after it, which Kibana swallows into the neighbouring term. */
    private String swallowedKeyword(String query) {
        return switch (random.nextInt(3)) {
            case 0 -> query.stripTrailing() + whitespace() + keywordCase(pick(List.of("and", "or", "not")));
            case 1 -> keywordCase(pick(List.of("and", "or"))) + whitespace() + query.stripLeading();
            default -> "(" + query + whitespace() + keywordCase("or") + ")";
        };
    }

    // ---------------------------------------------------------------- broken input

    private String broken(String query) {
        int at = query.isEmpty() ? 0 : random.nextInt(query.length() + 1);
        return switch (random.nextInt(9)) {
            case 0 -> query.isEmpty() ? ")" : query.substring(0, Math.min(at, query.length() - 1))
                    + query.substring(Math.min(at, query.length() - 1) + 1);
            case 1 -> query.substring(0, at) + pick(STRAY_CHARACTERS) + query.substring(at);
            case 2 -> query.substring(0, at);
            case 3 -> query + whitespace() + keywordCase(pick(List.of("and", "or"))) + whitespace();
            case 4 -> keywordCase("not") + " " + keywordCase("not") + " " + query;
            case 5 -> query.substring(0, at) + pick(BAD_ESCAPES) + query.substring(at);
            case 6 -> "(" + query;
            case 7 -> query + " " + field() + ":" + value();
            default -> query.replaceFirst("[ \t\n\u00A0]+", "");
        };
    }

    private <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }
}
