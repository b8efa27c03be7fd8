package io.ruleforge.esql.verify;

import io.ruleforge.ql.SourceSpan;

/**
 * One finding of the {@link EsqlVerifier}.
 *
 * @param severity ERROR: Elasticsearch (or Kibana) would reject the query; WARNING: it runs, but probably not as meant
 * @param kind     stable identifier of the kind of problem, e.g. {@code unknown-column} (listed in {@link EsqlVerifier})
 * @param message  a sentence naming the construct
 * @param span     where in the query text
 */
public record EsqlProblem(Severity severity, String kind, String message, SourceSpan span) {

    public enum Severity { ERROR, WARNING, INFO }

    @Override
    public String toString() {
        return severity + " " + kind + " [" + span.start() + "," + span.end() + "): " + message;
    }
}
