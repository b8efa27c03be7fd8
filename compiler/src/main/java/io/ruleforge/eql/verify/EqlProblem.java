package io.ruleforge.eql.verify;

import io.ruleforge.ql.SourceSpan;

/**
 * One finding of the {@link EqlVerifier}.
 *
 * @param severity ERROR: Elasticsearch would reject the query; WARNING: it may work but depends on the indices
 * @param code     stable identifier of the kind of problem, e.g. {@code unknown-field} (see {@link EqlVerifier})
 * @param message  a sentence naming the construct, stable for a given query
 * @param span     where in the query text
 */
public record EqlProblem(Severity severity, String code, String message, SourceSpan span) {

    public enum Severity { ERROR, WARNING }

    @Override
    public String toString() {
        return severity + " " + code + " [" + span.start() + "," + span.end() + "): " + message;
    }
}
