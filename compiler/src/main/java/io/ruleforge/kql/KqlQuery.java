package io.ruleforge.kql;

import java.util.Objects;

/**
 * A successfully parsed KQL query.
 *
 * @param text the query exactly as given (spans in the tree index into it)
 * @param root the syntax tree; the empty query is {@code Is(*, *)}
 */
public record KqlQuery(String text, KqlNode root) {
    public KqlQuery {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(root, "root");
    }
}
