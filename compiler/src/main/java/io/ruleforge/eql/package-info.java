/**
 * The EQL front end, verifier and evaluator for Elasticsearch 8.x/9.x EQL (shared/specs/EQL_SPEC.md).
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link io.ruleforge.eql.EqlParser#parse(String)} → {@link io.ruleforge.eql.EqlParseResult}: an immutable
 *       {@link io.ruleforge.eql.EqlQuery} AST ({@link io.ruleforge.eql.QueryBody}, {@link io.ruleforge.eql.EventQuery},
 *       {@link io.ruleforge.eql.Expression}, each node with its {@link io.ruleforge.ql.SourceSpan}) or the first
 *       {@link io.ruleforge.eql.EqlSyntaxError}. Never throws.</li>
 *   <li>{@link io.ruleforge.eql.verify.EqlVerifier#verify} → every {@link io.ruleforge.eql.verify.EqlProblem} that
 *       Elasticsearch would reject (errors) or that depends on the indices' mappings (warnings).</li>
 *   <li>{@link io.ruleforge.evaluate.eql.EqlEvaluator#evaluate} → {@link io.ruleforge.evaluate.eql.EqlMatch}es over local
 *       event documents, with Elasticsearch's case, wildcard, null, ordering and sequence semantics.</li>
 * </ul>
 * The grammar ({@code EqlGrammar.g4}) is compiled by ANTLR at build time; its generated classes are an
 * implementation detail.
 */
package io.ruleforge.eql;
