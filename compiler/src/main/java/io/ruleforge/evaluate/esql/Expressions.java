package io.ruleforge.evaluate.esql;

import io.ruleforge.diag.QueryText;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.ql.ComparisonOperator;
import io.ruleforge.ql.SourceSpan;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Plans expressions against a column layout: binds columns, types every node, and checks what Elasticsearch's
 * verifier would refuse (unknown columns, functions, mismatched types) before any row is read. Evaluation follows
 * ES|QL: three-valued logic, null in → null out, a multi-value where one value is expected → null and a warning.
 */
final class Expressions {

    private final String query;
    private final QueryText text;
    private final Warnings warnings;
    private final EvaluationContext context;
    private final FullTextSupport fullText;
    /** While a STATS aggregate is planned: plans each aggregate call in it; null elsewhere (aggregates refused). */
    private Function<Expression.FunctionCall, Expr> aggregateHook;

    Expressions(String query, Warnings warnings, EvaluationContext context, FullTextSupport fullText) {
        this.query = query;
        this.text = new QueryText(query);
        this.warnings = warnings;
        this.context = context;
        this.fullText = fullText;
    }

    String source(SourceSpan span) {
        return span.end() <= query.length() ? query.substring(span.start(), span.end()) : "";
    }

    /** Runs {@code body}, turning a failure into null and a warning at {@code span}. */
    Object guarded(SourceSpan span, java.util.function.Supplier<Object> body) {
        EvaluationFailure failure;
        try {
            return body.get();
        } catch (EvaluationFailure e) {
            failure = e;
        } catch (ArithmeticException | java.time.DateTimeException e) {
            // a value out of Java's date or number range: Elasticsearch fails the same row the same way
            failure = new EvaluationFailure("java.lang." + (e instanceof ArithmeticException ? "ArithmeticException" : "IllegalArgumentException"),
                    String.valueOf(e.getMessage()));
        }
        warnings.add(text.line(span.start()), text.column(span.start()), source(span), failure);
        return null;
    }

    static int indexOf(List<Column> layout, String name) {
        for (int i = layout.size() - 1; i >= 0; i--) {
            if (layout.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    Expr plan(Expression e, List<Column> layout) {
        if (e instanceof Expression.Literal l) {
            return literal(l);
        }
        if (e instanceof Expression.Column c) {
            return column(c, layout);
        }
        if (e instanceof Expression.Param p) {
            throw EsqlEvaluationException.unsupported("query parameters (" + source(p.span()) + ") have no value here", p.span());
        }
        if (e instanceof Expression.Star s) {
            throw new EsqlEvaluationException("* is only allowed in COUNT(*)", s.span());
        }
        if (e instanceof Expression.Not n) {
            return not(n, layout);
        }
        if (e instanceof Expression.Logical l) {
            return logical(l, layout);
        }
        if (e instanceof Expression.Comparison c) {
            return comparison(c, layout);
        }
        if (e instanceof Expression.Arithmetic a) {
            return arithmetic(a, layout);
        }
        if (e instanceof Expression.Negate n) {
            return negate(n, layout);
        }
        if (e instanceof Expression.In in) {
            return in(in, layout);
        }
        if (e instanceof Expression.Like like) {
            return like(like, layout);
        }
        if (e instanceof Expression.IsNull isNull) {
            return isNull(isNull, layout);
        }
        if (e instanceof Expression.MatchOperator m) {
            return match(m.field(), m.query(), m.span(), layout);
        }
        if (e instanceof Expression.FunctionCall f) {
            return function(f, layout);
        }
        if (e instanceof Expression.Cast cast) {
            return cast(cast, layout);
        }
        throw new EsqlEvaluationException("a map of options is only allowed as a function's last argument", e.span());
    }

    /** Plans a STATS aggregate expression: aggregate calls through {@code hook}, the rest against {@code groupLayout}. */
    Expr planAggregate(Expression e, List<Column> groupLayout, Function<Expression.FunctionCall, Expr> hook) {
        Function<Expression.FunctionCall, Expr> outer = aggregateHook;
        aggregateHook = call -> {
            // an aggregate's own arguments are row expressions: no aggregate inside an aggregate
            Function<Expression.FunctionCall, Expr> saved = aggregateHook;
            aggregateHook = null;
            try {
                return hook.apply(call);
            } finally {
                aggregateHook = saved;
            }
        };
        try {
            return plan(e, groupLayout);
        } finally {
            aggregateHook = outer;
        }
    }

    static boolean containsAggregate(Expression expression) {
        return expression.anyMatch(node -> node instanceof Expression.FunctionCall f
                && AggregateFunctions.named(f.name()).isPresent());
    }

    // ---- leaves

    private static Expr literal(Expression.Literal l) {
        DataType type = l.type();
        Object value = l.value();
        if (value instanceof List<?> many) {
            List<Object> converted = new ArrayList<>();
            for (Object v : many) {
                converted.add(literalValue(v, type));
            }
            return Expr.constant(type, Values.cell(converted));
        }
        return Expr.constant(type, literalValue(value, type));
    }

    private static Object literalValue(Object v, DataType type) {
        if (v == null) {
            return null;
        }
        return switch (type) {
            case INTEGER -> v instanceof Number n ? (Object) n.intValue() : v;
            case LONG -> v instanceof Number n ? (Object) n.longValue() : v;
            case DOUBLE -> v instanceof Number n ? (Object) n.doubleValue() : v;
            case UNSIGNED_LONG -> v instanceof BigInteger ? v : BigInteger.valueOf(((Number) v).longValue());
            default -> v;
        };
    }

    private Expr column(Expression.Column c, List<Column> layout) {
        int index = indexOf(layout, c.name());
        if (index < 0) {
            throw new EsqlEvaluationException("Unknown column [" + c.name() + "]", c.span());
        }
        if (layout.get(index).undecidable() != null) {
            throw EsqlEvaluationException.unsupported(c.name() + ": " + layout.get(index).undecidable(), c.span());
        }
        DataType type = layout.get(index).type();
        return new Expr() {
            @Override
            public DataType type() {
                return type;
            }

            @Override
            public Object eval(Row row) {
                return row.cell(index);
            }
        };
    }

    private static Expr of(DataType type, Function<Row, Object> body) {
        return new Expr() {
            @Override
            public DataType type() {
                return type;
            }

            @Override
            public Object eval(Row row) {
                return body.apply(row);
            }
        };
    }

    /** The single value of a cell for an operator; a multi-value is a failure (null and a warning). */
    private static Object single(Object cell) {
        if (cell instanceof List<?>) {
            throw EvaluationFailure.multiValue();
        }
        return cell;
    }

    private void requireBoolean(Expr e, Expression source) {
        if (e.type() != DataType.BOOLEAN && e.type() != DataType.NULL) {
            throw new EsqlEvaluationException("argument of [" + source(source.span()) + "] must be [boolean], found value ["
                    + source(source.span()) + "] type [" + e.type().esName() + "]", source.span());
        }
    }

    // ---- logic

    private Expr not(Expression.Not n, List<Column> layout) {
        Expr operand = plan(n.operand(), layout);
        requireBoolean(operand, n.operand());
        return of(DataType.BOOLEAN, row -> guarded(n.span(), () -> {
            Object v = single(operand.eval(row));
            return v == null ? null : !(Boolean) v;
        }));
    }

    private Expr logical(Expression.Logical l, List<Column> layout) {
        Expr left = plan(l.left(), layout);
        Expr right = plan(l.right(), layout);
        requireBoolean(left, l.left());
        requireBoolean(right, l.right());
        boolean and = l.operator() == Expression.LogicalOperator.AND;
        return of(DataType.BOOLEAN, row -> {
            Object a = guarded(l.left().span(), () -> single(left.eval(row)));
            if (a != null && (Boolean) a != and) {
                return !and;
            }
            Object b = guarded(l.right().span(), () -> single(right.eval(row)));
            if (b != null && (Boolean) b != and) {
                return !and;
            }
            return a == null || b == null ? null : and;
        });
    }

    private Expr isNull(Expression.IsNull n, List<Column> layout) {
        Expr value = plan(n.value(), layout);
        return of(DataType.BOOLEAN, row -> (value.eval(row) == null) != n.negated());
    }

    // ---- comparison

    /**
     * Brings both sides of a comparison to one comparable type: numbers with numbers, strings with strings, and a
     * string with a date, ip, version or boolean converted to that type (as Elasticsearch casts string literals).
     */
    private Expr[] comparable(Expr left, Expr right, SourceSpan span, String operator) {
        DataType a = left.type();
        DataType b = right.type();
        if (a == DataType.NULL || b == DataType.NULL || a == b || a.isNumeric() && b.isNumeric() || a.isString() && b.isString()) {
            return new Expr[] {left, right};
        }
        if (a.isString() && convertible(b)) {
            return new Expr[] {converted(left, b, span), right};
        }
        if (b.isString() && convertible(a)) {
            return new Expr[] {left, converted(right, a, span)};
        }
        throw new EsqlEvaluationException("first argument of [" + source(span) + "] is [" + typeClass(a)
                + "] so second argument must also be [" + typeClass(a) + "] but was [" + b.esName() + "]", span);
    }

    private static String typeClass(DataType t) {
        return t.isNumeric() ? "numeric" : t.esName();
    }

    private static boolean convertible(DataType t) {
        return t == DataType.DATETIME || t == DataType.IP || t == DataType.VERSION || t == DataType.BOOLEAN;
    }

    private Expr converted(Expr stringSide, DataType target, SourceSpan span) {
        return of(target, row -> guarded(span, () -> {
            Object v = stringSide.eval(row);
            List<Object> out = new ArrayList<>();
            for (Object s : Values.list(v)) {
                out.add(Values.parse((String) s, target).orElseThrow(() -> EvaluationFailure.illegalArgument(
                        "cannot convert [" + s + "] to [" + target.esName() + "]")));
            }
            return Values.cell(out);
        }));
    }

    private Expr comparison(Expression.Comparison c, List<Column> layout) {
        Expr[] sides = comparable(plan(c.left(), layout), plan(c.right(), layout), c.span(), c.operator().symbol());
        Expr left = sides[0];
        Expr right = sides[1];
        ComparisonOperator op = c.operator();
        return of(DataType.BOOLEAN, row -> guarded(c.span(), () -> {
            Object a = single(left.eval(row));
            Object b = single(right.eval(row));
            if (a == null || b == null) {
                return null;
            }
            return test(op, a, b);
        }));
    }

    private static boolean test(ComparisonOperator op, Object a, Object b) {
        if (op == ComparisonOperator.EQ || op == ComparisonOperator.NEQ) {
            boolean eq = a instanceof Number || b instanceof Number ? Values.compareNumbers((Number) a, (Number) b) == 0 : a.equals(b);
            return eq == (op == ComparisonOperator.EQ);
        }
        int cmp = Values.compare(a, b);
        return switch (op) {
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
            default -> throw new IllegalStateException();
        };
    }

    private Expr in(Expression.In in, List<Column> layout) {
        Expr value = plan(in.value(), layout);
        List<Expr> candidates = new ArrayList<>();
        for (Expression candidate : in.candidates()) {
            candidates.add(comparable(value, plan(candidate, layout), in.span(), "IN")[1]);
        }
        Expr coercedValue = candidates.isEmpty() ? value : comparable(value, candidates.get(0), in.span(), "IN")[0];
        return of(DataType.BOOLEAN, row -> guarded(in.span(), () -> {
            Object v = single(coercedValue.eval(row));
            if (v == null) {
                return null;
            }
            boolean sawNull = false;
            for (Expr candidate : candidates) {
                Object c = single(candidate.eval(row));
                if (c == null) {
                    sawNull = true;
                } else if (test(ComparisonOperator.EQ, v, c)) {
                    return !in.negated();
                }
            }
            return sawNull ? null : in.negated();
        }));
    }

    // ---- LIKE / RLIKE

    private Expr like(Expression.Like like, List<Column> layout) {
        Expr value = plan(like.value(), layout);
        if (!value.type().isString() && value.type() != DataType.NULL) {
            throw new EsqlEvaluationException("first argument of [" + source(like.span()) + "] must be [string], found value ["
                    + source(like.value().span()) + "] type [" + value.type().esName() + "]", like.value().span());
        }
        List<Pattern> patterns = new ArrayList<>();
        for (Expression p : like.patterns()) {
            if (!(p instanceof Expression.Literal literal) || !(literal.value() instanceof String pattern)) {
                throw new EsqlEvaluationException("the pattern of " + (like.regex() ? "RLIKE" : "LIKE") + " must be a string literal",
                        p.span());
            }
            try {
                patterns.add(like.regex() ? Pattern.compile(luceneRegex(pattern), Pattern.DOTALL) : Pattern.compile(wildcard(pattern), Pattern.DOTALL));
            } catch (PatternSyntaxException e) {
                throw new EsqlEvaluationException("invalid regular expression [" + pattern + "]: " + e.getDescription(), p.span());
            }
        }
        return of(DataType.BOOLEAN, row -> guarded(like.span(), () -> {
            Object v = single(value.eval(row));
            if (v == null) {
                return null;
            }
            for (Pattern p : patterns) {
                if (p.matcher((String) v).matches()) {
                    return !like.negated();
                }
            }
            return like.negated();
        }));
    }

    /** A LIKE pattern as a Java regular expression: {@code *} any run, {@code ?} one character, {@code \} escapes. */
    static String wildcard(String pattern) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                out.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '*') {
                out.append(".*");
            } else if (c == '?') {
                out.append('.');
            } else {
                out.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return out.toString();
    }

    /**
     * A Lucene regular expression (RLIKE) as a Java one: the whole value must match, and {@code ^ $} (literal in
     * Lucene) are escaped; {@code "…"} quotes a literal string.
     */
    static String luceneRegex(String pattern) {
        StringBuilder out = new StringBuilder();
        boolean inClass = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                char next = pattern.charAt(++i);
                out.append(Character.isLetterOrDigit(next) ? "\\" + next : Pattern.quote(String.valueOf(next)));
            } else if (!inClass && c == '"') {
                int end = pattern.indexOf('"', i + 1);
                if (end < 0) {
                    throw new PatternSyntaxException("unterminated string", pattern, i);
                }
                out.append(Pattern.quote(pattern.substring(i + 1, end)));
                i = end;
            } else if (c == '[') {
                inClass = true;
                out.append(c);
            } else if (c == ']') {
                inClass = false;
                out.append(c);
            } else if (!inClass && (c == '^' || c == '$')) {
                out.append('\\').append(c);
            } else if (!inClass && c == '@') {
                out.append(".*");
            } else if (!inClass && (c == '*' || c == '+' || c == '?' || c == '{') && nothingToRepeat(out)) {
                // Lucene reads an operator with nothing before it as the character itself
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** At the start of the expression, of a group or of an alternative: where Lucene has nothing to repeat. */
    private static boolean nothingToRepeat(StringBuilder regexSoFar) {
        if (regexSoFar.length() == 0) {
            return true;
        }
        char last = regexSoFar.charAt(regexSoFar.length() - 1);
        boolean escaped = regexSoFar.length() > 1 && regexSoFar.charAt(regexSoFar.length() - 2) == '\\';
        return !escaped && (last == '(' || last == '|');
    }

    // ---- arithmetic

    private Expr arithmetic(Expression.Arithmetic a, List<Column> layout) {
        Expr left = plan(a.left(), layout);
        Expr right = plan(a.right(), layout);
        if (isTimeSpan(left.type())) {
            right = dateFromString(right, a.right().span());
        }
        if (isTimeSpan(right.type())) {
            left = dateFromString(left, a.left().span());
        }
        String op = a.operator().symbol();
        DataType type;
        try {
            type = Arithmetic.resultType(op, left.type(), right.type());
        } catch (IllegalArgumentException e) {
            throw new EsqlEvaluationException("[" + source(a.span()) + "]: " + e.getMessage(), a.span());
        }
        boolean constant = left.isConstant() && right.isConstant();
        Expr l = left;
        Expr r = right;
        Expr planned = of(type, row -> guarded(a.span(), () -> {
            Object x = single(l.eval(row));
            Object y = single(r.eval(row));
            if (x == null || y == null) {
                return null;
            }
            return Arithmetic.apply(op, x, y, type);
        }));
        return constant && (type == DataType.TIME_DURATION || type == DataType.DATE_PERIOD)
                ? Expr.constant(type, planned.eval(null)) : planned;
    }

    private Expr negate(Expression.Negate n, List<Column> layout) {
        Expr operand = plan(n.operand(), layout);
        if (!operand.type().isNumeric() && operand.type() != DataType.NULL && operand.type() != DataType.TIME_DURATION
                && operand.type() != DataType.DATE_PERIOD) {
            throw new EsqlEvaluationException("argument of [" + source(n.span()) + "] must be numeric, found ["
                    + operand.type().esName() + "]", n.span());
        }
        Expr planned = of(operand.type(), row -> guarded(n.span(), () -> {
            Object v = single(operand.eval(row));
            return v == null ? null : Arithmetic.negate(v);
        }));
        return operand.isConstant() ? Expr.constant(operand.type(), planned.eval(null)) : planned;
    }

    // ---- functions

    private Expr function(Expression.FunctionCall f, List<Column> layout) {
        if (AggregateFunctions.named(f.name()).isPresent() && aggregateHook != null) {
            return aggregateHook.apply(f);
        }
        if (AggregateFunctions.named(f.name()).isPresent()) {
            throw new EsqlEvaluationException("aggregate function [" + source(f.span()) + "] is only allowed in STATS", f.span());
        }
        switch (f.name()) {
            case "KQL" -> {
                return kql(f, layout);
            }
            case "MATCH" -> {
                if (f.arguments().size() < 2) {
                    throw new EsqlEvaluationException("MATCH takes a field and a query", f.span());
                }
                return match(f.arguments().get(0), f.arguments().get(1), f.span(), layout);
            }
            default -> {
            }
        }
        ScalarFunction function = ScalarFunctions.named(f.name()).orElseThrow(() -> EsqlEvaluationException.unsupported(
                "ruleforge does not evaluate the function [" + f.writtenName() + "] yet", f.nameSpan()));
        List<Expr> args = new ArrayList<>();
        for (Expression argument : f.arguments()) {
            args.add(plan(argument, layout));
        }
        for (int i = 0; i < args.size(); i++) {
            if (takesDate(f.name(), i, args.size())) {
                args.set(i, dateFromString(args.get(i), f.arguments().get(i).span()));
            }
        }
        List<DataType> types = args.stream().map(Expr::type).toList();
        DataType type;
        try {
            type = function.returnType(types);
        } catch (IllegalArgumentException | ClassCastException e) {
            throw new EsqlEvaluationException(e.getMessage() + " in [" + source(f.span()) + "]", f.span());
        }
        return of(type, row -> guarded(f.span(), () -> {
            List<Object> values = new ArrayList<>(args.size());
            for (Expr arg : args) {
                values.add(arg.eval(row));
            }
            try {
                return function.apply(values, types, context);
            } catch (ClassCastException e) {
                throw EvaluationFailure.illegalArgument("unsupported argument type in " + f.name());
            }
        }));
    }

    /** The arguments where Elasticsearch casts a string literal to a date (string_literal_auto_casting). */
    private static boolean takesDate(String function, int index, int arity) {
        return switch (function) {
            case "DATE_DIFF" -> index == 1 || index == 2;
            case "DATE_EXTRACT", "DATE_TRUNC" -> index == 1;
            case "DATE_FORMAT" -> index == arity - 1;
            default -> false;
        };
    }

    /** A constant string where a date is expected, as the date it names; anything else unchanged. */
    private static Expr dateFromString(Expr e, SourceSpan span) {
        if (!e.isConstant() || !e.type().isString() || !(e.eval(null) instanceof String text)) {
            return e;
        }
        Long millis = Values.parseDate(text).orElseThrow(() -> new EsqlEvaluationException(
                "Cannot convert string [" + text + "] to [DATETIME]", span));
        return Expr.constant(DataType.DATETIME, millis);
    }

    private static boolean isTimeSpan(DataType t) {
        return t == DataType.DATE_PERIOD || t == DataType.TIME_DURATION;
    }

    private Expr cast(Expression.Cast cast, List<Column> layout) {
        Optional<DataType> target = DataType.fromCastName(cast.typeName());
        String conversion = target.map(t -> switch (t) {
            case KEYWORD -> "TO_STRING";
            case TEXT -> "TO_TEXT";
            case INTEGER -> "TO_INTEGER";
            case LONG -> "TO_LONG";
            case DOUBLE -> "TO_DOUBLE";
            case BOOLEAN -> "TO_BOOLEAN";
            case DATETIME -> "TO_DATETIME";
            case IP -> "TO_IP";
            case VERSION -> "TO_VERSION";
            case GEO_POINT -> "TO_GEOPOINT";
            default -> null;
        }).orElse(null);
        if (conversion == null) {
            throw EsqlEvaluationException.unsupported("ruleforge does not evaluate casts to [" + cast.typeName() + "]", cast.typeSpan());
        }
        return function(new Expression.FunctionCall(conversion, conversion, List.of(cast.value()), cast.typeSpan(), cast.span()), layout);
    }

    /** KQL("query"): the row's source document decided by Kibana's KQL, as a WHERE right after FROM. */
    private Expr kql(Expression.FunctionCall f, List<Column> layout) {
        if (f.arguments().size() != 1 || !(f.arguments().get(0) instanceof Expression.Literal l) || !(l.value() instanceof String kqlQuery)) {
            throw new EsqlEvaluationException("KQL takes one string literal, the KQL query", f.span());
        }
        var decide = fullText.kql().orElseThrow(() -> EsqlEvaluationException.unsupported(
                "KQL() cannot be evaluated here: no KQL evaluator was given", f.span()));
        return of(DataType.BOOLEAN, row -> {
            if (row.source() == null || row.source().document() == null) {
                throw new EsqlEvaluationException("[" + source(f.span()) + "] needs the source documents: it can only be used"
                        + " before commands that change rows (STATS)", f.span());
            }
            return guarded(f.span(), () -> decide.matches(kqlQuery, row.source().document(), context.nowMillis()));
        });
    }

    /**
     * MATCH(field, "query") and {@code field : "query"}: on a text field, any of the query's terms among the
     * value's terms (the match query's default OR); on other fields, the value equals the query.
     */
    private Expr match(Expression fieldExpression, Expression queryExpression, SourceSpan span, List<Column> layout) {
        if (!(fieldExpression instanceof Expression.Column) && !(fieldExpression instanceof Expression.Cast)) {
            throw new EsqlEvaluationException("the first argument of MATCH must be a field", fieldExpression.span());
        }
        Expr field = plan(fieldExpression, layout);
        Expr queryValue = plan(queryExpression, layout);
        if (!queryValue.isConstant()) {
            throw new EsqlEvaluationException("the query of MATCH must be a constant", queryExpression.span());
        }
        Object q = queryValue.eval(null);
        return of(DataType.BOOLEAN, row -> {
            Object cell = field.eval(row);
            if (cell == null || q == null) {
                return false;
            }
            if (field.type() == DataType.TEXT) {
                List<String> wanted = fullText.analyzer().apply(q.toString());
                for (Object v : Values.list(cell)) {
                    List<String> terms = fullText.analyzer().apply((String) v);
                    if (wanted.stream().anyMatch(terms::contains)) {
                        return true;
                    }
                }
                return false;
            }
            for (Object v : Values.list(cell)) {
                Object target = q instanceof String s && !(v instanceof String) ? Values.parse(s, field.type()).orElse(null) : q;
                if (target != null && (v instanceof Number && target instanceof Number
                        ? Values.compareNumbers((Number) v, (Number) target) == 0 : v.equals(target))) {
                    return true;
                }
            }
            return false;
        });
    }

    /** A date_period or time_duration constant written as a string ({@code "1 day"}), as older queries do. */
    static Object interval(String text) {
        String[] parts = text.trim().split("\\s+");
        if (parts.length != 2) {
            return null;
        }
        long n = Long.parseLong(parts[0]);
        String unit = parts[1].toLowerCase(Locale.ROOT);
        return switch (unit.endsWith("s") && unit.length() > 2 ? unit.substring(0, unit.length() - 1) : unit) {
            case "millisecond", "ms" -> Duration.ofMillis(n);
            case "second", "sec", "s" -> Duration.ofSeconds(n);
            case "minute", "min" -> Duration.ofMinutes(n);
            case "hour", "h" -> Duration.ofHours(n);
            case "day", "d" -> Period.ofDays((int) n);
            case "week", "w" -> Period.ofWeeks((int) n);
            case "month", "mo" -> Period.ofMonths((int) n);
            case "quarter", "q" -> Period.ofMonths((int) n * 3);
            case "year", "yr", "y" -> Period.ofYears((int) n);
            default -> null;
        };
    }
}
