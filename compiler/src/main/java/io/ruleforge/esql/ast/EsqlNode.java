package io.ruleforge.esql.ast;

import io.ruleforge.ql.SourceSpan;

import java.util.List;

/**
 * Any node of an ES|QL syntax tree. {@link #children()} lists the direct sub-nodes in source order, so generic walks
 * (collect every column reference, find the node at an offset…) need no per-type code.
 */
public interface EsqlNode {

    SourceSpan span();

    /** The direct sub-nodes in source order; empty for leaves. */
    List<? extends EsqlNode> children();
}
