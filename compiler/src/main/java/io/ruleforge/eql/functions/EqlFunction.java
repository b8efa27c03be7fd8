package io.ruleforge.eql.functions;

import java.util.List;

/**
 * The signature and implementation of one Elasticsearch EQL function (EQL_SPEC §3).
 *
 * @param name            canonical camelCase name; lookup is case-insensitive
 * @param required        parameters that must be given
 * @param optional        parameters that may follow
 * @param repeatLast      the last required parameter may repeat ({@code concat}, {@code cidrMatch})
 * @param caseInsensitiveVariant whether {@code name~(…)} is allowed
 * @param result          the type of the result
 * @param body            the implementation
 */
public record EqlFunction(String name, List<Parameter> required, List<Parameter> optional, boolean repeatLast,
                          boolean caseInsensitiveVariant, ValueType result, Body body) {

    public EqlFunction {
        required = List.copyOf(required);
        optional = List.copyOf(optional);
    }

    /**
     * Evaluates a call. Arguments are {@link String}, {@link Long}, {@link Double}, {@link Boolean} or null.
     */
    @FunctionalInterface
    public interface Body {
        Object apply(List<Object> arguments, boolean caseInsensitive);
    }

    public int minArity() {
        return required.size();
    }

    /** The largest number of arguments, or {@link Integer#MAX_VALUE} for repeating parameters. */
    public int maxArity() {
        return repeatLast ? Integer.MAX_VALUE : required.size() + optional.size();
    }

    /** The parameter an argument at {@code index} binds to (index below {@link #maxArity()}). */
    public Parameter parameter(int index) {
        if (index < required.size()) {
            return required.get(index);
        }
        if (repeatLast) {
            return required.get(required.size() - 1);
        }
        return optional.get(index - required.size());
    }

    public Object apply(List<Object> arguments, boolean caseInsensitive) {
        return body.apply(arguments, caseInsensitive);
    }

    /** How the arity reads in a message: {@code 2}, {@code 2 or 3}, {@code at least 1}. */
    public String arityDescription() {
        if (repeatLast) {
            return "at least " + minArity();
        }
        if (optional.isEmpty()) {
            return String.valueOf(minArity());
        }
        return minArity() + " to " + maxArity();
    }
}
