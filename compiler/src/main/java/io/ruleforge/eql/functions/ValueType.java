package io.ruleforge.eql.functions;

import io.ruleforge.fields.FieldKind;

/**
 * The static type of an EQL expression as far as the verifier can tell, from literals, field mappings and function
 * results. {@link #UNKNOWN} (an unmapped field) is compatible with everything.
 */
public enum ValueType {
    STRING, NUMBER, BOOLEAN, IP, DATE, NULL, UNKNOWN;

    /** Whether a value of this type may be passed where {@code wanted} is expected. */
    public boolean fits(ValueType wanted) {
        return this == wanted || this == UNKNOWN || this == NULL || wanted == UNKNOWN;
    }

    /** The type a field of the given kind reads as; kinds EQL does not compare are {@link #UNKNOWN}. */
    public static ValueType of(FieldKind kind) {
        return switch (kind) {
            case KEYWORD, TEXT -> STRING;
            case NUMBER -> NUMBER;
            case IP -> IP;
            case DATE -> DATE;
            case BOOLEAN -> BOOLEAN;
            case CONTAINER, OTHER, UNMAPPED -> UNKNOWN;
        };
    }
}
