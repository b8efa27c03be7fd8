/**
 * Local evaluation of parsed EQL queries: {@link io.ruleforge.harness.eql.EqlEvaluator} (entry point),
 * {@link io.ruleforge.harness.eql.EqlSettings} (timestamp, category and tiebreaker fields, size, samples per key),
 * {@link io.ruleforge.harness.eql.EqlMatch} (results). Internally: condition evaluation after Elasticsearch's Query DSL
 * translation, value coercion by field type, the sequence state machine, sample grouping, Lucene regex and EQL
 * wildcard matching.
 */
package io.ruleforge.harness.eql;
