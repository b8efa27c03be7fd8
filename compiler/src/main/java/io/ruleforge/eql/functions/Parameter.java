package io.ruleforge.eql.functions;

/**
 * One formal parameter of an EQL function.
 *
 * @param name         as in the Elasticsearch function reference, for messages
 * @param type         the accepted type; {@link ValueType#UNKNOWN} accepts any
 * @param mustBeConstant Elasticsearch requires a literal here (CIDR blocks, the base of {@code number})
 */
public record Parameter(String name, ValueType type, boolean mustBeConstant) {

    static Parameter of(String name, ValueType type) {
        return new Parameter(name, type, false);
    }

    static Parameter constant(String name, ValueType type) {
        return new Parameter(name, type, true);
    }
}
