/**
 * The immutable syntax tree of an ES|QL query: an {@link io.ruleforge.esql.ast.EsqlQuery} is a list of
 * {@link io.ruleforge.esql.ast.Command}s (pipeline steps) over {@link io.ruleforge.esql.ast.Expression}s. Every node
 * is an {@link io.ruleforge.esql.ast.EsqlNode} with a {@link io.ruleforge.ql.SourceSpan} in the query text and its
 * {@code children()}. Names are not resolved here: the verifier binds columns to types step by step.
 */
package io.ruleforge.esql.ast;
