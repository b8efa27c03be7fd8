package io.ruleforge.lucene;

/** The outcome of reading a lucene-language query: its tree, or the syntax error. */
public sealed interface LuceneParseResult {

    record Success(LuceneNode root) implements LuceneParseResult {
    }

    record Failure(LuceneSyntaxError error) implements LuceneParseResult {
    }
}
