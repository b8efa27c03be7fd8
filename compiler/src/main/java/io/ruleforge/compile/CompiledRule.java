package io.ruleforge.compile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ruleforge.dsl.KibanaFilters;
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
 * @param filters     the rule's enabled Kibana {@code filters} and its exception items as one query
 *                    ({@link KibanaFilters#of}), which the detection engine ANDs with the query (an EQL search takes
 *                    them as its filter); empty when none
 * @param exceptionFilter the Kibana filter of the rule's exception items alone ({@code ExceptionFilter}), part of
 *                    {@code filters}: an indicator match rule's threat search takes it too
 */
public record CompiledRule(Rule rule, Optional<KqlQuery> kql, Optional<ObjectNode> dsl, Optional<EqlTranslation> eql,
                           Optional<EqlQuery> eqlSource, Optional<EsqlQuery> esqlSource, FieldSchema indexFields,
                           Optional<ObjectNode> filters, Optional<ObjectNode> exceptionFilter) {

    public CompiledRule {
        Objects.requireNonNull(rule, "rule");
        dsl = dsl.map(ObjectNode::deepCopy);
        Objects.requireNonNull(indexFields, "indexFields");
        filters = filters.map(ObjectNode::deepCopy);
        exceptionFilter = exceptionFilter.map(ObjectNode::deepCopy);
    }

    /** A rule without exception items. */
    public CompiledRule(Rule rule, Optional<KqlQuery> kql, Optional<ObjectNode> dsl, Optional<EqlTranslation> eql,
                        Optional<EqlQuery> eqlSource, Optional<EsqlQuery> esqlSource, FieldSchema indexFields,
                        Optional<ObjectNode> filters) {
        this(rule, kql, dsl, eql, eqlSource, esqlSource, indexFields, filters, Optional.empty());
    }

    public static CompiledRule uncompiled(Rule rule, FieldSchema indexFields) {
        return new CompiledRule(rule, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                indexFields, Optional.empty());
    }

    public static CompiledRule eqlRule(Rule rule, EqlQuery query, FieldSchema indexFields, Optional<ObjectNode> filters) {
        return new CompiledRule(rule, Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(query),
                Optional.empty(), indexFields, filters);
    }

    /** This rule with the filters the detection engine adds to its query: its own and its exception items'. */
    public CompiledRule withFilters(Optional<ObjectNode> filters, Optional<ObjectNode> exceptionFilter) {
        return new CompiledRule(rule, kql, dsl, eql, eqlSource, esqlSource, indexFields, filters, exceptionFilter);
    }

    public static CompiledRule esqlRule(Rule rule, EsqlQuery query, FieldSchema indexFields) {
        return new CompiledRule(rule, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(query), indexFields, Optional.empty());
    }

    /** The query's DSL alone, as Kibana translates the query (what {@code compile} writes as {@code dsl}). */
    @Override
    public Optional<ObjectNode> dsl() {
        return dsl.map(ObjectNode::deepCopy);
    }

    @Override
    public Optional<ObjectNode> filters() {
        return filters.map(ObjectNode::deepCopy);
    }

    @Override
    public Optional<ObjectNode> exceptionFilter() {
        return exceptionFilter.map(ObjectNode::deepCopy);
    }

    /**
     * What the detection engine searches with: the query's DSL ANDed with the rule's filters (the DSL alone when it
     * has none). Every verdict on events — fixtures, alert cases, replay, live mode, backtest — is this query's.
     */
    public Optional<ObjectNode> searchDsl() {
        return filters.isEmpty() ? dsl() : dsl.map(d -> KibanaFilters.and(d, filters.get()));
    }

    /** The EQL query, when the KQL has an EQL equivalent. */
    public Optional<String> eqlQuery() {
        return eql.filter(EqlTranslation.Expressed.class::isInstance)
                .map(e -> ((EqlTranslation.Expressed) e).query());
    }
}
