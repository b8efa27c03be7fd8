package io.ruleforge.dsl;

import io.ruleforge.kql.Span;

/**
 * Kibana refuses to translate a parsed query (e.g. a nested field queried outside its nested group). The message is
 * Kibana's; {@link #span()} locates the offending node in the query text.
 */
public final class DslTranslationException extends RuntimeException {

    private final transient Span span;

    public DslTranslationException(String message, Span span) {
        super(message);
        this.span = span;
    }

    public Span span() {
        return span;
    }
}
