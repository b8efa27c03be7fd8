/**
 * The KQL front end. {@link io.ruleforge.kql.KqlParser#parse} is the one entry point: it turns query text into a
 * {@link io.ruleforge.kql.KqlQuery} (an immutable {@link io.ruleforge.kql.KqlNode} tree shaped like Kibana's) or
 * the first {@link io.ruleforge.kql.KqlSyntaxError}, for the grammar of a given {@link io.ruleforge.kql.KibanaVersion}.
 * The grammar ({@code KqlGrammar.g4}) is compiled by ANTLR at build time; its generated classes
 * ({@code KqlGrammarLexer}, {@code KqlGrammarParser}) are an implementation detail.
 */
package io.ruleforge.kql;
