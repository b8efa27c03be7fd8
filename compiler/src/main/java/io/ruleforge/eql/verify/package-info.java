/**
 * Checks Elasticsearch makes after parsing, against a {@link io.ruleforge.fields.FieldSchema}:
 * {@link io.ruleforge.eql.verify.EqlVerifier} reports every {@link io.ruleforge.eql.verify.EqlProblem} with a stable
 * code (listed on the verifier), message and span.
 */
package io.ruleforge.eql.verify;
