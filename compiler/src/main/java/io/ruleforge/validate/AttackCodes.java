package io.ruleforge.validate;

import io.ruleforge.diag.Code;

/** Diagnostic codes of the ATT&CK mapping checks (RF41xx). */
final class AttackCodes {
    static final String UNKNOWN_TACTIC = Code.RF4101.id();
    static final String UNKNOWN_TECHNIQUE = Code.RF4102.id();
    static final String NOT_IN_TACTIC = Code.RF4103.id();
    static final String WRONG_PARENT = Code.RF4104.id();
    static final String WRONG_REFERENCE = Code.RF4105.id();
    static final String NAME_MISMATCH = Code.RF4106.id();
    static final String REVOKED = Code.RF4107.id();
    static final String DEPRECATED = Code.RF4108.id();

    private AttackCodes() {
    }
}
