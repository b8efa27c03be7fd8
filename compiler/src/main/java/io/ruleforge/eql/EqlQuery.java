package io.ruleforge.eql;

import java.util.List;

/**
 * A parsed EQL statement: one event, sequence or sample query and its pipes.
 *
 * @param text  the query text as given to the parser (spans index into it)
 * @param body  the query proper
 * @param pipes {@code head}/{@code tail} pipes in order; empty when there are none
 */
public record EqlQuery(String text, QueryBody body, List<Pipe> pipes) {

    public EqlQuery {
        pipes = List.copyOf(pipes);
    }

    /** Every event filter of the query in textual order (one for an event query; one per term otherwise). */
    public List<EventQuery> eventQueries() {
        return body.eventQueries();
    }
}
