package io.ruleforge.validate;

/** Diagnostic codes of the ATT&CK mapping checks (RF41xx). */
final class AttackCodes {
    static final String UNKNOWN_TACTIC = "RF4101";
    static final String UNKNOWN_TECHNIQUE = "RF4102";
    static final String NOT_IN_TACTIC = "RF4103";
    static final String WRONG_PARENT = "RF4104";
    static final String WRONG_REFERENCE = "RF4105";
    static final String NAME_MISMATCH = "RF4106";
    static final String REVOKED = "RF4107";
    static final String DEPRECATED = "RF4108";

    private AttackCodes() {
    }
}
