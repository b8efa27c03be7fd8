package io.ruleforge.esql;

import io.ruleforge.esql.ast.Expression;
import io.ruleforge.ql.ComparisonOperator;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One canonical text for the shape of an expression, from ruleforge's AST or from Elasticsearch's unresolved
 * expression, so the oracle test can compare them: {@code AND(CMP(COL,LIT),FN:length(COL))}. Operators are
 * grouped (every comparison is CMP) because Elasticsearch's class names and ruleforge's enums differ in detail only.
 */
final class EsqlShapes {

    private static final Map<String, String> ES_NODE = Map.ofEntries(
            Map.entry("And", "AND"), Map.entry("Or", "OR"), Map.entry("Not", "NOT"),
            Map.entry("Equals", "CMP"), Map.entry("NotEquals", "CMP"), Map.entry("LessThan", "CMP"),
            Map.entry("LessThanOrEqual", "CMP"), Map.entry("GreaterThan", "CMP"), Map.entry("GreaterThanOrEqual", "CMP"),
            Map.entry("Add", "ARITH"), Map.entry("Sub", "ARITH"), Map.entry("Mul", "ARITH"), Map.entry("Div", "ARITH"),
            Map.entry("Mod", "ARITH"), Map.entry("Neg", "NEG"), Map.entry("In", "IN"), Map.entry("IsNull", "ISNULL"),
            Map.entry("IsNotNull", "ISNOTNULL"), Map.entry("WildcardLike", "LIKE"), Map.entry("RLike", "LIKE"),
            Map.entry("WildcardLikeList", "LIKE"), Map.entry("RLikeList", "LIKE"),
            Map.entry("UnresolvedAttribute", "COL"), Map.entry("UnresolvedNamedExpression", "COL"),
            Map.entry("Literal", "LIT"), Map.entry("UnresolvedStar", "STAR"), Map.entry("MatchOperator", "MATCH"),
            Map.entry("MapExpression", "MAP"));

    private EsqlShapes() {
    }

    static String shape(Expression e) {
        if (e instanceof Expression.Literal) {
            return "LIT";
        }
        if (e instanceof Expression.Column) {
            return "COL";
        }
        if (e instanceof Expression.Param) {
            return "PARAM";
        }
        if (e instanceof Expression.Star) {
            return "STAR";
        }
        if (e instanceof Expression.MapLiteral) {
            return "MAP";
        }
        if (e instanceof Expression.Not n) {
            return "NOT(" + shape(n.operand()) + ")";
        }
        if (e instanceof Expression.Logical l) {
            return l.operator() + "(" + shape(l.left()) + "," + shape(l.right()) + ")";
        }
        if (e instanceof Expression.Comparison c) {
            // Elasticsearch builds a != b as NOT(a == b)
            String cmp = "CMP(" + shape(c.left()) + "," + shape(c.right()) + ")";
            return c.operator() == ComparisonOperator.NEQ ? "NOT(" + cmp + ")" : cmp;
        }
        if (e instanceof Expression.Arithmetic a) {
            return "ARITH(" + shape(a.left()) + "," + shape(a.right()) + ")";
        }
        if (e instanceof Expression.Negate n) {
            return "NEG(" + shape(n.operand()) + ")";
        }
        if (e instanceof Expression.In in && in.candidates().size() == 1) {
            // Elasticsearch turns a one-candidate IN into a comparison
            return wrapNot(in.negated(), "CMP(" + shapes(in.children()) + ")");
        }
        if (e instanceof Expression.In in) {
            return wrapNot(in.negated(), "IN(" + shapes(in.children()) + ")");
        }
        if (e instanceof Expression.Like l) {
            return wrapNot(l.negated(), "LIKE(" + shape(l.value()) + ")");
        }
        if (e instanceof Expression.IsNull n) {
            return (n.negated() ? "ISNOTNULL(" : "ISNULL(") + shape(n.value()) + ")";
        }
        if (e instanceof Expression.MatchOperator m) {
            return "MATCH(" + shape(m.field()) + "," + shape(m.query()) + ")";
        }
        if (e instanceof Expression.FunctionCall f) {
            return "FN:" + f.name().toLowerCase(Locale.ROOT) + "(" + shapes(f.arguments()) + ")";
        }
        return "CAST(" + shape(((Expression.Cast) e).value()) + ")";
    }

    private static String wrapNot(boolean negated, String inner) {
        return negated ? "NOT(" + inner + ")" : inner;
    }

    private static String shapes(List<? extends Expression> list) {
        return list.stream().map(EsqlShapes::shape).collect(Collectors.joining(","));
    }

    /** The same rendering of an Elasticsearch {@code Expression}, read by reflection. */
    static String esShape(Object expression) throws ReflectiveOperationException {
        String name = expression.getClass().getSimpleName();
        if (name.equals("UnresolvedFunction")) {
            String fn = (String) EsqlOracle.call(expression, "name");
            return "FN:" + fn.toLowerCase(Locale.ROOT) + "(" + esShapes((List<?>) EsqlOracle.call(expression, "children")) + ")";
        }
        if (name.equals("In")) {
            // Elasticsearch lists the candidates before the value among its children
            List<Object> operands = new java.util.ArrayList<>();
            operands.add(EsqlOracle.call(expression, "value"));
            operands.addAll((List<?>) EsqlOracle.call(expression, "list"));
            return "IN(" + esShapes(operands) + ")";
        }
        String node = ES_NODE.get(name);
        if (node == null && name.startsWith("To")) {
            node = "CAST"; // an inline cast x::long becomes the conversion function ToLong(x)
        }
        if (node == null) {
            node = "ES:" + name;
        }
        if (node.equals("LIT") || node.equals("COL") || node.equals("STAR") || node.equals("MAP")) {
            return node;
        }
        List<?> children = (List<?>) EsqlOracle.call(expression, "children");
        if (node.equals("LIKE")) {
            children = children.subList(0, 1);
        }
        return node + "(" + esShapes(children) + ")";
    }

    private static String esShapes(List<?> list) throws ReflectiveOperationException {
        StringBuilder out = new StringBuilder();
        for (Object o : list) {
            if (out.length() > 0) {
                out.append(',');
            }
            out.append(esShape(o));
        }
        return out.toString();
    }
}
