package io.ruleforge.fields;

/**
 * A mapping ruleforge cannot decide a query on (a keyword normalizer or a date format it does not model) — not one
 * Elasticsearch would refuse: a verdict there would be a guess, so the run says which mapping and why instead.
 */
public final class NotModelledException extends IllegalArgumentException {
    public NotModelledException(String message) {
        super(message);
    }
}
