package io.ruleforge.diff;

import io.ruleforge.kql.KqlNode;
import io.ruleforge.kql.KqlValue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A canonical text for a KQL query's meaning, so that a reviewer is not shown a change where there is none:
 * whitespace, keyword case, parentheses that change nothing, and the order of {@code and}/{@code or} operands
 * (both commutative) disappear; nested {@code and}s and {@code or}s are flattened.
 */
final class QueryNormalizer {

    private QueryNormalizer() {
    }

    static String canonical(KqlNode node) {
        if (node instanceof KqlNode.And and) {
            return group("and", flatten(and.children(), KqlNode.And.class));
        }
        if (node instanceof KqlNode.Or or) {
            return group("or", flatten(or.children(), KqlNode.Or.class));
        }
        if (node instanceof KqlNode.Not not) {
            return "not " + canonical(not.child());
        }
        if (node instanceof KqlNode.Is is) {
            return (is.field() == null ? "*" : value(is.field())) + ":" + value(is.value());
        }
        if (node instanceof KqlNode.Range range) {
            return value(range.field()) + " " + range.operator().symbol() + " " + value(range.value());
        }
        KqlNode.Nested nested = (KqlNode.Nested) node;
        return value(nested.path()) + ":{ " + canonical(nested.child()) + " }";
    }

    /** The top-level conditions of a query (the operands of its outermost {@code and}), each canonical. */
    static List<String> conditions(KqlNode root) {
        if (root instanceof KqlNode.And and) {
            return flatten(and.children(), KqlNode.And.class).stream().map(QueryNormalizer::canonical).sorted().toList();
        }
        return List.of(canonical(root));
    }

    private static List<KqlNode> flatten(List<KqlNode> children, Class<? extends KqlNode> kind) {
        List<KqlNode> flat = new ArrayList<>();
        for (KqlNode child : children) {
            if (kind.isInstance(child)) {
                flat.addAll(child.children());
            } else {
                flat.add(child);
            }
        }
        return flat.size() == children.size() ? flat : flatten(flat, kind);
    }

    private static String group(String operator, List<KqlNode> children) {
        return "(" + children.stream().map(QueryNormalizer::canonical).sorted()
                .collect(Collectors.joining(" " + operator + " ")) + ")";
    }

    /** Values as KQL would need them written: quoted where they were quoted (quoting changes the query). */
    private static String value(KqlValue value) {
        if (value instanceof KqlValue.Literal literal) {
            return literal.quoted() ? "\"" + literal.text().replace("\\", "\\\\").replace("\"", "\\\"") + "\"" : literal.text();
        }
        StringBuilder sb = new StringBuilder();
        for (KqlValue.Part part : ((KqlValue.Wildcard) value).parts()) {
            sb.append(part instanceof KqlValue.Star ? "*" : ((KqlValue.Text) part).text().replace("*", "\\*"));
        }
        return sb.toString();
    }
}
