package io.ruleforge.compile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eqlgen.EqlTranslation;
import io.ruleforge.esql.ast.EsqlQuery;
import io.ruleforge.fields.FieldSchema;
import io.ruleforge.kql.KqlQuery;
import io.ruleforge.rule.Rule;

import java.util.Objects;
import java.util.Optional;

/**
 * A rule with what it compiles to. KQL rules have the parsed query, its DSL and its EQL translation; EQL rules
 * have their parsed EQL, ES|QL rules their parsed ES|QL; rules in languages not compiled (yet) have none.
 *
 * @param kql       the parsed KQL query
 * @param dsl       the Elasticsearch query DSL Kibana sends for it (the configured Kibana version and field types)
 * @param eql       the EQL equivalent of the KQL, or why there is none
 * @param eqlSource   the parsed query of an EQL rule
 * @param esqlSource  the parsed query of an ES|QL rule (Kibana sends the query as written)
 * @param indexFields the mapping of the indices the rule searches, as it was compiled against: the harness
 *                    evaluates its fixtures with the same mapping
 */
public record CompiledRule(Rule rule, Optional<KqlQuery> kql, Optional<ObjectNode> dsl, Optional<EqlTranslation> eql,
                           Optional<EqlQuery> eqlSource, Optional<EsqlQuery> esqlSource, FieldSchema indexFields) {

    public CompiledRule {
        Objects.requireNonNull(rule, "rule");
        dsl = dsl.map(ObjectNode::deepCopy);
        Objects.requireNonNull(indexFields, "indexFields");
    }

    public static CompiledRule uncompiled(Rule rule, FieldSchema indexFields) {
        return new CompiledRule(rule, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                indexFields);
    }

    public static CompiledRule eqlRule(Rule rule, EqlQuery query, FieldSchema indexFields) {
        return new CompiledRule(rule, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(query),
                Optional.empty(), indexFields);
    }

    public static CompiledRule esqlRule(Rule rule, EsqlQuery query, FieldSchema indexFields) {
        return new CompiledRule(rule, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(query), indexFields);
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
