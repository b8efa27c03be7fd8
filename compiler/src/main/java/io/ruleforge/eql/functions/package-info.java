/**
 * The Elasticsearch EQL function library — signatures for the verifier, implementations for the evaluator — and
 * the number arithmetic shared with the operators. Look functions up with
 * {@link io.ruleforge.eql.functions.EqlFunctions#lookup} (case-insensitive, like Elasticsearch).
 */
package io.ruleforge.eql.functions;
