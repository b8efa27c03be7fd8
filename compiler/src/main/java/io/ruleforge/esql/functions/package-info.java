/**
 * The ES|QL function signatures — name, kind (scalar, aggregate, grouping), parameters with their accepted types,
 * arity, result type — for the verifier and the evaluator. Look functions up with
 * {@link io.ruleforge.esql.functions.EsqlFunctions#lookup} (case-insensitive, like Elasticsearch).
 */
package io.ruleforge.esql.functions;
