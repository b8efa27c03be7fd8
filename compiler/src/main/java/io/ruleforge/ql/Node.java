package io.ruleforge.ql;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A node of a query-language AST that knows its children, so that questions about a whole tree ("does it read a
 * field?", "every field it names") are asked once with these traversals instead of one hand-written recursion per
 * question that may forget a node kind. Modelled on Elasticsearch's {@code ql} {@code Node}.
 *
 * <p>The traversals use an explicit stack, so they are safe on the deepest trees the parsers accept.
 *
 * @param <T> the AST's own node type (e.g. {@code Expression}, {@code KqlNode})
 */
public interface Node<T extends Node<T>> {

    /** The direct sub-nodes of the same AST, in source order; empty for leaves. */
    List<T> children();

    /** This node, if it is a {@code T}. */
    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Whether this node or any node below it satisfies the predicate (stops at the first that does). */
    default boolean anyMatch(Predicate<? super T> predicate) {
        Deque<T> pending = new ArrayDeque<>();
        pending.push(self());
        while (!pending.isEmpty()) {
            T node = pending.pop();
            if (predicate.test(node)) {
                return true;
            }
            pushChildren(pending, node);
        }
        return false;
    }

    /** Visits this node, then its descendants, depth first in source order (pre-order). */
    default void forEachDown(Consumer<? super T> action) {
        Deque<T> pending = new ArrayDeque<>();
        pending.push(self());
        while (!pending.isEmpty()) {
            T node = pending.pop();
            action.accept(node);
            pushChildren(pending, node);
        }
    }

    /** Visits the nodes of the given type in this subtree, pre-order. */
    default <N> void forEachDown(Class<N> type, Consumer<? super N> action) {
        forEachDown(node -> {
            if (type.isInstance(node)) {
                action.accept(type.cast(node));
            }
        });
    }

    private static <T extends Node<T>> void pushChildren(Deque<T> pending, T node) {
        List<T> children = node.children();
        for (int i = children.size() - 1; i >= 0; i--) {
            pending.push(children.get(i));
        }
    }
}
