package io.ruleforge.esql;

import io.ruleforge.diag.QueryText;
import io.ruleforge.esql.ast.Command;
import io.ruleforge.esql.ast.DataType;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.esql.ast.Expression;
import io.ruleforge.esql.ast.NamedExpression;
import io.ruleforge.ql.ArithmeticOperator;
import io.ruleforge.ql.ComparisonOperator;
import io.ruleforge.ql.SourceSpan;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Builds the immutable {@link EsqlQuery} from ANTLR's parse tree, and refuses what the grammar lets through but
 * Elasticsearch rejects while building its plan: syntax of the other version, a non-integer {@code LIMIT}, unknown
 * time units, bad {@code DISSECT} options and patterns. Each refusal is positioned where Elasticsearch positions it.
 */
final class EsqlAstBuilder {

    /** Elasticsearch's longest {@code LIMIT} is an int. */
    private static final BigInteger MAX_INT = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MAX_UNSIGNED_LONG = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    /** What FROM … METADATA accepts (Elasticsearch 8.19's MetadataAttribute). */
    static final List<String> METADATA_FIELDS = List.of("_id", "_ignored", "_index", "_index_mode", "_score",
            "_source", "_version");

    private final QueryText source;
    private final EsqlVersion version;
    private final int maxDepth;
    private int anonymousParams;
    private int depth;

    EsqlAstBuilder(QueryText source, EsqlVersion version, int maxDepth) {
        this.source = source;
        this.version = version;
        this.maxDepth = maxDepth;
    }

    EsqlQuery build(EsqlGrammar.StatementContext ctx) {
        List<Command> commands = new ArrayList<>();
        commands.add(sourceCommand(ctx.sourceCommand()));
        for (EsqlGrammar.ProcessingCommandContext p : ctx.processingCommand()) {
            commands.add(processingCommand(p));
        }
        SourceSpan span = commands.get(0).span().to(commands.get(commands.size() - 1).span());
        return new EsqlQuery(commands, span);
    }

    // ---------------------------------------------------------------- commands

    private Command sourceCommand(EsqlGrammar.SourceCommandContext ctx) {
        if (ctx.fromCommand() != null) {
            return from(ctx.fromCommand());
        }
        return new Command.Row(fields(ctx.rowCommand().fields()), span(ctx.rowCommand()));
    }

    private Command.From from(EsqlGrammar.FromCommandContext ctx) {
        List<Command.IndexPattern> indices = ctx.indexPattern().stream().map(this::indexPattern).toList();
        List<Expression.Column> metadata = new ArrayList<>();
        if (ctx.metadata() != null) {
            for (TerminalNode field : ctx.metadata().UNQUOTED_SOURCE()) {
                if (!METADATA_FIELDS.contains(field.getText())) {
                    throw new EsqlSyntaxException(span(field.getSymbol()), "unsupported metadata field ["
                            + field.getText() + "]; Elasticsearch has " + String.join(", ", METADATA_FIELDS));
                }
                metadata.add(new Expression.Column(field.getText(), span(field.getSymbol())));
            }
        }
        return new Command.From(indices, metadata, span(ctx));
    }

    private Command.IndexPattern indexPattern(EsqlGrammar.IndexPatternContext ctx) {
        String cluster = ctx.cluster == null ? null : ctx.cluster.getText();
        Token index = ctx.indexName().getStart();
        String name = index.getType() == EsqlGrammarLexer.QUOTED_STRING ? unquoteString(index) : index.getText();
        return new Command.IndexPattern(cluster, name, span(ctx));
    }

    private Command processingCommand(EsqlGrammar.ProcessingCommandContext ctx) {
        ParserRuleContext c = (ParserRuleContext) ctx.getChild(0);
        SourceSpan span = span(c);
        if (c instanceof EsqlGrammar.WhereCommandContext w) {
            return new Command.Where(expression(w.booleanExpression()), span);
        }
        if (c instanceof EsqlGrammar.EvalCommandContext e) {
            return new Command.Eval(fields(e.fields()), span);
        }
        if (c instanceof EsqlGrammar.StatsCommandContext s) {
            return stats(s.aggregates(), s.grouping, false, s.getStart(), span);
        }
        if (c instanceof EsqlGrammar.InlineStatsCommandContext s) {
            return stats(s.aggregates(), s.grouping, true, s.getStart(), span);
        }
        if (c instanceof EsqlGrammar.KeepCommandContext k) {
            return new Command.Keep(namePatterns(k.namePatterns()), span);
        }
        if (c instanceof EsqlGrammar.DropCommandContext d) {
            return new Command.Drop(namePatterns(d.namePatterns()), span);
        }
        if (c instanceof EsqlGrammar.RenameCommandContext r) {
            return new Command.Rename(r.renameClause().stream().map(this::rename).toList(), span);
        }
        if (c instanceof EsqlGrammar.SortCommandContext s) {
            return new Command.Sort(s.orderExpression().stream().map(this::sortKey).toList(), span);
        }
        if (c instanceof EsqlGrammar.LimitCommandContext l) {
            return new Command.Limit(limit(l.constant()), span);
        }
        if (c instanceof EsqlGrammar.MvExpandCommandContext m) {
            return new Command.MvExpand(column(m.qualifiedName()), span);
        }
        if (c instanceof EsqlGrammar.GrokCommandContext g) {
            return new Command.Grok(primary(g.primaryExpression()), decodeString(g.string()), span(g.string()), span);
        }
        if (c instanceof EsqlGrammar.DissectCommandContext d) {
            return dissect(d, span);
        }
        if (c instanceof EsqlGrammar.LookupJoinCommandContext j) {
            return lookupJoin(j, span);
        }
        if (c instanceof EsqlGrammar.CompletionCommandContext comp) {
            Expression.Column target = comp.target != null ? column(comp.target)
                    : new Expression.Column(Command.Completion.DEFAULT_TARGET, span(comp.getStart()));
            return new Command.Completion(target, primary(comp.prompt), map(comp.mapExpression()), span);
        }
        throw new IllegalStateException("unhandled command " + c.getClass().getSimpleName());
    }

    private Command.Stats stats(EsqlGrammar.AggregatesContext aggregates, EsqlGrammar.FieldsContext grouping,
                                boolean inline, Token keyword, SourceSpan span) {
        if (aggregates == null && grouping == null) {
            throw new EsqlSyntaxException(span(keyword), "at least one aggregation or grouping expression required in ["
                    + source.text().substring(span.start(), span.end()) + "]");
        }
        List<Command.Aggregate> aggs = new ArrayList<>();
        if (aggregates != null) {
            for (EsqlGrammar.AggregateContext a : aggregates.aggregate()) {
                NamedExpression field = field(a.field(), a);
                Optional<Expression> filter = a.filter == null ? Optional.empty() : Optional.of(expression(a.filter));
                aggs.add(new Command.Aggregate(field, filter, span(a)));
            }
        }
        List<NamedExpression> groups = grouping == null ? List.of() : fields(grouping);
        return new Command.Stats(aggs, groups, inline, span);
    }

    private Command.RenamePair rename(EsqlGrammar.RenameClauseContext ctx) {
        if (ctx instanceof EsqlGrammar.RenameAsContext as) {
            return new Command.RenamePair(namePattern(as.oldName), namePattern(as.newName), span(ctx));
        }
        EsqlGrammar.RenameAssignContext assign = (EsqlGrammar.RenameAssignContext) ctx;
        return new Command.RenamePair(namePattern(assign.oldName), namePattern(assign.newName), span(ctx));
    }

    private Command.SortKey sortKey(EsqlGrammar.OrderExpressionContext ctx) {
        boolean ascending = ctx.ordering == null || ctx.ordering.getType() == EsqlGrammarLexer.ASC;
        Command.NullsOrder nulls = ctx.nullOrdering == null ? Command.NullsOrder.DEFAULT
                : ctx.nullOrdering.getType() == EsqlGrammarLexer.FIRST ? Command.NullsOrder.FIRST : Command.NullsOrder.LAST;
        return new Command.SortKey(expression(ctx.booleanExpression()), ascending, nulls, span(ctx));
    }

    private int limit(EsqlGrammar.ConstantContext ctx) {
        Expression value = constant(ctx);
        if (value instanceof Expression.Literal lit && lit.value() instanceof Integer i) {
            if (i < 0) {
                throw new EsqlSyntaxException(span(ctx), "value of [LIMIT] must be a non-negative integer, found [" + i + "]");
            }
            return i;
        }
        if (value instanceof Expression.Param) {
            throw new EsqlSyntaxException(span(ctx), "a parameter as the LIMIT is not supported by ruleforge; write the number");
        }
        throw new EsqlSyntaxException(span(ctx), "invalid value for LIMIT [" + text(ctx)
                + "], expecting a non-negative integer");
    }

    private Command.Dissect dissect(EsqlGrammar.DissectCommandContext ctx, SourceSpan span) {
        Optional<String> separator = Optional.empty();
        if (ctx.commandOptions() != null) {
            for (EsqlGrammar.CommandOptionContext option : ctx.commandOptions().commandOption()) {
                String name = identifier(option.identifier());
                if (!name.equalsIgnoreCase("append_separator")) {
                    throw new EsqlSyntaxException(span(option), "invalid option for DISSECT: [" + name
                            + "]; the only option is append_separator");
                }
                Expression value = constant(option.constant());
                if (!(value instanceof Expression.Literal lit && lit.value() instanceof String s)) {
                    throw new EsqlSyntaxException(span(option), "invalid value for DISSECT append_separator: expected a"
                            + " string but was [" + text(option.constant()) + "]");
                }
                separator = Optional.of(s);
            }
        }
        String pattern = decodeString(ctx.string());
        if (!pattern.contains("%{")) {
            throw new EsqlSyntaxException(span(ctx.string()), "invalid pattern for DISSECT: [" + pattern
                    + "]: it extracts no key (%{name})");
        }
        return new Command.Dissect(primary(ctx.primaryExpression()), pattern, span(ctx.string()), separator, span);
    }

    private Command.LookupJoin lookupJoin(EsqlGrammar.LookupJoinCommandContext ctx, SourceSpan span) {
        List<Expression.Column> on = new ArrayList<>();
        if (!version.atLeast9() && ctx.joinField().size() > 1) {
            throw new EsqlSyntaxException(span(ctx.getStart()), "JOIN ON clause only supports one field in ES|QL "
                    + version.label() + ", found [" + ctx.joinField().size() + "]");
        }
        for (EsqlGrammar.JoinFieldContext f : ctx.joinField()) {
            Expression e = value(f.valueExpression());
            if (!(e instanceof Expression.Column column)) {
                throw new EsqlSyntaxException(span(f), "JOIN ON clause only supports fields, found [" + text(f) + "]");
            }
            on.add(column);
        }
        return new Command.LookupJoin(indexPattern(ctx.indexPattern()), on, span);
    }

    private List<NamedExpression> fields(EsqlGrammar.FieldsContext ctx) {
        return ctx.field().stream().map(f -> field(f, f)).toList();
    }

    /** {@code whole} is the text that names an unnamed field (for aggregates: including their WHERE filter). */
    private NamedExpression field(EsqlGrammar.FieldContext ctx, ParserRuleContext whole) {
        Expression value = expression(ctx.booleanExpression());
        if (ctx.qualifiedName() != null) {
            return new NamedExpression(qualifiedName(ctx.qualifiedName()), value, true, span(ctx));
        }
        // Elasticsearch names an unnamed field after its text, but a plain column keeps its own (unquoted) name
        String name = value instanceof Expression.Column c && whole == ctx ? c.name() : text(whole);
        return new NamedExpression(name, value, false, span(ctx));
    }

    private List<Command.NamePattern> namePatterns(EsqlGrammar.NamePatternsContext ctx) {
        return ctx.namePattern().stream().map(this::namePattern).toList();
    }

    private Command.NamePattern namePattern(EsqlGrammar.NamePatternContext ctx) {
        List<String> parts = new ArrayList<>();
        for (TerminalNode part : ctx.ID_PATTERN()) {
            parts.add(unquotePattern(part.getText()));
        }
        return new Command.NamePattern(String.join(".", parts), span(ctx));
    }

    // ---------------------------------------------------------------- expressions

    private Expression expression(EsqlGrammar.BooleanExpressionContext ctx) {
        enter(ctx);
        try {
            return booleanExpression(ctx);
        } finally {
            depth--;
        }
    }

    private Expression booleanExpression(EsqlGrammar.BooleanExpressionContext ctx) {
        SourceSpan span = span(ctx);
        if (ctx instanceof EsqlGrammar.LogicalNotContext n) {
            return new Expression.Not(expression(n.booleanExpression()), span);
        }
        if (ctx instanceof EsqlGrammar.BooleanDefaultContext d) {
            return value(d.valueExpression());
        }
        if (ctx instanceof EsqlGrammar.RegexExpressionContext r) {
            return regex(r.regexBooleanExpression());
        }
        if (ctx instanceof EsqlGrammar.LogicalBinaryContext b) {
            Expression.LogicalOperator op = b.operator.getType() == EsqlGrammarLexer.AND
                    ? Expression.LogicalOperator.AND : Expression.LogicalOperator.OR;
            return new Expression.Logical(op, expression(b.left), expression(b.right), span);
        }
        if (ctx instanceof EsqlGrammar.LogicalInContext in) {
            List<EsqlGrammar.ValueExpressionContext> values = in.valueExpression();
            List<Expression> candidates = new ArrayList<>();
            for (int i = 1; i < values.size(); i++) {
                candidates.add(value(values.get(i)));
            }
            return new Expression.In(value(values.get(0)), candidates, in.NOT() != null, span);
        }
        if (ctx instanceof EsqlGrammar.IsNullContext n) {
            return new Expression.IsNull(value(n.valueExpression()), n.NOT() != null, span);
        }
        EsqlGrammar.MatchBooleanExpressionContext m = ((EsqlGrammar.MatchExpressionContext) ctx).matchBooleanExpression();
        Expression field = column(m.qualifiedName());
        if (m.dataType() != null) {
            field = cast(field, m.dataType(), span(m.qualifiedName().getStart(), m.dataType().getStop()));
        }
        return new Expression.MatchOperator(field, constant(m.constant()), span);
    }

    private Expression regex(EsqlGrammar.RegexBooleanExpressionContext ctx) {
        SourceSpan span = span(ctx);
        if (ctx instanceof EsqlGrammar.SinglePatternContext s) {
            return new Expression.Like(value(s.valueExpression()), List.of(stringLiteral(s.string())),
                    s.kind.getType() == EsqlGrammarLexer.RLIKE, s.NOT() != null, span);
        }
        EsqlGrammar.PatternListContext l = (EsqlGrammar.PatternListContext) ctx;
        return new Expression.Like(value(l.valueExpression()), l.string().stream().<Expression>map(this::stringLiteral).toList(),
                l.kind.getType() == EsqlGrammarLexer.RLIKE, l.NOT() != null, span);
    }

    private Expression value(EsqlGrammar.ValueExpressionContext ctx) {
        if (ctx instanceof EsqlGrammar.ValueExpressionDefaultContext d) {
            return operator(d.operatorExpression());
        }
        EsqlGrammar.ComparisonContext c = (EsqlGrammar.ComparisonContext) ctx;
        ComparisonOperator op = switch (c.comparisonOperator().getStart().getType()) {
            case EsqlGrammarLexer.EQ -> ComparisonOperator.EQ;
            case EsqlGrammarLexer.NEQ -> ComparisonOperator.NEQ;
            case EsqlGrammarLexer.LT -> ComparisonOperator.LT;
            case EsqlGrammarLexer.LTE -> ComparisonOperator.LTE;
            case EsqlGrammarLexer.GT -> ComparisonOperator.GT;
            default -> ComparisonOperator.GTE;
        };
        return new Expression.Comparison(op, operator(c.left), operator(c.right), span(ctx));
    }

    private Expression operator(EsqlGrammar.OperatorExpressionContext ctx) {
        enter(ctx);
        try {
            if (ctx instanceof EsqlGrammar.OperatorExpressionDefaultContext d) {
                return primary(d.primaryExpression());
            }
            if (ctx instanceof EsqlGrammar.ArithmeticUnaryContext u) {
                Expression operand = operator(u.operatorExpression());
                return u.operator.getType() == EsqlGrammarLexer.MINUS ? new Expression.Negate(operand, span(ctx)) : operand;
            }
            EsqlGrammar.ArithmeticBinaryContext b = (EsqlGrammar.ArithmeticBinaryContext) ctx;
            ArithmeticOperator op = switch (b.operator.getType()) {
                case EsqlGrammarLexer.PLUS -> ArithmeticOperator.ADD;
                case EsqlGrammarLexer.MINUS -> ArithmeticOperator.SUBTRACT;
                case EsqlGrammarLexer.ASTERISK -> ArithmeticOperator.MULTIPLY;
                case EsqlGrammarLexer.SLASH -> ArithmeticOperator.DIVIDE;
                default -> ArithmeticOperator.MODULO;
            };
            return new Expression.Arithmetic(op, operator(b.left), operator(b.right), span(ctx));
        } finally {
            depth--;
        }
    }

    private Expression primary(EsqlGrammar.PrimaryExpressionContext ctx) {
        enter(ctx);
        try {
            if (ctx instanceof EsqlGrammar.ConstantDefaultContext c) {
                return constant(c.constant());
            }
            if (ctx instanceof EsqlGrammar.DereferenceContext d) {
                return column(d.qualifiedName());
            }
            if (ctx instanceof EsqlGrammar.FunctionContext f) {
                return function(f.functionExpression());
            }
            if (ctx instanceof EsqlGrammar.ParenthesizedExpressionContext p) {
                return expression(p.booleanExpression());
            }
            EsqlGrammar.InlineCastContext cast = (EsqlGrammar.InlineCastContext) ctx;
            return cast(primary(cast.primaryExpression()), cast.dataType(), span(ctx));
        } finally {
            depth--;
        }
    }

    private Expression cast(Expression value, EsqlGrammar.DataTypeContext type, SourceSpan span) {
        String name = identifier(type.identifier());
        if (DataType.fromCastName(name).isEmpty()) {
            throw new EsqlSyntaxException(span(type), "unknown data type named [" + name + "]");
        }
        return new Expression.Cast(value, name, span(type), span);
    }

    private Expression function(EsqlGrammar.FunctionExpressionContext ctx) {
        EsqlGrammar.FunctionNameContext nameCtx = ctx.functionName();
        String written = nameCtx.identifier() != null ? identifier(nameCtx.identifier()) : nameCtx.getText();
        List<Expression> args = new ArrayList<>();
        if (ctx.ASTERISK() != null) {
            args.add(new Expression.Star(span(ctx.ASTERISK().getSymbol())));
        }
        for (EsqlGrammar.BooleanExpressionContext a : ctx.booleanExpression()) {
            args.add(expression(a));
        }
        if (ctx.mapExpression() != null) {
            args.add(map(ctx.mapExpression()));
        }
        return new Expression.FunctionCall(written, written, args, span(nameCtx), span(ctx));
    }

    private Expression.MapLiteral map(EsqlGrammar.MapExpressionContext ctx) {
        List<Expression.MapEntry> entries = new ArrayList<>();
        for (EsqlGrammar.MapEntryContext e : ctx.mapEntry()) {
            entries.add(new Expression.MapEntry(decodeString(e.key), constant(e.value), span(e)));
        }
        return new Expression.MapLiteral(entries, span(ctx));
    }

    private Expression constant(EsqlGrammar.ConstantContext ctx) {
        SourceSpan span = span(ctx);
        if (ctx instanceof EsqlGrammar.NullLiteralContext) {
            return Expression.Literal.nullValue(span);
        }
        if (ctx instanceof EsqlGrammar.QualifiedIntegerLiteralContext q) {
            return timeSpan(q, span);
        }
        if (ctx instanceof EsqlGrammar.DecimalLiteralContext d) {
            return new Expression.Literal(decimal(d.decimalValue()), DataType.DOUBLE, span);
        }
        if (ctx instanceof EsqlGrammar.IntegerLiteralContext i) {
            return integer(i.integerValue(), span);
        }
        if (ctx instanceof EsqlGrammar.BooleanLiteralContext b) {
            return new Expression.Literal(bool(b.booleanValue()), DataType.BOOLEAN, span);
        }
        if (ctx instanceof EsqlGrammar.InputParameterContext p) {
            return parameter(p.parameter(), span);
        }
        if (ctx instanceof EsqlGrammar.StringLiteralContext s) {
            return stringLiteral(s.string());
        }
        if (ctx instanceof EsqlGrammar.BooleanArrayLiteralContext b) {
            return new Expression.Literal(b.booleanValue().stream().map(this::bool).toList(), DataType.BOOLEAN, span);
        }
        if (ctx instanceof EsqlGrammar.StringArrayLiteralContext s) {
            return new Expression.Literal(s.string().stream().map(this::decodeString).toList(), DataType.KEYWORD, span);
        }
        return numericList((EsqlGrammar.NumericArrayLiteralContext) ctx, span);
    }

    private Expression numericList(EsqlGrammar.NumericArrayLiteralContext ctx, SourceSpan span) {
        boolean anyDecimal = ctx.numericValue().stream().anyMatch(n -> n.decimalValue() != null);
        if (anyDecimal) {
            List<Object> values = new ArrayList<>();
            for (EsqlGrammar.NumericValueContext n : ctx.numericValue()) {
                values.add(n.decimalValue() != null ? decimal(n.decimalValue())
                        : new BigInteger(signedText(n.integerValue())).doubleValue());
            }
            return new Expression.Literal(values, DataType.DOUBLE, span);
        }
        List<Expression.Literal> ints = ctx.numericValue().stream().map(n -> integer(n.integerValue(), span(n))).toList();
        DataType widest = DataType.INTEGER;
        for (Expression.Literal l : ints) {
            widest = wider(widest, l.type());
        }
        List<Object> values = new ArrayList<>();
        for (Expression.Literal l : ints) {
            values.add(widen(l.value(), widest));
        }
        return new Expression.Literal(values, widest, span);
    }

    private static DataType wider(DataType a, DataType b) {
        List<DataType> order = List.of(DataType.INTEGER, DataType.LONG, DataType.UNSIGNED_LONG, DataType.DOUBLE);
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }

    private static Object widen(Object value, DataType to) {
        Number n = (Number) value;
        return switch (to) {
            case LONG -> n.longValue();
            case UNSIGNED_LONG -> n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
            case DOUBLE -> n.doubleValue();
            default -> n;
        };
    }

    private Expression.Literal integer(EsqlGrammar.IntegerValueContext ctx, SourceSpan span) {
        BigInteger value = new BigInteger(signedText(ctx));
        if (value.abs().compareTo(MAX_INT) <= 0 && value.compareTo(BigInteger.valueOf(Integer.MIN_VALUE)) >= 0) {
            return new Expression.Literal(value.intValueExact(), DataType.INTEGER, span);
        }
        if (value.compareTo(MAX_LONG) <= 0 && value.compareTo(BigInteger.valueOf(Long.MIN_VALUE)) >= 0) {
            return new Expression.Literal(value.longValueExact(), DataType.LONG, span);
        }
        if (value.signum() > 0 && value.compareTo(MAX_UNSIGNED_LONG) <= 0) {
            return new Expression.Literal(value, DataType.UNSIGNED_LONG, span);
        }
        return new Expression.Literal(value.doubleValue(), DataType.DOUBLE, span);
    }

    private static String signedText(EsqlGrammar.IntegerValueContext ctx) {
        return (ctx.MINUS() != null ? "-" : "") + ctx.INTEGER_LITERAL().getText();
    }

    private double decimal(EsqlGrammar.DecimalValueContext ctx) {
        double v = Double.parseDouble(ctx.DECIMAL_LITERAL().getText());
        if (Double.isInfinite(v)) {
            throw new EsqlSyntaxException(span(ctx), "number [" + ctx.getText() + "] is too large");
        }
        return ctx.MINUS() != null ? -v : v;
    }

    private boolean bool(EsqlGrammar.BooleanValueContext ctx) {
        return ctx.TRUE() != null;
    }

    /** {@code 1 hour}, {@code 7 days}: the units Elasticsearch knows, fixed lengths and calendar periods. */
    private Expression timeSpan(EsqlGrammar.QualifiedIntegerLiteralContext ctx, SourceSpan span) {
        String unit = ctx.UNQUOTED_IDENTIFIER().getText().toLowerCase(Locale.ROOT);
        BigInteger amount = new BigInteger(signedText(ctx.integerValue()));
        if (amount.bitLength() > 31) {
            throw new EsqlSyntaxException(span, "number [" + signedText(ctx.integerValue()) + "] out of [integer] range");
        }
        int n = amount.intValue();
        Object value = switch (unit) {
            case "millisecond", "milliseconds", "ms" -> Duration.ofMillis(n);
            case "second", "seconds", "sec", "s" -> Duration.ofSeconds(n);
            case "minute", "minutes", "min" -> Duration.ofMinutes(n);
            // not a unit of Elasticsearch 8.19 (nor of its source up to 9.3), but Elastic ships a 9.3 rule with it;
            // accepted in 9.x syntax as minutes, the verifier warns
            case "m" -> {
                if (!version.atLeast9()) {
                    throw unknownUnit(ctx, span);
                }
                yield Duration.ofMinutes(n);
            }
            case "hour", "hours", "h" -> Duration.ofHours(n);
            case "day", "days", "d" -> Period.ofDays(n);
            case "week", "weeks", "w" -> Period.ofWeeks(n);
            case "month", "months", "mo" -> Period.ofMonths(n);
            case "quarter", "quarters", "q" -> Period.ofMonths(Math.multiplyExact(n, 3));
            case "year", "years", "yr", "y" -> Period.ofYears(n);
            default -> throw unknownUnit(ctx, span);
        };
        return new Expression.Literal(value, value instanceof Duration ? DataType.TIME_DURATION : DataType.DATE_PERIOD, span);
    }

    private static EsqlSyntaxException unknownUnit(EsqlGrammar.QualifiedIntegerLiteralContext ctx, SourceSpan span) {
        return new EsqlSyntaxException(span, "unexpected time interval qualifier: '"
                + ctx.UNQUOTED_IDENTIFIER().getText() + "'; expected one of millisecond(s)/ms, second(s)/sec/s,"
                + " minute(s)/min, hour(s)/h, day(s)/d, week(s)/w, month(s)/mo, quarter(s)/q, year(s)/yr/y");
    }

    private Expression parameter(EsqlGrammar.ParameterContext ctx, SourceSpan span) {
        if (ctx.PARAM() != null) {
            return new Expression.Param(null, ++anonymousParams, span);
        }
        String text = ctx.getText().substring(1);
        if (Character.isDigit(text.charAt(0))) {
            return new Expression.Param(null, Integer.parseInt(text), span);
        }
        return new Expression.Param(text, 0, span);
    }

    private Expression.Literal stringLiteral(EsqlGrammar.StringContext ctx) {
        return new Expression.Literal(decodeString(ctx), DataType.KEYWORD, span(ctx));
    }

    private Expression.Column column(EsqlGrammar.QualifiedNameContext ctx) {
        return new Expression.Column(qualifiedName(ctx), span(ctx));
    }

    private String qualifiedName(EsqlGrammar.QualifiedNameContext ctx) {
        List<String> parts = new ArrayList<>();
        for (EsqlGrammar.IdentifierContext id : ctx.identifier()) {
            parts.add(identifier(id));
        }
        return String.join(".", parts);
    }

    private static String identifier(EsqlGrammar.IdentifierContext ctx) {
        String text = ctx.getText();
        return ctx.QUOTED_IDENTIFIER() != null ? unquoteIdentifier(text) : text;
    }

    /** {@code `a``b`} → {@code a`b}. */
    static String unquoteIdentifier(String text) {
        return text.substring(1, text.length() - 1).replace("``", "`");
    }

    /** An ID_PATTERN mixes plain and backquoted pieces: {@code host.`my field`*}. */
    private static String unquotePattern(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '`') {
                out.append(c);
                i++;
                continue;
            }
            int j = i + 1;
            while (j < text.length()) {
                if (text.charAt(j) == '`') {
                    if (j + 1 < text.length() && text.charAt(j + 1) == '`') {
                        out.append('`');
                        j += 2;
                        continue;
                    }
                    break;
                }
                out.append(text.charAt(j));
                j++;
            }
            i = j + 1;
        }
        return out.toString();
    }

    private String decodeString(EsqlGrammar.StringContext ctx) {
        return unquoteString(ctx.QUOTED_STRING().getSymbol());
    }

    /** {@code "a\tb"} → a, tab, b; {@code """raw"""} is taken as written. */
    private String unquoteString(Token token) {
        String text = token.getText();
        if (text.startsWith("\"\"\"")) {
            return text.substring(3, text.length() - 3);
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 1; i < text.length() - 1; i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(++i);
            out.append(switch (e) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> e; // the lexer admits only \t \n \r \" \\
            });
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- positions

    private void enter(ParserRuleContext ctx) {
        if (++depth > maxDepth) {
            throw new EsqlSyntaxException(span(ctx), "expression nested too deeply (more than " + maxDepth + " levels)");
        }
    }

    private String text(ParserRuleContext ctx) {
        SourceSpan s = span(ctx);
        return source.text().substring(s.start(), s.end());
    }

    private SourceSpan span(ParserRuleContext ctx) {
        return span(ctx.getStart(), ctx.getStop() != null ? ctx.getStop() : ctx.getStart());
    }

    private SourceSpan span(Token start, Token stop) {
        int from = source.charOffset(start.getStartIndex());
        int to = stop.getType() == Token.EOF ? from : source.charOffset(stop.getStopIndex() + 1);
        return new SourceSpan(from, Math.max(from, to));
    }

    private SourceSpan span(Token token) {
        return span(token, token);
    }
}
