/**
 * The ES|QL verifier: {@link io.ruleforge.esql.verify.EsqlVerifier#verify} types a parsed query step by step against
 * the FROM indices' mapping and returns every {@link io.ruleforge.esql.verify.EsqlProblem}.
 */
package io.ruleforge.esql.verify;
