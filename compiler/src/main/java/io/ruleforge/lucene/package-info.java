/**
 * The query front end of lucene-language rules: Lucene's classic query parser, read into a {@link
 * io.ruleforge.lucene.LuceneNode} tree (the later stages: the DSL back end wraps the text as Kibana does, the
 * evaluator decides it per field type).
 */
package io.ruleforge.lucene;
