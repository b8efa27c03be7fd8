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
 * Turns the parse tree into the immutable {@link KqlNode} tree, shaped like Kibana's: single-element chains are not
 * wrapped, parentheses leave no node, and a {@code field:( … )} value list becomes the same and/or/not tree with the
 * field on every leaf.
 */
final class KqlAstBuilder {

    private final QueryText source;
    private final LiteralDecoder decoder;

    KqlAstBuilder(QueryText source, KibanaVersion version) {
        this.source = source;
        this.decoder = new LiteralDecoder(version);
    }

    KqlNode build(QueryContext query) {
        if (query.orExpr() == null) {
            // Kibana parses an empty or blank query as `*:*`
            SourceSpan all = new SourceSpan(0, source.text().length());
            KqlValue star = new KqlValue.Wildcard(List.of(new KqlValue.Star()), all);
            return new KqlNode.Is(star, star, all);
        }
        return orExpr(query.orExpr());
    }

    private KqlNode orExpr(OrExprContext ctx) {
        List<KqlNode> children = new ArrayList<>();
        for (AndExprContext and : ctx.andExpr()) {
            children.add(andExpr(and));
        }
        return children.size() == 1 ? children.get(0) : new KqlNode.Or(children, span(ctx));
    }

    private KqlNode andExpr(AndExprContext ctx) {
        List<KqlNode> children = new ArrayList<>();
        for (NotExprContext not : ctx.notExpr()) {
            children.add(notExpr(not));
        }
        return children.size() == 1 ? children.get(0) : new KqlNode.And(children, span(ctx));
    }

    private KqlNode notExpr(NotExprContext ctx) {
        if (ctx instanceof NegatedContext negated) {
            return new KqlNode.Not(primary(negated.primary()), span(ctx));
        }
        return primary(((PlainContext) ctx).primary());
    }

    private KqlNode primary(PrimaryContext ctx) {
        if (ctx instanceof GroupContext group) {
            return orExpr(group.orExpr());
        }
        FieldOrValueContext fov = (FieldOrValueContext) ctx;
        KqlValue first = literal(fov.literal());
        FieldSuffixContext suffix = fov.fieldSuffix();
        if (suffix == null) {
            return new KqlNode.Is(null, first, span(ctx));
        }
        if (suffix instanceof RangeValueContext range) {
            RangeOperator op = switch (range.rangeOperator().getStart().getType()) {
                case KqlGrammarLexer.LT -> RangeOperator.LT;
                case KqlGrammarLexer.LTE -> RangeOperator.LTE;
                case KqlGrammarLexer.GT -> RangeOperator.GT;
                default -> RangeOperator.GTE;
            };
            return new KqlNode.Range(first, op, literal(range.literal()), span(ctx));
        }
        KqlGrammarParser.ColonTargetContext target = ((KqlGrammarParser.ColonSuffixContext) suffix).colonTarget();
        if (target instanceof NestedGroupContext nested) {
            return new KqlNode.Nested(first, orExpr(nested.orExpr()), span(ctx));
        }
        KqlValue field = first;
        return valueList(((FieldValuesContext) target).valueList(),
                value -> new KqlNode.Is(field, value, new SourceSpan(field.span().start(), value.span().end())));
    }

    private KqlNode valueList(ValueListContext ctx, Function<KqlValue, KqlNode> leaf) {
        if (ctx instanceof ValueGroupContext group) {
            return valueOr(group.valueOr(), leaf);
        }
        return leaf.apply(literal(((KqlGrammarParser.SingleValueContext) ctx).literal()));
    }

    private KqlNode valueOr(ValueOrContext ctx, Function<KqlValue, KqlNode> leaf) {
        List<KqlNode> children = new ArrayList<>();
        for (ValueAndContext and : ctx.valueAnd()) {
            children.add(valueAnd(and, leaf));
        }
        return children.size() == 1 ? children.get(0) : new KqlNode.Or(children, span(ctx));
    }

    private KqlNode valueAnd(ValueAndContext ctx, Function<KqlValue, KqlNode> leaf) {
        List<KqlNode> children = new ArrayList<>();
        for (ValueNotContext not : ctx.valueNot()) {
            children.add(valueNot(not, leaf));
        }
        return children.size() == 1 ? children.get(0) : new KqlNode.And(children, span(ctx));
    }

    private KqlNode valueNot(ValueNotContext ctx, Function<KqlValue, KqlNode> leaf) {
        if (ctx instanceof NegatedValueContext negated) {
            return new KqlNode.Not(valueList(negated.valueList(), leaf), span(ctx));
        }
        return valueList(((KqlGrammarParser.PlainValueContext) ctx).valueList(), leaf);
    }

    private KqlValue literal(LiteralContext ctx) {
        SourceSpan span = span(ctx);
        if (ctx instanceof QuotedLiteralContext quoted) {
            return decoder.quoted(quoted.QUOTED().getText(), span);
        }
        return decoder.unquoted(unquotedTokens((UnquotedLiteralContext) ctx), span);
    }

    private static List<Token> unquotedTokens(UnquotedLiteralContext ctx) {
        List<Token> tokens = new ArrayList<>();
        collectTokens(ctx, tokens);
        return tokens;
    }

    private static void collectTokens(org.antlr.v4.runtime.tree.ParseTree tree, List<Token> out) {
        if (tree instanceof org.antlr.v4.runtime.tree.TerminalNode terminal) {
            out.add(terminal.getSymbol());
            return;
        }
        for (int i = 0; i < tree.getChildCount(); i++) {
            collectTokens(tree.getChild(i), out);
        }
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
