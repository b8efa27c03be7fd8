package io.ruleforge.dsl;

import io.ruleforge.ql.SourceSpan;

/**
 * Kibana refuses to translate a parsed query (e.g. a nested field queried outside its nested group). The message is
 * Kibana's; {@link #span()} locates the offending node in the query text.
 */
public final class DslTranslationException extends RuntimeException {

    private final transient SourceSpan span;

    public DslTranslationException(String message, SourceSpan span) {
        super(message);
        this.span = span;
    }

    public SourceSpan span() {
        return span;
    }
}
