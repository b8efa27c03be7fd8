/**
 * Local evaluation of parsed EQL queries: {@link io.ruleforge.eql.eval.EqlEvaluator} (entry point),
 * {@link io.ruleforge.eql.eval.EqlSettings} (timestamp, category and tiebreaker fields, size, samples per key),
 * {@link io.ruleforge.eql.eval.EqlMatch} (results). Internally: condition evaluation after Elasticsearch's Query DSL
 * translation, value coercion by field type, the sequence state machine, sample grouping, Lucene regex and EQL
 * wildcard matching.
 */
package io.ruleforge.eql.eval;
