package io.ruleforge.eql;

import io.ruleforge.diag.QueryText;
import io.ruleforge.eql.EqlGrammarParser.*;
import io.ruleforge.ql.ArithmeticOperator;
import io.ruleforge.ql.ComparisonOperator;
import io.ruleforge.ql.SourceSpan;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Turns ANTLR's parse tree into the immutable {@link EqlQuery} AST, rejecting with a positioned
 * {@link EqlSyntaxException} what the grammar admits only to explain (EqlGrammar.g4 header) and what Elasticsearch's
 * parser rejects although it is grammatical: pipes other than head/tail, {@code join}, bad maxspan units, runs out
 * of range.
 */
final class EqlAstBuilder {

    private static final Set<String> TIME_UNITS = Set.of("ms", "s", "m", "h", "d");
    private static final Set<String> KNOWN_UNSUPPORTED_PIPES = Set.of("count", "filter", "sort", "unique", "unique_count", "window");
    private static final int MAX_RUNS = 100;

    private final QueryText source;
    private final int maxDepth;
    private int depth;

    EqlAstBuilder(QueryText source, int maxDepth) {
        this.source = source;
        this.maxDepth = maxDepth;
    }

    EqlQuery build(StatementContext ctx) {
        QueryBody body = query(ctx.body);
        List<Pipe> pipes = new ArrayList<>(ctx.pipes.size());
        for (PipeContext p : ctx.pipes) {
            pipes.add(pipe(p));
        }
        if (!pipes.isEmpty() && body instanceof QueryBody.Sample) {
            throw new EqlSyntaxException(pipes.get(0).span(), "pipes are not supported with sample queries");
        }
        return new EqlQuery(source.text(), body, pipes);
    }

    // ------------------------------------------------------------ queries

    private QueryBody query(QueryContext ctx) {
        if (ctx.legacyJoin != null) {
            throw new EqlSyntaxException(span(ctx.legacyJoin.getStart()), "join is not supported by Elasticsearch; use sequence");
        }
        if (ctx.seq != null) {
            return sequence(ctx.seq);
        }
        if (ctx.smp != null) {
            return sample(ctx.smp);
        }
        return eventQuery(ctx.single);
    }

    private QueryBody.Sequence sequence(SequenceContext ctx) {
        List<Expression> byKeys = List.of();
        Optional<Maxspan> maxspan = Optional.empty();
        SequenceHeaderContext header = ctx.header;
        if (header != null) {
            if (header.by != null && header.maxspan != null
                    && header.maxspan.getStart().getTokenIndex() < header.by.getStart().getTokenIndex()) {
                throw new EqlSyntaxException(span(header.by), "by must be written before with maxspan");
            }
            if (header.by != null) {
                byKeys = byClause(header.by);
            }
            if (header.maxspan != null) {
                maxspan = Optional.of(maxspan(header.maxspan));
            }
        }
        List<QueryBody.SequenceTerm> terms = new ArrayList<>(ctx.terms.size());
        SequenceTermContext untilCtx = ctx.until;
        for (SequenceTermContext t : ctx.terms) {
            terms.add(sequenceTerm(t));
        }
        // `[a] with runs=2` alone is a two-term sequence: runs is a pure syntactic expansion
        if (terms.stream().mapToInt(QueryBody.SequenceTerm::runs).sum() < 2) {
            throw new EqlSyntaxException(span(ctx), "a sequence needs at least two terms");
        }
        Optional<QueryBody.SequenceTerm> until = Optional.empty();
        if (untilCtx != null) {
            QueryBody.SequenceTerm u = sequenceTerm(untilCtx);
            if (u.missing() || u.runs() != 1) {
                throw new EqlSyntaxException(u.span(), "the until term cannot be a missing-event term or have runs");
            }
            until = Optional.of(u);
        }
        return new QueryBody.Sequence(byKeys, maxspan, terms, until, span(ctx));
    }

    private Maxspan maxspan(MaxspanClauseContext ctx) {
        SourceSpan span = span(ctx);
        String number = ctx.amount.getStart().getText();
        if (ctx.amount.getStart().getType() != EqlGrammarLexer.INTEGER_VALUE) {
            throw new EqlSyntaxException(span, "maxspan must be a positive integer followed by a unit (ms, s, m, h, d); found " + number);
        }
        if (ctx.unit == null) {
            throw new EqlSyntaxException(span, "maxspan needs a time unit (ms, s, m, h, d)");
        }
        String unit = ctx.unit.getText();
        if (!TIME_UNITS.contains(unit)) {
            throw new EqlSyntaxException(span(ctx.unit), "unknown time unit " + unit + "; use ms, s, m, h or d");
        }
        long amount = parsePositiveLong(number, span, "maxspan");
        return new Maxspan(amount, unit, span);
    }

    private QueryBody.SequenceTerm sequenceTerm(SequenceTermContext ctx) {
        EventQuery query = eventQuery(ctx.event);
        List<Expression> keys = ctx.by == null ? List.of() : byClause(ctx.by);
        int runs = 1;
        if (ctx.runs != null) {
            SourceSpan span = span(ctx.runs);
            Token count = ctx.runs.count.getStart();
            if (count.getType() != EqlGrammarLexer.INTEGER_VALUE) {
                throw new EqlSyntaxException(span, "runs must be an integer between 1 and " + MAX_RUNS);
            }
            long n = parsePositiveLong(count.getText(), span, "runs");
            if (n > MAX_RUNS) {
                throw new EqlSyntaxException(span, "runs must be an integer between 1 and " + MAX_RUNS);
            }
            runs = (int) n;
        }
        return new QueryBody.SequenceTerm(query, keys, runs, ctx.open.getType() == EqlGrammarLexer.MISSING_LBRACKET, span(ctx));
    }

    private QueryBody.Sample sample(SampleContext ctx) {
        List<Expression> byKeys = ctx.by == null ? List.of() : byClause(ctx.by);
        List<QueryBody.SampleTerm> terms = new ArrayList<>(ctx.terms.size());
        for (SampleTermContext t : ctx.terms) {
            List<Expression> keys = t.by == null ? List.of() : byClause(t.by);
            terms.add(new QueryBody.SampleTerm(eventQuery(t.event), keys, span(t)));
        }
        return new QueryBody.Sample(byKeys, terms, span(ctx));
    }

    private List<Expression> byClause(ByClauseContext ctx) {
        List<Expression> keys = new ArrayList<>(ctx.keys.size());
        for (ExpressionContext e : ctx.keys) {
            keys.add(expression(e));
        }
        return keys;
    }

    private EventQuery eventQuery(EventQueryContext ctx) {
        CategoryContext c = ctx.eventCategory;
        Token token = c.getStart();
        String name;
        if (token.getType() == EqlGrammarLexer.ANY) {
            name = null;
        } else if (token.getType() == EqlGrammarLexer.IDENTIFIER) {
            name = token.getText();
        } else {
            name = string(token);
        }
        return new EventQuery(new EventQuery.Category(name, span(c)), expression(ctx.condition), span(ctx));
    }

    private Pipe pipe(PipeContext ctx) {
        String name = ctx.name.getText();
        SourceSpan span = span(ctx);
        Pipe.Kind kind;
        if (name.equals("head")) {
            kind = Pipe.Kind.HEAD;
        } else if (name.equals("tail")) {
            kind = Pipe.Kind.TAIL;
        } else if (KNOWN_UNSUPPORTED_PIPES.contains(name)) {
            throw new EqlSyntaxException(span(ctx.name), "pipe [" + name + "] is not supported; only head and tail are");
        } else {
            throw new EqlSyntaxException(span(ctx.name), "unknown pipe [" + name + "]; only head and tail are supported");
        }
        List<ExpressionContext> args = ctx.args;
        if (args.size() > 1) {
            throw new EqlSyntaxException(span, name + " takes one argument, a non-negative integer");
        }
        if (args.isEmpty()) {
            throw new EqlSyntaxException(span, name + " needs a non-negative integer, e.g. | " + name + " 10");
        }
        Expression arg = expression(args.get(0));
        if (!(arg instanceof Expression.Literal lit) || !(lit.value() instanceof Long n) || n < 0 || n > Integer.MAX_VALUE) {
            throw new EqlSyntaxException(arg.span(), name + " needs a non-negative integer, found " + textOf(arg.span()));
        }
        return new Pipe(kind, n.intValue(), span);
    }

    // ------------------------------------------------------------ expressions

    // The grammar labels the children read here (ctx.left, ctx.value …): a label is a field, where ANTLR's generated
    // accessors scan the children list on every call, which was a fifth of the time of building the AST.

    /**
     * {@code a and b or c}: the loop's operands grouped as the precedence of and over or says, each group one n-ary
     * node; a single operand is that operand.
     */
    private Expression expression(ExpressionContext ctx) {
        List<NotExpressionContext> operands = ctx.operands;
        List<Token> ops = ctx.ops;
        if (ops.isEmpty()) {
            return not(operands.get(0));
        }
        boolean anyOr = false;
        for (Token op : ops) {
            anyOr |= op.getType() == EqlGrammarLexer.OR;
        }
        if (!anyOr) {
            return and(operands, 0, operands.size());
        }
        enter(ctx);
        try {
            List<Expression> built = new ArrayList<>();
            int from = 0;
            for (int i = 0; i <= ops.size(); i++) {
                if (i == ops.size() || ops.get(i).getType() == EqlGrammarLexer.OR) {
                    built.add(and(operands, from, i + 1));
                    from = i + 1;
                }
            }
            return new Expression.Or(built, span(ctx));
        } finally {
            depth--;
        }
    }

    /** The operands from {@code from} up to {@code to} (exclusive), joined by and: one And node, or the one operand. */
    private Expression and(List<NotExpressionContext> operands, int from, int to) {
        if (to - from == 1) {
            return not(operands.get(from));
        }
        Token first = operands.get(from).getStart();
        Token last = operands.get(to - 1).getStop();
        enter(first, last);
        try {
            List<Expression> built = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                built.add(not(operands.get(i)));
            }
            return new Expression.And(built, span(first, last));
        } finally {
            depth--;
        }
    }

    private Expression not(NotExpressionContext ctx) {
        enter(ctx);
        try {
            if (ctx.operand != null) {
                return new Expression.Not(not(ctx.operand), span(ctx));
            }
            return comparison(ctx);
        } finally {
            depth--;
        }
    }

    private Expression comparison(NotExpressionContext ctx) {
        if (ctx.ops.size() > 1) {
            throw new EqlSyntaxException(span(ctx.ops.get(1)), "comparisons cannot be chained; combine them with and");
        }
        Expression left = arithmetic(ctx.left);
        if (ctx.ops.isEmpty()) {
            return left;
        }
        Token op = ctx.ops.get(0);
        ComparisonOperator operator = switch (op.getType()) {
            case EqlGrammarLexer.EQ -> ComparisonOperator.EQ;
            case EqlGrammarLexer.NEQ -> ComparisonOperator.NEQ;
            case EqlGrammarLexer.LT -> ComparisonOperator.LT;
            case EqlGrammarLexer.LTE -> ComparisonOperator.LTE;
            case EqlGrammarLexer.GT -> ComparisonOperator.GT;
            case EqlGrammarLexer.GTE -> ComparisonOperator.GTE;
            default -> throw new EqlSyntaxException(span(op), "= is not an equality operator; use == or :");
        };
        return new Expression.Comparison(operator, left, arithmetic(ctx.rights.get(0)), span(ctx));
    }

    /**
     * {@code x0 op1 x1 … x(n-1)}: the loop's operands grouped as the precedence of * / % over + - says — the terms of
     * + and - are runs of operands joined by * / % — and each level folded to the left.
     */
    private Expression arithmetic(OperatorExpressionContext ctx) {
        List<UnaryExpressionContext> operands = ctx.operands;
        List<Token> ops = ctx.ops;
        if (ops.isEmpty()) {
            return unary(operands.get(0));
        }
        // termStart[t]: the index of term t's first operand; one more entry marks the end of the last term
        int[] termStart = new int[ops.size() + 2];
        int terms = 1;
        for (int i = 0; i < ops.size(); i++) {
            int type = ops.get(i).getType();
            if (type == EqlGrammarLexer.PLUS || type == EqlGrammarLexer.MINUS) {
                termStart[terms++] = i + 1;
            }
        }
        termStart[terms] = operands.size();
        return foldLeft(terms, operands.get(0).getStart(),
                t -> operands.get(termStart[t + 1] - 1).getStop(),
                t -> ops.get(termStart[t] - 1),
                t -> foldLeft(termStart[t + 1] - termStart[t], operands.get(termStart[t]).getStart(),
                        k -> operands.get(termStart[t] + k).getStop(),
                        k -> ops.get(termStart[t] + k - 1),
                        k -> unary(operands.get(termStart[t] + k))));
    }

    /**
     * Folds {@code n} operands to the left: {@code ((x0 op1 x1) op2 …) x(n-1)}, operand i ending with
     * {@code stopOf(i)} after the operator {@code operatorBefore(i)}. The nesting is counted as the built tree nests
     * (the node for the last operator one level below the caller, {@code x0} n levels below, {@code xi} one below the
     * node whose right side it is), so that an over-long chain is refused at the same node, and the operands are
     * built left to right, so that the first of several errors is the one reported.
     */
    private Expression foldLeft(int n, Token first, IntFunction<Token> stopOf, IntFunction<Token> operatorBefore,
                                IntFunction<Expression> operand) {
        if (n == 1) {
            return operand.apply(0);
        }
        int base = depth;
        if (base + n - 1 > maxDepth) {
            // the outermost node over the limit, counted from the top: it ends with operand n - (maxDepth - base + 1)
            throw tooDeep(span(first, stopOf.apply(n - (maxDepth - base + 1))));
        }
        try {
            depth = base + n - 1;
            Expression result = operand.apply(0);
            for (int i = 1; i < n; i++) {
                depth = base + n - i;
                Expression right = operand.apply(i);
                result = new Expression.Arithmetic(arithmetic(operatorBefore.apply(i)), result, right,
                        span(first, stopOf.apply(i)));
            }
            return result;
        } finally {
            depth = base;
        }
    }

    private static ArithmeticOperator arithmetic(Token op) {
        return switch (op.getType()) {
            case EqlGrammarLexer.PLUS -> ArithmeticOperator.ADD;
            case EqlGrammarLexer.MINUS -> ArithmeticOperator.SUBTRACT;
            case EqlGrammarLexer.ASTERISK -> ArithmeticOperator.MULTIPLY;
            case EqlGrammarLexer.SLASH -> ArithmeticOperator.DIVIDE;
            default -> ArithmeticOperator.MODULO;
        };
    }

    private Expression unary(UnaryExpressionContext ctx) {
        enter(ctx);
        try {
            if (ctx.op == null) {
                Expression operand = operand(ctx);
                return ctx.pred == null ? operand : predicate(operand, ctx.pred, span(ctx));
            }
            Expression operand = unary(ctx.operand);
            if (ctx.op.getType() == EqlGrammarLexer.PLUS) {
                return operand;
            }
            // fold -5 into a literal so that `head -1` and `x == -5` see a constant
            if (operand instanceof Expression.Literal lit && lit.value() instanceof Long n) {
                return new Expression.Literal(-n, span(ctx));
            }
            if (operand instanceof Expression.Literal lit && lit.value() instanceof Double n) {
                return new Expression.Literal(-n, span(ctx));
            }
            return new Expression.Negate(operand, span(ctx));
        } finally {
            depth--;
        }
    }

    private Expression predicate(Expression value, PredicateContext ctx, SourceSpan span) {
        Token kind = ctx.kind;
        if (kind.getType() == EqlGrammarLexer.IN || kind.getType() == EqlGrammarLexer.IN_INSENSITIVE) {
            List<Expression> candidates = new ArrayList<>(ctx.values.size());
            for (ExpressionContext e : ctx.values) {
                candidates.add(expression(e));
            }
            return new Expression.In(value, candidates, kind.getType() == EqlGrammarLexer.IN_INSENSITIVE,
                    ctx.negated != null, span);
        }
        List<ConstantContext> constants = ctx.pattern != null ? List.of(ctx.pattern) : ctx.patterns;
        List<Expression.Literal> patterns = new ArrayList<>(constants.size());
        for (ConstantContext c : constants) {
            patterns.add(constant(c.value));
        }
        Expression.MatchOperator op;
        boolean insensitive;
        switch (kind.getType()) {
            case EqlGrammarLexer.COLON -> { op = Expression.MatchOperator.SEARCH; insensitive = true; }
            case EqlGrammarLexer.LIKE -> { op = Expression.MatchOperator.LIKE; insensitive = false; }
            case EqlGrammarLexer.LIKE_INSENSITIVE -> { op = Expression.MatchOperator.LIKE; insensitive = true; }
            case EqlGrammarLexer.REGEX -> { op = Expression.MatchOperator.REGEX; insensitive = false; }
            default -> { op = Expression.MatchOperator.REGEX; insensitive = true; }
        }
        return new Expression.Match(value, op, insensitive, patterns, span);
    }

    /** A field, literal, function call or parenthesized expression: the alternative whose labels are set. */
    private Expression operand(UnaryExpressionContext ctx) {
        if (!ctx.parts.isEmpty()) {
            Token first = ctx.optional != null ? ctx.optional : ctx.parts.get(0);
            return new Expression.Field(path(ctx.parts), ctx.optional != null,
                    span(first, ctx.parts.get(ctx.parts.size() - 1)));
        }
        if (ctx.value != null) {
            return constant(ctx.value.value);
        }
        if (ctx.function != null) {
            List<Expression> args = new ArrayList<>(ctx.args.size());
            for (ExpressionContext e : ctx.args) {
                args.add(expression(e));
            }
            String name = ctx.function.getText();
            return new Expression.FunctionCall(name, name, ctx.insensitive != null, args, span(ctx.function, ctx.close));
        }
        return expression(ctx.inner);
    }

    /** The dotted path; usually written as it is meant (no quotes, no gaps), then it is the query's own text. */
    private String path(List<Token> parts) {
        Token first = parts.get(0);
        Token previous = first;
        boolean plain = first.getType() == EqlGrammarLexer.IDENTIFIER;
        for (int i = 1; plain && i < parts.size(); i++) {
            Token part = parts.get(i);
            // one character between two parts: the dot
            plain = part.getType() == EqlGrammarLexer.IDENTIFIER && part.getStartIndex() == previous.getStopIndex() + 2;
            previous = part;
        }
        if (plain) {
            return source.text().substring(source.charOffset(first.getStartIndex()), source.charOffset(previous.getStopIndex() + 1));
        }
        StringBuilder path = new StringBuilder();
        for (Token part : parts) {
            if (!path.isEmpty()) {
                path.append('.');
            }
            String text = part.getText();
            if (part.getType() == EqlGrammarLexer.QUOTED_IDENTIFIER) {
                path.append(text.substring(1, text.length() - 1).replace("``", "`"));
            } else {
                path.append(text);
            }
        }
        return path.toString();
    }

    private Expression.Literal constant(Token token) {
        SourceSpan span = span(token);
        switch (token.getType()) {
            case EqlGrammarLexer.NULL:
                return new Expression.Literal(null, span);
            case EqlGrammarLexer.TRUE:
                return new Expression.Literal(true, span);
            case EqlGrammarLexer.FALSE:
                return new Expression.Literal(false, span);
            case EqlGrammarLexer.INTEGER_VALUE:
                String integer = token.getText();
                try {
                    return new Expression.Literal(Long.parseLong(integer), span);
                } catch (NumberFormatException e) {
                    throw new EqlSyntaxException(span, "integer " + integer + " is too large");
                }
            case EqlGrammarLexer.DECIMAL_VALUE:
                String decimal = token.getText();
                double d = Double.parseDouble(decimal);
                if (Double.isInfinite(d)) {
                    throw new EqlSyntaxException(span, "number " + decimal + " is too large");
                }
                return new Expression.Literal(d, span);
            default:
                return new Expression.Literal(StringLiterals.decode(source.text(), span.start(), span.end()), span);
        }
    }

    private String string(Token token) {
        SourceSpan span = span(token);
        return StringLiterals.decode(source.text(), span.start(), span.end());
    }

    // ------------------------------------------------------------ helpers

    private long parsePositiveLong(String text, SourceSpan span, String what) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new EqlSyntaxException(span, what + " " + text + " is too large");
        }
        if (n <= 0) {
            throw new EqlSyntaxException(span, what + " must be a positive integer");
        }
        return n;
    }

    /** Counts nesting while building, so that a pathological tree is refused before it can exhaust the stack. */
    private void enter(ParserRuleContext ctx) {
        if (++depth > maxDepth) {
            throw tooDeep(span(ctx));
        }
    }

    private void enter(Token first, Token last) {
        if (++depth > maxDepth) {
            throw tooDeep(span(first, last));
        }
    }

    private EqlSyntaxException tooDeep(SourceSpan at) {
        return new EqlSyntaxException(at, "expression nested too deeply (more than " + maxDepth + " levels)");
    }

    private String textOf(SourceSpan span) {
        return source.text().substring(span.start(), span.end());
    }

    private SourceSpan span(ParserRuleContext ctx) {
        Token start = ctx.getStart();
        Token stop = ctx.getStop() == null || ctx.getStop().getTokenIndex() < start.getTokenIndex() ? start : ctx.getStop();
        return new SourceSpan(source.charOffset(start.getStartIndex()), source.charOffset(stop.getStopIndex() + 1));
    }

    private SourceSpan span(Token start, Token stop) {
        return new SourceSpan(source.charOffset(start.getStartIndex()), source.charOffset(stop.getStopIndex() + 1));
    }

    private SourceSpan span(Token token) {
        return new SourceSpan(source.charOffset(token.getStartIndex()), source.charOffset(token.getStopIndex() + 1));
    }
}
