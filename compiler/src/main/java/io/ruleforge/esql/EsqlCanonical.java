package io.ruleforge.esql;

import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.esql.ast.NamedExpression;
import io.ruleforge.ql.ArithmeticOperator;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One normal spelling of an ES|QL query, printed from its syntax tree, so that two queries that differ only in
 * whitespace, line breaks, comments, keyword and function-name case, identifier quoting, parentheses that change
 * nothing, number spelling ({@code 1.50}, {@code 60 minutes}) or string quoting ({@code """raw"""}) print the same.
 * Nothing whose order can matter is reordered (commands, index patterns, fields, arguments); only {@code AND}/{@code OR}
 * chains are flattened (associative) and {@code NOT x IN …} is written {@code x NOT IN …} (Elasticsearch builds both
 * alike). An unnamed column keeps its name (Elasticsearch names it after its text), so where the written text is not
 * the canonical one the name is printed explicitly: {@code `count(*)` = COUNT(*)}. The output parses, as ES|QL 9.x,
 * back to a query with the same canonical form.
 */
public final class EsqlCanonical {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z][A-Za-z0-9_]*|[_@][A-Za-z0-9_]+");
    private static final Pattern NAME_PATTERN_PART = Pattern.compile("(?:[A-Za-z*][A-Za-z0-9_*]*|[_@][A-Za-z0-9_*]+)+");
    private static final Pattern UNQUOTED_SOURCE = Pattern.compile("[^:\"=|,\\[\\]/()\\s]+");
    /** Words the expression lexer reserves: as identifiers they need backticks. */
    private static final Set<String> RESERVED = Set.of("and", "asc", "by", "desc", "false", "first", "in", "is", "last",
            "like", "not", "null", "nulls", "or", "rlike", "true", "with", "on", "where");

    // binding strength, loosest first: an operand weaker than its place needs parentheses
    private static final int OR = 1;
    private static final int AND = 2;
    private static final int NOT = 3;
    private static final int PREDICATE = 4;
    private static final int COMPARISON = 5;
    private static final int ADDITIVE = 6;
    private static final int MULTIPLICATIVE = 7;
    private static final int UNARY = 8;
    private static final int PRIMARY = 9;

    private EsqlCanonical() {
    }

    /** The whole query: its commands joined by {@code " | "}. */
    public static String of(EsqlQuery query) {
        return String.join(" | ", commands(query));
    }

    /** Each pipeline step in canonical form, in pipeline order. */
    public static List<String> commands(EsqlQuery query) {
        return query.commands().stream().map(EsqlCanonical::command).toList();
    }

    public static String command(Command command) {
        if (command instanceof Command.From f) {
            return "FROM " + f.indices().stream().map(i -> index(i, "metadata")).collect(Collectors.joining(", "))
                    + (f.metadata().isEmpty() ? "" : " METADATA " + f.metadata().stream().map(Expression.Column::name)
                    .collect(Collectors.joining(", ")));
        }
        if (command instanceof Command.Row r) {
            return "ROW " + fields(r.fields());
        }
        if (command instanceof Command.Where w) {
            return "WHERE " + expression(w.condition());
        }
        if (command instanceof Command.Eval e) {
            return "EVAL " + fields(e.fields());
        }
        if (command instanceof Command.Keep k) {
            return "KEEP " + k.columns().stream().map(c -> namePattern(c.pattern(), false)).collect(Collectors.joining(", "));
        }
        if (command instanceof Command.Drop d) {
            return "DROP " + d.columns().stream().map(c -> namePattern(c.pattern(), false)).collect(Collectors.joining(", "));
        }
        if (command instanceof Command.Rename r) {
            return "RENAME " + r.renames().stream()
                    .map(p -> namePattern(p.from().pattern(), true) + " AS " + namePattern(p.to().pattern(), true))
                    .collect(Collectors.joining(", "));
        }
        if (command instanceof Command.Stats s) {
            return stats(s);
        }
        if (command instanceof Command.Sort s) {
            return "SORT " + s.keys().stream().map(EsqlCanonical::sortKey).collect(Collectors.joining(", "));
        }
        if (command instanceof Command.Limit l) {
            return "LIMIT " + l.count();
        }
        if (command instanceof Command.MvExpand m) {
            return "MV_EXPAND " + name(m.column().name());
        }
        if (command instanceof Command.Grok g) {
            return "GROK " + print(g.input(), PRIMARY) + " " + string(g.pattern());
        }
        if (command instanceof Command.Dissect d) {
            return "DISSECT " + print(d.input(), PRIMARY) + " " + string(d.pattern())
                    + d.appendSeparator().map(s -> " APPEND_SEPARATOR = " + string(s)).orElse("");
        }
        if (command instanceof Command.LookupJoin j) {
            return "LOOKUP JOIN " + index(j.index(), "on", "join") + " ON "
                    + j.on().stream().map(c -> name(c.name())).collect(Collectors.joining(", "));
        }
        Command.Completion c = (Command.Completion) command;
        return "COMPLETION " + name(c.target().name()) + " = " + print(c.prompt(), PRIMARY)
                + " WITH " + print(c.options(), PRIMARY);
    }

    /** An expression at the top of its place (a WHERE condition, a function argument …). */
    public static String expression(Expression expression) {
        return print(expression, OR);
    }

    private static String stats(Command.Stats s) {
        StringBuilder out = new StringBuilder(s.keyword());
        if (!s.aggregates().isEmpty()) {
            out.append(' ').append(s.aggregates().stream().map(EsqlCanonical::aggregate).collect(Collectors.joining(", ")));
        }
        if (!s.groupings().isEmpty()) {
            out.append(" BY ").append(fields(s.groupings()));
        }
        return out.toString();
    }

    private static String aggregate(Command.Aggregate a) {
        String body = expression(a.field().value()) + a.filter().map(f -> " WHERE " + expression(f)).orElse("");
        return named(a.field(), body);
    }

    private static String fields(List<NamedExpression> fields) {
        return fields.stream().map(f -> named(f, expression(f.value()))).collect(Collectors.joining(", "));
    }

    /** Bare when the column's name is the canonical text itself; else {@code name = …} keeps the name it had. */
    private static String named(NamedExpression field, String body) {
        return field.name().equals(body) ? body : name(field.name()) + " = " + body;
    }

    private static String sortKey(Command.SortKey key) {
        String out = expression(key.key()) + (key.ascending() ? "" : " DESC");
        // only a nulls order other than the direction's default is written
        return key.nullsFirst() == !key.ascending() ? out : out + (key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
    }

    private static String index(Command.IndexPattern index, String... keywords) {
        String pattern = index.pattern();
        boolean plain = UNQUOTED_SOURCE.matcher(pattern).matches()
                && java.util.Arrays.stream(keywords).noneMatch(pattern::equalsIgnoreCase);
        return (index.cluster() == null ? "" : index.cluster() + ":") + (plain ? pattern : string(pattern));
    }

    private static String print(Expression e, int place) {
        int strength = strength(e);
        String text = text(e);
        return strength < place ? "(" + text + ")" : text;
    }

    private static String text(Expression e) {
        if (e instanceof Expression.Literal l) {
            return literal(l.value(), l.type());
        }
        if (e instanceof Expression.Column c) {
            return name(c.name());
        }
        if (e instanceof Expression.Param p) {
            return p.name() != null ? "?" + p.name() : "?" + p.position();
        }
        if (e instanceof Expression.Star) {
            return "*";
        }
        if (e instanceof Expression.Not n) {
            return negated(n.operand());
        }
        if (e instanceof Expression.Logical l) {
            return logical(l);
        }
        if (e instanceof Expression.Comparison c) {
            return print(c.left(), ADDITIVE) + " " + c.operator().symbol() + " " + print(c.right(), ADDITIVE);
        }
        if (e instanceof Expression.Arithmetic a) {
            int own = strength(a);
            return print(a.left(), own) + " " + a.operator().symbol() + " " + print(a.right(), own + 1);
        }
        if (e instanceof Expression.Negate n) {
            String operand = print(n.operand(), UNARY);
            return operand.startsWith("-") ? "-(" + operand + ")" : "-" + operand;
        }
        if (e instanceof Expression.In in) {
            return in(in, in.negated());
        }
        if (e instanceof Expression.Like like) {
            return like(like, like.negated());
        }
        if (e instanceof Expression.IsNull isNull) {
            return isNull(isNull, isNull.negated());
        }
        if (e instanceof Expression.MatchOperator m) {
            return print(m.field(), PRIMARY) + " : " + print(m.query(), PRIMARY);
        }
        if (e instanceof Expression.FunctionCall f) {
            return f.name() + "(" + f.arguments().stream().map(EsqlCanonical::expression).collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof Expression.Cast c) {
            return print(c.value(), PRIMARY) + "::"
                    + DataType.fromCastName(c.typeName()).map(DataType::esName).orElse(c.typeName().toLowerCase(Locale.ROOT));
        }
        Expression.MapLiteral m = (Expression.MapLiteral) e;
        return "{" + m.entries().stream().map(x -> string(x.key()) + ": " + print(x.value(), PRIMARY))
                .collect(Collectors.joining(", ")) + "}";
    }

    private static int strength(Expression e) {
        if (e instanceof Expression.Logical l) {
            return l.operator() == Expression.LogicalOperator.OR ? OR : AND;
        }
        if (e instanceof Expression.Not n) {
            return isNegatable(n.operand()) ? PREDICATE : NOT;
        }
        if (isNegatable(e) || e instanceof Expression.MatchOperator) {
            return PREDICATE;
        }
        if (e instanceof Expression.Comparison) {
            return COMPARISON;
        }
        if (e instanceof Expression.Arithmetic a) {
            return a.operator() == ArithmeticOperator.ADD || a.operator() == ArithmeticOperator.SUBTRACT
                    ? ADDITIVE : MULTIPLICATIVE;
        }
        return e instanceof Expression.Negate ? UNARY : PRIMARY;
    }

    private static boolean isNegatable(Expression e) {
        return e instanceof Expression.In || e instanceof Expression.Like || e instanceof Expression.IsNull;
    }

    /** {@code NOT x IN (…)} is {@code x NOT IN (…)} (Elasticsearch builds the one as the other); so for LIKE and IS NULL. */
    private static String negated(Expression operand) {
        if (operand instanceof Expression.In in) {
            return in(in, !in.negated());
        }
        if (operand instanceof Expression.Like like) {
            return like(like, !like.negated());
        }
        if (operand instanceof Expression.IsNull isNull) {
            return isNull(isNull, !isNull.negated());
        }
        return "NOT " + print(operand, NOT);
    }

    private static String in(Expression.In in, boolean negated) {
        return print(in.value(), ADDITIVE) + (negated ? " NOT IN (" : " IN (")
                + in.candidates().stream().map(c -> print(c, ADDITIVE)).collect(Collectors.joining(", ")) + ")";
    }

    private static String like(Expression.Like like, boolean negated) {
        String patterns = like.patterns().stream().map(p -> print(p, PRIMARY)).collect(Collectors.joining(", "));
        return print(like.value(), ADDITIVE) + (negated ? " NOT " : " ") + (like.regex() ? "RLIKE " : "LIKE ")
                + (like.patterns().size() == 1 ? patterns : "(" + patterns + ")");
    }

    private static String isNull(Expression.IsNull isNull, boolean negated) {
        return print(isNull.value(), ADDITIVE) + (negated ? " IS NOT NULL" : " IS NULL");
    }

    /** A chain of one operator, flattened: {@code a AND (b AND c)} and {@code (a AND b) AND c} are one condition. */
    private static String logical(Expression.Logical l) {
        List<Expression> operands = new ArrayList<>();
        flatten(l, l.operator(), operands);
        int place = l.operator() == Expression.LogicalOperator.OR ? AND : NOT;
        return operands.stream().map(o -> print(o, place)).collect(Collectors.joining(" " + l.operator().name() + " "));
    }

    private static void flatten(Expression e, Expression.LogicalOperator operator, List<Expression> out) {
        if (e instanceof Expression.Logical l && l.operator() == operator) {
            flatten(l.left(), operator, out);
            flatten(l.right(), operator, out);
        } else {
            out.add(e);
        }
    }

    private static String literal(Object value, DataType type) {
        if (value == null) {
            return "NULL";
        }
        if (value instanceof List<?> list) {
            return "[" + list.stream().map(v -> literal(v, type)).collect(Collectors.joining(", ")) + "]";
        }
        if (value instanceof Boolean b) {
            return b ? "TRUE" : "FALSE";
        }
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof Double d) {
            return Double.toString(d);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof BigInteger) {
            return value.toString();
        }
        if (value instanceof Duration d) {
            return duration(d);
        }
        if (value instanceof Period p) {
            return period(p);
        }
        throw new IllegalArgumentException("no ES|QL spelling for a literal of " + value.getClass().getSimpleName());
    }

    /** The largest unit that states the length exactly: {@code 60 minutes} is {@code 1 hour}. */
    private static String duration(Duration d) {
        long millis = d.toMillis();
        if (millis % 3_600_000 == 0) {
            return amount(millis / 3_600_000, "hour");
        }
        if (millis % 60_000 == 0) {
            return amount(millis / 60_000, "minute");
        }
        return millis % 1000 == 0 ? amount(millis / 1000, "second") : amount(millis, "millisecond");
    }

    /** Calendar periods as the builder makes them: one of years/months (a quarter is 3 months) or days (a week is 7). */
    private static String period(Period p) {
        long months = p.toTotalMonths();
        if (months != 0) {
            return months % 12 == 0 ? amount(months / 12, "year") : amount(months, "month");
        }
        return p.getDays() % 7 == 0 && p.getDays() != 0 ? amount(p.getDays() / 7, "week") : amount(p.getDays(), "day");
    }

    private static String amount(long n, String unit) {
        return n + " " + unit + (Math.abs(n) == 1 ? "" : "s");
    }

    /** A string literal with the escapes the lexer knows ({@code \t \n \r \" \\}). */
    static String string(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A column name: its dotted parts unquoted where the lexer allows, else the whole name in backticks. */
    static String name(String name) {
        for (String part : name.split("\\.", -1)) {
            if (!IDENTIFIER.matcher(part).matches() || RESERVED.contains(part.toLowerCase(Locale.ROOT))) {
                return backquoted(name);
            }
        }
        return name;
    }

    /** A KEEP/DROP/RENAME pattern; {@code as} is a keyword only where RENAME reads it. */
    private static String namePattern(String pattern, boolean rename) {
        for (String part : pattern.split("\\.", -1)) {
            if (!NAME_PATTERN_PART.matcher(part).matches() || (rename && part.equalsIgnoreCase("as"))) {
                return pattern.chars().anyMatch(c -> c == '*') ? quotedParts(pattern) : backquoted(pattern);
            }
        }
        return pattern;
    }

    /** A pattern with wildcards and odd characters: the stars stay outside the backticks, so they stay wildcards. */
    private static String quotedParts(String pattern) {
        StringBuilder out = new StringBuilder();
        StringBuilder run = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                if (!run.isEmpty()) {
                    out.append(backquoted(run.toString()));
                    run.setLength(0);
                }
                out.append('*');
            } else {
                run.append(c);
            }
        }
        if (!run.isEmpty()) {
            out.append(backquoted(run.toString()));
        }
        return out.toString();
    }

    private static String backquoted(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
