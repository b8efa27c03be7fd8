/**
 * Local evaluation of parsed EQL queries: {@link io.ruleforge.evaluate.eql.EqlEvaluator} (entry point),
 * {@link io.ruleforge.evaluate.eql.EqlSettings} (timestamp, category and tiebreaker fields, size, samples per key),
 * {@link io.ruleforge.evaluate.eql.EqlMatch} (results). Internally: condition evaluation after Elasticsearch's Query DSL
 * translation, value coercion by field type, the sequence state machine, sample grouping, Lucene regex and EQL
 * wildcard matching.
 */
package io.ruleforge.evaluate.eql;
