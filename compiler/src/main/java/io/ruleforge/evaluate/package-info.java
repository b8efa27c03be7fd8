/**
 * What Elasticsearch would decide, in process — knows nothing of fixtures or test cases (that is {@code harness}, over it): {@link io.ruleforge.evaluate.DslEvaluator} decides
 * whether a query DSL object (as Kibana's KQL compiler emits it) returns an event, using a
 * {@link io.ruleforge.fields.FieldSchema} for field types and Elasticsearch's dynamic mapping for the rest.
 *
 * <p>Layout: {@code EventFields} reads values out of events; {@code FieldResolver} decides a field's effective
 * type; {@code FieldValues} and its per-type records ({@code KeywordValues}, {@code TextValues},
 * {@code IpValues}, {@code NumericValues}, {@code DateFieldValues}, {@code BooleanValues}) hold the indexed form
 * and implement term/match/phrase/wildcard/range per type; {@code StandardAnalyzer}, {@link io.ruleforge.net.IpAddresses},
 * {@code WildcardPattern} and the shared {@link io.ruleforge.fields.DateValues} are the value-level helpers; {@code QueryDispatcher},
 * {@code BoolQuery} and {@code LeafQueries} interpret the DSL.
 *
 * <p>For many events ({@code replay}): {@link io.ruleforge.evaluate.MatcherCompiler} compiles a query once into a
 * {@link io.ruleforge.evaluate.CompiledQuery} (the same {@code FieldValues} operations, no explanations),
 * {@link io.ruleforge.evaluate.IndexedEvent} shares an event's indexed fields among all rules of one mapping, and
 * {@link io.ruleforge.evaluate.RuleSelector} picks per event the queries whose {@link io.ruleforge.evaluate.RequiredValues}
 * it satisfies.
 */
package io.ruleforge.evaluate;
