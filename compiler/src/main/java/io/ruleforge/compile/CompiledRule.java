package io.ruleforge.compile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.eqlgen.EqlTranslation;
import io.ruleforge.kql.KqlQuery;
import io.ruleforge.rule.Rule;

import java.util.Objects;
import java.util.Optional;

/**
 * A rule with what it compiles to. KQL rules have all three; rules in languages not compiled (yet) have none.
 *
 * @param kql the parsed query
 * @param dsl the Elasticsearch query DSL Kibana sends for it (the configured Kibana version and field types)
 * @param eql the equivalent EQL, or why there is none
 */
public record CompiledRule(Rule rule, Optional<KqlQuery> kql, Optional<ObjectNode> dsl, Optional<EqlTranslation> eql) {

    public CompiledRule {
        Objects.requireNonNull(rule, "rule");
        dsl = dsl.map(ObjectNode::deepCopy);
    }

    public static CompiledRule uncompiled(Rule rule) {
        return new CompiledRule(rule, Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public Optional<ObjectNode> dsl() {
        return dsl.map(ObjectNode::deepCopy);
    }

    /** The EQL query, when the KQL has an EQL equivalent. */
    public Optional<String> eqlQuery() {
        return eql.filter(EqlTranslation.Expressed.class::isInstance)
                .map(e -> ((EqlTranslation.Expressed) e).query());
    }
}
