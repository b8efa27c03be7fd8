package io.ruleforge.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import io.ruleforge.fields.FieldSchema;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Decides, in process, whether Elasticsearch would return an event for a query DSL object (as Kibana's KQL
 * compiler emits it), given the field types of the index (a {@link FieldSchema}; fields it does not know get
 * Elasticsearch's dynamic mapping).
 *
 * <p>Covered: {@code bool} (must/filter/should/must_not, minimum_should_match), {@code match_all},
 * {@code match_none}, {@code constant_score}, {@code match}, {@code match_phrase}, {@code multi_match},
 * {@code term}, {@code terms}, {@code wildcard}, {@code query_string} (escaped wildcard terms), {@code exists},
 * {@code range}, {@code nested}. A query Elasticsearch would reject throws {@link DslEvaluationException}.
 *
 * <p>Immutable and thread-safe.
 */
public final class DslEvaluator implements VerdictSource {

    /**
     * @param matched     whether Elasticsearch would return the event
     * @param explanation one line naming the deciding clause by path, e.g.
     *                    {@code bool.filter[1]: no value of event.action equals "…"}
     */
    public record Verdict(boolean matched, String explanation) {
    }

    private final FieldSchema schema;
    private final QueryDispatcher dispatcher;
    private final Clock clock;

    public DslEvaluator(FieldSchema schema) {
        this(schema, Clock.systemUTC());
    }

    /** {@code clock} fixes what {@code now} means in date math, for reproducible tests. */
    public DslEvaluator(FieldSchema schema, Clock clock) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.dispatcher = new QueryDispatcher(new FieldResolver(schema));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @param query a query DSL object such as {@code {"bool":{...}}} (the value of a search body's {@code query})
     * @param event the event document as it would be indexed
     * @throws DslEvaluationException when Elasticsearch would reject the query, or it uses DSL this evaluator does
     *                                not model
     */
    public Verdict evaluate(JsonNode query, JsonNode event) {
        Objects.requireNonNull(event, "event");
        EvaluationScope root = new EvaluationScope(event, null, clock.instant());
        ClauseVerdict outcome = dispatcher.evaluate(query, root, "");
        String rootType = query.fieldNames().next();
        return new Verdict(outcome.matched(), outcome.explanation(rootType));
    }

    @Override
    public String description() {
        return "ruleforge's in-process DSL evaluator";
    }

    @Override
    public DslEvaluator forIndexFields(FieldSchema indexFields) {
        return indexFields == schema ? this : new DslEvaluator(indexFields, clock);
    }

    /** Evaluates the query on each event; a query Elasticsearch would reject throws on the first. */
    @Override
    public List<Verdict> decide(JsonNode query, List<? extends JsonNode> events) {
        return events.stream().map(event -> evaluate(query, event)).toList();
    }
}
