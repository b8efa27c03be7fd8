package io.ruleforge.eql.verify;

import io.ruleforge.eql.EqlQuery;
import io.ruleforge.eql.EventQuery;
import io.ruleforge.eql.Expression;
import io.ruleforge.eql.QueryBody;
import io.ruleforge.fields.FieldSchema;

import java.util.List;
import java.util.Objects;

/**
 * Checks a parsed query for what Elasticsearch rejects after parsing, given the field types of the rule's indices,
 * and reports every problem found (not just the first).
 *
 * <p>Errors (Elasticsearch would refuse the query): {@code inconsistent-join-keys}, {@code missing-event-needs-maxspan},
 * {@code missing-event-needs-positive-term}, {@code sample-needs-join-key}, {@code sample-too-many-filters},
 * {@code field-comparison}, {@code unknown-function}, {@code function-arity}, {@code function-case-insensitive},
 * {@code function-constant-argument}, {@code invalid-cidr}, {@code invalid-ip}, {@code argument-type} (string
 * operators and functions on non-string fields, math on strings, cidrMatch on a non-ip field),
 * {@code pattern-not-string}, {@code text-field}, {@code object-field}, {@code nested-field}.
 *
 * <p>Warnings: {@code unknown-field} (not in the schema and not written {@code ?field}; Elasticsearch fails only if
 * the field is unmapped in the actual indices, and many integration fields are not ECS), {@code regex-not-evaluable}
 * (valid for Elasticsearch but uses Lucene operators the local evaluator cannot run). With
 * {@link FieldSchema#none()} no field-dependent problem is reported.
 */
public final class EqlVerifier {

    private final FieldSchema schema;

    public EqlVerifier(FieldSchema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
    }

    /** Every problem of the query, in query order within each kind of check; empty when there is none. */
    public List<EqlProblem> verify(EqlQuery query) {
        ProblemCollector problems = new ProblemCollector();
        new StructureChecks(problems).check(query);
        ExpressionChecks expressions = new ExpressionChecks(schema, problems);
        QueryBody body = query.body();
        if (body instanceof QueryBody.Sequence seq) {
            seq.byKeys().forEach(expressions::check);
            for (QueryBody.SequenceTerm t : seq.terms()) {
                term(t.query(), t.byKeys(), expressions);
            }
            seq.until().ifPresent(t -> term(t.query(), t.byKeys(), expressions));
        } else if (body instanceof QueryBody.Sample sample) {
            sample.byKeys().forEach(expressions::check);
            for (QueryBody.SampleTerm t : sample.terms()) {
                term(t.query(), t.byKeys(), expressions);
            }
        } else {
            expressions.check(((EventQuery) body).condition());
        }
        return problems.problems();
    }

    private static void term(EventQuery query, List<Expression> keys, ExpressionChecks expressions) {
        expressions.check(query.condition());
        keys.forEach(expressions::check);
    }
}
