package io.ruleforge.esql.verify;

import io.ruleforge.diag.EditDistance;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.esql.functions.EsqlFunction;
import io.ruleforge.esql.functions.EsqlFunctions;
import io.ruleforge.esql.functions.Parameter;
import io.ruleforge.ql.ArithmeticOperator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Types expressions against the columns of one pipeline step and reports what Elasticsearch's analyzer and verifier
 * reject: unknown columns and functions, arity, argument types, aggregates outside STATS, non-boolean conditions.
 * An unknown type ({@code UNSUPPORTED}: unmapped field, parameter) is compatible with everything, so one gap in the
 * mapping never cascades into a chain of errors.
 */
final class ExpressionTypes {

    /** Where an expression stands: aggregates are allowed only in STATS aggregates, and not inside one another. */
    enum Context { ROW, AGGREGATE, INSIDE_AGGREGATE }

    private final ColumnScope scope;
    private final Problems problems;
    private final KqlArgumentCheck kql;
    private final Map<String, Expression.Column> unmappedFields;

    /** @param unmappedFields collects each field the mapping lacks at its first use; the caller reports them */
    ExpressionTypes(ColumnScope scope, Problems problems, KqlArgumentCheck kql,
                    Map<String, Expression.Column> unmappedFields) {
        this.scope = scope;
        this.problems = problems;
        this.kql = kql;
        this.unmappedFields = unmappedFields;
    }

    DataType type(Expression e, Context context) {
        if (e instanceof Expression.Literal l) {
            if (l.type() == DataType.TIME_DURATION && kql.sourceOf(l.span()).matches("(?s).*\\dm")) {
                problems.warning("time-unit", "the time unit m is not one Elasticsearch 8.19 knows (nor its source up"
                        + " to 9.3): it may reject the query; write min for minutes", l.span());
            }
            return l.type();
        }
        if (e instanceof Expression.Column c) {
            return column(c);
        }
        if (e instanceof Expression.Param || e instanceof Expression.MapLiteral) {
            return DataType.UNSUPPORTED;
        }
        if (e instanceof Expression.Star s) {
            problems.error("misplaced-star", "* is only allowed as the argument of COUNT", s.span());
            return DataType.UNSUPPORTED;
        }
        if (e instanceof Expression.Not n) {
            booleanOperand(n.operand(), context, "NOT");
            return DataType.BOOLEAN;
        }
        if (e instanceof Expression.Logical l) {
            booleanOperand(l.left(), context, l.operator().name());
            booleanOperand(l.right(), context, l.operator().name());
            return DataType.BOOLEAN;
        }
        if (e instanceof Expression.Comparison c) {
            comparable(c.left(), c.right(), context, c.operator().symbol(), c);
            return DataType.BOOLEAN;
        }
        if (e instanceof Expression.Arithmetic a) {
            return arithmetic(a, context);
        }
        if (e instanceof Expression.Negate n) {
            DataType t = type(n.operand(), context);
            if (known(t) && !t.isNumeric() && !DataType.TEMPORAL_AMOUNT.contains(t)) {
                problems.error("argument-type", "argument of [-] must be numeric, found [" + t.esName() + "]", n.span());
            }
            return t;
        }
        if (e instanceof Expression.In in) {
            for (Expression candidate : in.candidates()) {
                comparable(in.value(), candidate, context, "IN", in);
            }
            return DataType.BOOLEAN;
        }
        if (e instanceof Expression.Like l) {
            DataType t = type(l.value(), context);
            if (known(t) && !t.isString()) {
                problems.error("argument-type", "first argument of [" + (l.regex() ? "RLIKE" : "LIKE")
                        + "] must be [string], found [" + t.esName() + "]", l.value().span());
            }
            return DataType.BOOLEAN;
        }
        if (e instanceof Expression.IsNull n) {
            type(n.value(), context);
            return DataType.BOOLEAN;
        }
        if (e instanceof Expression.MatchOperator m) {
            type(m.field(), context);
            type(m.query(), context);
            return DataType.BOOLEAN;
        }
        if (e instanceof Expression.Cast c) {
            type(c.value(), context);
            return DataType.fromCastName(c.typeName()).orElse(DataType.UNSUPPORTED);
        }
        return function((Expression.FunctionCall) e, context);
    }

    private DataType column(Expression.Column c) {
        ColumnScope.Resolved r = scope.resolve(c.name());
        switch (r.kind()) {
            case UNMAPPED -> unmappedFields.putIfAbsent(c.name(), c);
            case UNKNOWN -> problems.error("unknown-column", "unknown column [" + c.name() + "]"
                    + EditDistance.closest(c.name(), scope.names()).map(n -> ", did you mean [" + n + "]?").orElse(""),
                    c.span());
            default -> {
            }
        }
        return r.type();
    }

    private void booleanOperand(Expression operand, Context context, String operator) {
        DataType t = type(operand, context);
        if (known(t) && t != DataType.BOOLEAN) {
            problems.error("argument-type", "operand of [" + operator + "] must be [boolean], found ["
                    + t.esName() + "]", operand.span());
        }
    }

    private void comparable(Expression left, Expression right, Context context, String operator, Expression whole) {
        DataType l = type(left, context);
        DataType r = type(right, context);
        if (!known(l) || !known(r) || compatible(l, r, left, right)) {
            return;
        }
        problems.error("argument-type", "[" + operator + "] compares [" + l.esName() + "] with [" + r.esName()
                + "]: Elasticsearch cannot compare these types", whole.span());
    }

    /** Same family, or a string literal Elasticsearch converts (dates, IPs, versions, booleans written as text). */
    private static boolean compatible(DataType l, DataType r, Expression left, Expression right) {
        if (l == r || l.isNumeric() && r.isNumeric() || l.isString() && r.isString() || l.isDate() && r.isDate()) {
            return true;
        }
        return isStringLiteral(left) || isStringLiteral(right);
    }

    private static boolean isStringLiteral(Expression e) {
        return e instanceof Expression.Literal l && l.type() == DataType.KEYWORD;
    }

    private DataType arithmetic(Expression.Arithmetic a, Context context) {
        DataType l = type(a.left(), context);
        DataType r = type(a.right(), context);
        if (!known(l) || !known(r)) {
            return known(l) && (l.isDate()) ? l : known(r) && r.isDate() ? r : DataType.UNSUPPORTED;
        }
        if (l.isNumeric() && r.isNumeric()) {
            return widest(l, r);
        }
        boolean plusMinus = a.operator() == ArithmeticOperator.ADD
                || a.operator() == ArithmeticOperator.SUBTRACT;
        if (plusMinus && l.isDate() && DataType.TEMPORAL_AMOUNT.contains(r)) {
            return l;
        }
        if (a.operator() == ArithmeticOperator.ADD && r.isDate() && DataType.TEMPORAL_AMOUNT.contains(l)) {
            return r;
        }
        if (plusMinus && DataType.TEMPORAL_AMOUNT.contains(l) && l == r) {
            return l;
        }
        problems.error("argument-type", "[" + a.operator().symbol() + "] has arguments of types [" + l.esName()
                + "] and [" + r.esName() + "]; it takes numbers, or a date and a time span", a.span());
        return DataType.UNSUPPORTED;
    }

    private static DataType widest(DataType l, DataType r) {
        List<DataType> order = List.of(DataType.INTEGER, DataType.LONG, DataType.UNSIGNED_LONG, DataType.DOUBLE);
        return order.indexOf(l) >= order.indexOf(r) ? l : r;
    }

    private DataType function(Expression.FunctionCall call, Context context) {
        Optional<EsqlFunction> found = EsqlFunctions.lookup(call.name());
        if (found.isEmpty()) {
            problems.error("unknown-function", "unknown function [" + call.writtenName() + "]"
                    + EditDistance.closest(call.name(), EsqlFunctions.names()).map(n -> ", did you mean [" + n + "]?")
                    .orElse(""), call.nameSpan());
            call.arguments().forEach(a -> type(a, context));
            return DataType.UNSUPPORTED;
        }
        EsqlFunction f = found.get();
        Context inner = context;
        if (f.isAggregate()) {
            if (context == Context.ROW) {
                problems.error("misplaced-aggregate", "aggregate function [" + call.writtenName()
                        + "] is only allowed in the aggregates of STATS", call.nameSpan());
            } else if (context == Context.INSIDE_AGGREGATE) {
                problems.error("nested-aggregate", "aggregate function [" + call.writtenName()
                        + "] cannot be nested in another aggregate function", call.nameSpan());
            }
            inner = Context.INSIDE_AGGREGATE;
        }
        int n = call.arguments().size();
        if (n < f.minArity() || n > f.maxArity()) {
            problems.error("arity", "function [" + f.name() + "] takes " + f.arityDescription() + " argument"
                    + (f.maxArity() == 1 && f.minArity() == 1 ? "" : "s") + ", found " + n, call.span());
        }
        if (f.name().equals("CASE") && n >= 2) {
            return caseType(call, inner);
        }
        List<DataType> types = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Expression arg = call.arguments().get(i);
            if (arg instanceof Expression.Star && f.name().equals("COUNT") && n == 1) {
                types.add(DataType.UNSUPPORTED);
                continue;
            }
            DataType t = type(arg, inner);
            types.add(t);
            if (i < f.maxArity() && known(t)) {
                Parameter p = f.parameter(i);
                if (!p.accepts(t) && !(isStringLiteral(arg) && convertibleFromString(p))) {
                    problems.error("argument-type", ordinal(i) + " argument of [" + f.name() + "] (" + p.name()
                            + ") must be [" + p.typeDescription() + "], found [" + t.esName() + "]", arg.span());
                }
            }
            if (i < f.maxArity() && f.parameter(i).constant() && !isConstant(arg)) {
                problems.error("not-constant", ordinal(i) + " argument of [" + f.name() + "] (" + f.parameter(i).name()
                        + ") must be a constant", arg.span());
            }
        }
        if (f.name().equals("KQL") && n == 1) {
            kql.check(call.arguments().get(0));
        }
        return f.resultType(types);
    }

    /** CASE(condition, value, …, [else]): conditions at even positions, the values of one type. */
    private DataType caseType(Expression.FunctionCall call, Context context) {
        List<Expression> args = call.arguments();
        DataType result = DataType.NULL;
        for (int i = 0; i < args.size(); i++) {
            boolean condition = i % 2 == 0 && i < args.size() - 1;
            DataType t = type(args.get(i), context);
            if (condition) {
                if (known(t) && t != DataType.BOOLEAN) {
                    problems.error("argument-type", ordinal(i) + " argument of [CASE] is a condition and must be"
                            + " [boolean], found [" + t.esName() + "]", args.get(i).span());
                }
            } else if (result == DataType.NULL && t != DataType.NULL) {
                result = t;
            }
        }
        return result;
    }

    private static boolean convertibleFromString(Parameter p) {
        return p.types().stream().anyMatch(t -> t.isDate() || t == DataType.IP || t == DataType.VERSION
                || DataType.TEMPORAL_AMOUNT.contains(t) || DataType.SPATIAL.contains(t) || t == DataType.BOOLEAN);
    }

    /** Foldable as Elasticsearch means it: literals, parameters and operators or functions over them (not NOW's). */
    private static boolean isConstant(Expression e) {
        return !e.anyMatch(node -> node instanceof Expression.Column || node instanceof Expression.Star);
    }

    static boolean known(DataType t) {
        return t != DataType.UNSUPPORTED && t != DataType.NULL;
    }

    private static String ordinal(int i) {
        return switch (i) {
            case 0 -> "first";
            case 1 -> "second";
            case 2 -> "third";
            default -> (i + 1) + "th";
        };
    }
}
