package io.ruleforge.kql;

import io.ruleforge.diag.QueryText;
import io.ruleforge.kql.KqlGrammarParser.AndExprContext;
import io.ruleforge.kql.KqlGrammarParser.FieldOrValueContext;
import io.ruleforge.kql.KqlGrammarParser.FieldSuffixContext;
import io.ruleforge.kql.KqlGrammarParser.FieldValuesContext;
import io.ruleforge.kql.KqlGrammarParser.GroupContext;
import io.ruleforge.kql.KqlGrammarParser.LiteralContext;
import io.ruleforge.kql.KqlGrammarParser.NegatedContext;
import io.ruleforge.kql.KqlGrammarParser.NegatedValueContext;
import io.ruleforge.kql.KqlGrammarParser.NestedGroupContext;
import io.ruleforge.kql.KqlGrammarParser.NotExprContext;
import io.ruleforge.kql.KqlGrammarParser.OrExprContext;
import io.ruleforge.kql.KqlGrammarParser.PlainContext;
import io.ruleforge.kql.KqlGrammarParser.PrimaryContext;
import io.ruleforge.kql.KqlGrammarParser.QueryContext;
import io.ruleforge.kql.KqlGrammarParser.QuotedLiteralContext;
import io.ruleforge.kql.KqlGrammarParser.RangeValueContext;
import io.ruleforge.kql.KqlGrammarParser.UnquotedLiteralContext;
import io.ruleforge.kql.KqlGrammarParser.ValueAndContext;
import io.ruleforge.kql.KqlGrammarParser.ValueGroupContext;
import io.ruleforge.kql.KqlGrammarParser.ValueListContext;
import io.ruleforge.kql.KqlGrammarParser.ValueNotContext;
import io.ruleforge.kql.KqlGrammarParser.ValueOrContext;
import io.ruleforge.ql.SourceSpan;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Turns the parser's rule contexts into the immutable {@link KqlNode} tree, shaped like Kibana's: single-element
 * chains are not wrapped, parentheses leave no node, and a {@code field:( … )} value list becomes the same and/or/not
 * tree with the field on every leaf. The contexts are read through the grammar's labels: the parser builds no parse
 * tree (child lists and terminal nodes were a fifth of the time of a parse).
 */
final class KqlAstBuilder {

    private final QueryText source;
    private final LiteralDecoder decoder;

    KqlAstBuilder(QueryText source, KibanaVersion version) {
        this.source = source;
        this.decoder = new LiteralDecoder(version);
    }

    KqlNode build(QueryContext query) {
        if (query.body == null) {
            // Kibana parses an empty or blank query as `*:*`
            SourceSpan all = new SourceSpan(0, source.text().length());
            KqlValue star = new KqlValue.Wildcard(List.of(new KqlValue.Star()), all);
            return new KqlNode.Is(star, star, all);
        }
        return orExpr(query.body);
    }

    private KqlNode orExpr(OrExprContext ctx) {
        if (ctx.operands.size() == 1) {
            return andExpr(ctx.operands.get(0));
        }
        List<KqlNode> children = new ArrayList<>(ctx.operands.size());
        for (AndExprContext and : ctx.operands) {
            children.add(andExpr(and));
        }
        return new KqlNode.Or(children, span(ctx));
    }

    private KqlNode andExpr(AndExprContext ctx) {
        if (ctx.operands.size() == 1) {
            return notExpr(ctx.operands.get(0));
        }
        List<KqlNode> children = new ArrayList<>(ctx.operands.size());
        for (NotExprContext not : ctx.operands) {
            children.add(notExpr(not));
        }
        return new KqlNode.And(children, span(ctx));
    }

    private KqlNode notExpr(NotExprContext ctx) {
        if (ctx instanceof NegatedContext negated) {
            return new KqlNode.Not(primary(negated.operand), span(ctx));
        }
        return primary(((PlainContext) ctx).operand);
    }

    private KqlNode primary(PrimaryContext ctx) {
        if (ctx instanceof GroupContext group) {
            return orExpr(group.body);
        }
        FieldOrValueContext fov = (FieldOrValueContext) ctx;
        KqlValue first = literal(fov.name);
        FieldSuffixContext suffix = fov.suffix;
        if (suffix == null) {
            return new KqlNode.Is(null, first, span(ctx));
        }
        if (suffix instanceof RangeValueContext range) {
            RangeOperator op = switch (range.operator.getStart().getType()) {
                case KqlGrammarLexer.LT -> RangeOperator.LT;
                case KqlGrammarLexer.LTE -> RangeOperator.LTE;
                case KqlGrammarLexer.GT -> RangeOperator.GT;
                default -> RangeOperator.GTE;
            };
            return new KqlNode.Range(first, op, literal(range.value), span(ctx));
        }
        KqlGrammarParser.ColonTargetContext target = ((KqlGrammarParser.ColonSuffixContext) suffix).target;
        if (target instanceof NestedGroupContext nested) {
            return new KqlNode.Nested(first, orExpr(nested.body), span(ctx));
        }
        KqlValue field = first;
        return valueList(((FieldValuesContext) target).values,
                value -> new KqlNode.Is(field, value, new SourceSpan(field.span().start(), value.span().end())));
    }

    private KqlNode valueList(ValueListContext ctx, Function<KqlValue, KqlNode> leaf) {
        if (ctx instanceof ValueGroupContext group) {
            return valueOr(group.body, leaf);
        }
        return leaf.apply(literal(((KqlGrammarParser.SingleValueContext) ctx).value));
    }

    private KqlNode valueOr(ValueOrContext ctx, Function<KqlValue, KqlNode> leaf) {
        if (ctx.operands.size() == 1) {
            return valueAnd(ctx.operands.get(0), leaf);
        }
        List<KqlNode> children = new ArrayList<>(ctx.operands.size());
        for (ValueAndContext and : ctx.operands) {
            children.add(valueAnd(and, leaf));
        }
        return new KqlNode.Or(children, span(ctx));
    }

    private KqlNode valueAnd(ValueAndContext ctx, Function<KqlValue, KqlNode> leaf) {
        if (ctx.operands.size() == 1) {
            return valueNot(ctx.operands.get(0), leaf);
        }
        List<KqlNode> children = new ArrayList<>(ctx.operands.size());
        for (ValueNotContext not : ctx.operands) {
            children.add(valueNot(not, leaf));
        }
        return new KqlNode.And(children, span(ctx));
    }

    private KqlNode valueNot(ValueNotContext ctx, Function<KqlValue, KqlNode> leaf) {
        if (ctx instanceof NegatedValueContext negated) {
            return new KqlNode.Not(valueList(negated.operand, leaf), span(ctx));
        }
        return valueList(((KqlGrammarParser.PlainValueContext) ctx).operand, leaf);
    }

    private KqlValue literal(LiteralContext ctx) {
        SourceSpan span = span(ctx);
        if (ctx instanceof QuotedLiteralContext quoted) {
            return decoder.quoted(quoted.text.getText(), span);
        }
        return decoder.unquoted(((UnquotedLiteralContext) ctx).unquoted.parts, span);
    }

    /** Char span of a rule without trailing whitespace (terms swallow it, Kibana trims it). */
    private SourceSpan span(ParserRuleContext ctx) {
        int start = source.charOffset(ctx.start.getStartIndex());
        Token stop = ctx.stop != null ? ctx.stop : ctx.start;
        int end = source.charOffset(stop.getStopIndex() + 1);
        while (end > start && LiteralDecoder.isJsWhitespace(source.text().charAt(end - 1))) {
            end--;
        }
        return new SourceSpan(start, Math.max(start, end));
    }
}
