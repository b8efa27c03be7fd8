package io.ruleforge.kql;

import io.ruleforge.ql.Node;
import io.ruleforge.ql.SourceSpan;

import java.util.List;

/**
 * A node of the KQL abstract syntax tree. The tree mirrors Kibana's own ({@code function} nodes and, for
 * {@code field:(a or b)} value lists, the field distributed over every leaf), so that back ends can reproduce
 * Kibana's DSL exactly.
 */
public sealed interface KqlNode extends Node<KqlNode> permits KqlNode.And, KqlNode.Or, KqlNode.Not, KqlNode.Is, KqlNode.Range, KqlNode.Nested {

    SourceSpan span();

    /** {@code a and b and c}: one n-ary node per chain, as Kibana 7.12+ parses it. */
    record And(List<KqlNode> children, SourceSpan span) implements KqlNode {
        public And {
            children = List.copyOf(children);
        }
    }

    /** {@code a or b or c}. */
    record Or(List<KqlNode> children, SourceSpan span) implements KqlNode {
        public Or {
            children = List.copyOf(children);
        }
    }

    record Not(KqlNode child, SourceSpan span) implements KqlNode {
        @Override
        public List<KqlNode> children() {
            return List.of(child);
        }
    }

    /**
     * {@code field:value}. {@code field} is null for a bare value (search all fields). {@code *:*} and the empty
     * query are {@code Is(wildcard "*", wildcard "*")}; {@code f:*} is {@code Is(f, wildcard "*")}.
     */
    record Is(KqlValue field, KqlValue value, SourceSpan span) implements KqlNode {
        @Override
        public List<KqlNode> children() {
            return List.of();
        }
    }

    /** {@code field < value} etc. */
    record Range(KqlValue field, RangeOperator operator, KqlValue value, SourceSpan span) implements KqlNode {
        @Override
        public List<KqlNode> children() {
            return List.of();
        }
    }

    /** {@code path:{ child }}; field names inside are relative to {@code path}. */
    record Nested(KqlValue path, KqlNode child, SourceSpan span) implements KqlNode {
        @Override
        public List<KqlNode> children() {
            return List.of(child);
        }
    }
}
