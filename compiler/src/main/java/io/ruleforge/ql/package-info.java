/**
 * The query-language core shared by the front ends (KQL, EQL, and ES|QL next), as Elasticsearch's {@code ql} module
 * serves EQL and SQL: {@link io.ruleforge.ql.ParseHarness} runs a language's ANTLR grammar
 * ({@link io.ruleforge.ql.QlGrammar}) with one error policy and one nesting guard
 * ({@link io.ruleforge.ql.NestingLimit}); {@link io.ruleforge.ql.SyntaxErrorDescriber} positions and words the first
 * error with the language's {@link io.ruleforge.ql.TokenNames}; {@link io.ruleforge.ql.SourceSpan} is every AST
 * node's place in the text; {@link io.ruleforge.ql.Node} gives AST nodes one set of traversals;
 * {@link io.ruleforge.ql.ComparisonOperator} and {@link io.ruleforge.ql.ArithmeticOperator} are the binary operators
 * EQL and ES|QL write and mean alike. Knows no language.
 */
package io.ruleforge.ql;
