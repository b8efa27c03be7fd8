package io.ruleforge.lucene;

/**
 * Why Lucene's parser refused a query, and where: {@code offset} is the 0-based character offset in the query
 * text of the token it could not use (the end of the text when it ran out of input).
 */
public record LuceneSyntaxError(int offset, String message) {
}
