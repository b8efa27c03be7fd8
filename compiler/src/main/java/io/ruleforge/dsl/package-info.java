/**
 * Back end from KQL to the Elasticsearch query DSL: {@link io.ruleforge.dsl.DslCompiler} reproduces Kibana's
 * {@code toElasticsearchQuery} per {@link io.ruleforge.kql.KibanaVersion}, with an optional field schema standing in
 * for Kibana's data view and {@link io.ruleforge.dsl.DslOptions} for its config.
 */
package io.ruleforge.dsl;
