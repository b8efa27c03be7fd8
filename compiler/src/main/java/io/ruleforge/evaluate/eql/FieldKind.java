package io.ruleforge.evaluate.eql;

import io.ruleforge.fields.FieldMapping;

/** How the evaluator compares a field's values, from its mapping (or, unmapped, from the JSON value itself). */
enum FieldKind {
    STRING, NUMBER, IP, DATE, BOOLEAN, UNMAPPED;

    static FieldKind of(FieldMapping mapping) {
        if (mapping == null) {
            return UNMAPPED;
        }
        if (mapping.isNumeric()) {
            return NUMBER;
        }
        if (mapping.isIp()) {
            return IP;
        }
        if (mapping.isDate()) {
            return DATE;
        }
        if (mapping.type().equals("boolean")) {
            return BOOLEAN;
        }
        return mapping.isKeywordLike() || mapping.isText() ? STRING : UNMAPPED;
    }
}
