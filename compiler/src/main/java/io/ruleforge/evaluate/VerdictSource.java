package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.FieldSchema;

import java.util.List;

/**
 * Who decides whether a rule's query returns an event: the in-process {@link DslEvaluator} (the default) or a
 * real Elasticsearch ({@code io.ruleforge.evaluate.engine.EngineVerdicts}).
 */
public interface VerdictSource {

    /** What decides, for reports: e.g. {@code ruleforge's DSL evaluator} or {@code Elasticsearch 8.19.21 at …}. */
    String description();

    /**
     * The verdict on each event, in order, for one query DSL object.
     *
     * @throws DslEvaluationException when Elasticsearch rejects (or would reject) the query
     */
    List<DslEvaluator.Verdict> decide(JsonNode query, List<? extends JsonNode> events);

    /** The same source deciding for indices with this mapping (each rule is tested against its own indices' mapping). */
    VerdictSource forIndexFields(FieldSchema indexFields);
}
