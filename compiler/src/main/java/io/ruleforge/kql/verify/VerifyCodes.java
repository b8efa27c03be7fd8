package io.ruleforge.kql.verify;

/** Diagnostic codes of the query verifier (RF40xx). */
public final class VerifyCodes {
    public static final String UNKNOWN_FIELD = "RF4001";
    public static final String CIDR_ON_TYPE = "RF4002";
    public static final String WILDCARD_ON_TYPE = "RF4003";
    public static final String RANGE_ON_TYPE = "RF4004";
    public static final String VALUE_NOT_OF_TYPE = "RF4005";

    private VerifyCodes() {
    }
}
